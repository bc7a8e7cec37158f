import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { answerQuestion, GEMA_KNOWLEDGE, GREETING_TOPICS, topicById } from "./expert.ts";

function topicOf(question: string): string | undefined {
  const answer = answerQuestion(GEMA_KNOWLEDGE, question);
  return answer.kind === "topic" ? answer.topic.id : undefined;
}

describe("MIXEY – GEMA Expert", () => {
  it("has a sourced answer for each of the four greeting topics", () => {
    for (const id of GREETING_TOPICS) {
      const topic = topicById(GEMA_KNOWLEDGE, id);
      assert.ok(topic, id);
      assert.ok(topic.sources.length > 0);
    }
  });

  it("answers the greeting questions with their own topic", () => {
    assert.equal(topicOf("What is GEMA?"), "what_is_gema");
    assert.equal(topicOf("Which tariff categories are there?"), "tariff_categories");
    assert.equal(topicOf("When do I need a license?"), "when_licence");
    assert.equal(topicOf("How do I register my event with GEMA?"), "how_to_register");
  });

  it("answers questions about the calculator's inputs", () => {
    assert.equal(topicOf("How is the area in m² measured?"), "area");
    assert.equal(topicOf("Which ticket price counts if entry is free?"), "admission");
    assert.equal(topicOf("Do I get the DEHOGA discount?"), "framework_discount");
    assert.equal(topicOf("What if I forgot and my event was unregistered?"), "late_registration");
    assert.equal(topicOf("What is the GVL?"), "gvl");
    assert.equal(topicOf("Is VAT 7 or 19?"), "vat");
    assert.equal(topicOf("The party runs 12 hours, is that longer than allowed?"), "duration");
    assert.equal(topicOf("Admission includes a dinner buffet"), "arrangement");
    assert.equal(topicOf("Do I need VR-Ö for copies on my laptop?"), "copy_licence");
  });

  it("says it does not know, and points to GEMA, when no topic covers the question", () => {
    const answer = answerQuestion(GEMA_KNOWLEDGE, "Can you recommend a good techno track?");
    assert.equal(answer.kind, "unknown");
    assert.match(answer.kind === "unknown" ? answer.message : "", /GEMA/);
  });
});
