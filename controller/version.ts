/**
 * @module
 * The controller runtime's version (semver); also the firmware version it announces in HELLO.
 */
export const CONTROLLER_VERSION = "0.1.0";
