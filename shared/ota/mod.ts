/**
 * @module
 * Over-the-air firmware updates, shared by the portal (signs) and the controller (verifies): the
 * manifest and its signed envelope, Ed25519 signing and verification over the exact bytes, semantic
 * versions, the outcome report and the trusted keys compiled into a controller build.
 */
export * from "./manifest.ts";
export * from "./semver.ts";
export * from "./signature.ts";
export * from "./trusted_keys.ts";
