/**
 * @module
 * The Open Communication Protocol shared by the controller and the portal: schemas, messages, wire format.
 */
export * from "./errors.ts";
export * from "./schemas.ts";
export * from "./message.ts";
export * from "./wire.ts";
