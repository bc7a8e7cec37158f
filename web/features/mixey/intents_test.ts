import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { recognise } from "./intents.ts";

const own = { email: "ana@example.com", mixeraId: "MXR-ANA23456" };
const topics = (question: string) => recognise(question, own).topics;

describe("MIXEY intent recognition", () => {
  it("understands English account questions", () => {
    assert.equal(topics("Which badges do I have and how do I earn the next one?")[0], "badges");
    assert.equal(topics("Explain my DJ statistics")[0], "stats");
    assert.equal(topics("Is my controller still under warranty?")[0], "devices");
    assert.equal(topics("Which firmware runs on my mixer?")[0], "devices");
    assert.equal(topics("What email address is on my account?")[0], "account");
    assert.equal(topics("How much cloud storage do I have left?")[0], "cloud");
  });

  it("understands German phrasing, inflected words included", () => {
    assert.equal(topics("Welche Abzeichen habe ich schon?")[0], "badges");
    assert.equal(topics("Erkläre meine Statistiken")[0], "stats");
    assert.equal(topics("Erkläre meine DJ-Statistiken")[0], "stats");
    assert.equal(topics("Wann läuft die Garantie meiner Geräte ab?")[0], "devices");
    assert.equal(topics("Wie sind meine Kontoeinstellungen?")[0], "account");
    assert.equal(topics("Wie viel Speicherplatz habe ich in der Cloud?")[0], "cloud");
  });

  it("finds every topic of a question that asks two things", () => {
    assert.deepEqual(
      new Set(topics("How many devices do I have and how full is my cloud library?")),
      new Set(["devices", "cloud"]),
    );
  });

  it("recognises nothing in a question off its topics", () => {
    assert.deepEqual(topics("What is the weather in Berlin?"), []);
  });

  it("flags questions about another account, but not the user's own address or ID", () => {
    assert.equal(recognise("Which devices does bob@example.com have?", own).aboutSomeoneElse, true);
    assert.equal(recognise("Show the devices of MXR-BEN23456", own).aboutSomeoneElse, true);
    assert.equal(recognise("What badges does another user have?", own).aboutSomeoneElse, true);
    assert.equal(recognise("Welche Geräte hat ein anderer Nutzer?", own).aboutSomeoneElse, true);
    assert.equal(recognise("Is ana@example.com my login address?", own).aboutSomeoneElse, false);
    assert.equal(recognise("Is my Mixera ID MXR-ANA23456?", own).aboutSomeoneElse, false);
  });
});
