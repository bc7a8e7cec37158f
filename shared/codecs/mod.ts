/**
 * @module
 * Payload codecs: JSON (baseline) and MsgPack (negotiated per connection).
 */
export * from "./types.ts";
export * from "./json.ts";
export * from "./msgpack.ts";
export * from "./negotiate.ts";
