/**
 * @module
 * Wire framing shared by the controller and the portal: length-prefixed binary frames (OCP) and
 * NUL- or newline-terminated text, each with an incremental decoder and a size limit.
 */
export * from "./types.ts";
export * from "./length_prefix.ts";
export * from "./delimited.ts";
