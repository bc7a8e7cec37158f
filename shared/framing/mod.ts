/**
 * @module
 * Wire framing shared by the controller and the portal, one decoder per wire format, each incremental
 * and with a size limit: length-prefixed binary frames (OCP), NUL- or newline-terminated text (the
 * engine API), and NUL-terminated text mixed with UBJS frames (the mixer daemon's TCP ports).
 */
export * from "./types.ts";
export * from "./length_prefix.ts";
export * from "./delimited.ts";
export * from "./nul_or_ubjs.ts";
