import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { parseMessageObject, parseTextMessage } from "./command.ts";

describe("parseTextMessage", () => {
  it("parses verb, path, query and value (the value keeps its spaces)", () => {
    const parsed = parseTextMessage(
      "set /devices/0/inputs/0/Name/value?message_id=a%3A1&cmd_id=set_command Deck One",
    );
    expect(parsed).toMatchObject({
      kind: "command",
      command: { verb: "set", path: "/devices/0/inputs/0/Name/value", value: "Deck One" },
    });
    if (parsed.kind !== "command") throw new Error();
    expect(Object.fromEntries(parsed.command.params)).toEqual({ message_id: "a:1", cmd_id: "set_command" });
  });

  it("parses batch subscriptions and refuses malformed ones", () => {
    expect(parseTextMessage('subscribe {"paths":["/a/value","/b"]}')).toMatchObject({
      kind: "command",
      command: { verb: "subscribe", paths: ["/a/value", "/b"] },
    });
    for (const bad of ['{"paths":5}', '{"paths":[1]}', '{"paths":[]}', "{", '{"paths":[["x"]]}']) {
      expect(parseTextMessage(`subscribe ${bad}`).kind).toBe("error");
    }
  });

  it("treats JSON objects as commands or client identification", () => {
    expect(parseTextMessage('{"path":"networkID","data":"abc123"}')).toEqual({
      kind: "identify",
      key: "networkID",
      data: "abc123",
    });
    expect(parseTextMessage('{"cmd":"get","url":"/ping?message_id=1"}')).toMatchObject({
      kind: "command",
      command: { verb: "get", path: "/ping" },
    });
    expect(parseTextMessage('{"cmd":"get","url":5}').kind).toBe("error");
    expect(parseTextMessage('{"cmd":"set","url":"/a","parameters":{"x":{}}}').kind).toBe("error");
  });

  it("ignores empty messages and whitespace", () => {
    expect(parseTextMessage(" \r\n").kind).toBe("empty");
  });

  it("never throws, whatever the text (fuzz)", () => {
    const pieces = fc.constantFrom(
      "get",
      "set",
      "subscribe",
      " ",
      "/",
      "?",
      "&",
      "=",
      "{",
      "}",
      '"paths"',
      ":",
      "[",
      "]",
      "%",
      "%zz",
      "value",
      "\u0000",
      "é",
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.array(pieces, { maxLength: 30 }).map((p) => p.join(""))),
        (text) => {
          const parsed = parseTextMessage(text);
          expect(["command", "identify", "empty", "error"]).toContain(parsed.kind);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("never throws on arbitrary JSON values as message objects (fuzz)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const parsed = parseMessageObject(value);
        expect(["command", "identify", "error"]).toContain(parsed.kind);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.record({
          cmd: fc.jsonValue(),
          url: fc.jsonValue(),
          parameters: fc.jsonValue(),
          value: fc.jsonValue(),
        }, { requiredKeys: [] }),
        (value) => {
          const parsed = parseMessageObject(value);
          expect(["command", "identify", "error"]).toContain(parsed.kind);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
