/**
 * @module
 * The controller runtime's version (semver); also the firmware version it announces in HELLO. A build
 * may bake another one in with `--define MIXERA_CONTROLLER_VERSION='"1.2.0"'` (scripts/build-controller.ts
 * `--version`), which is how firmware releases and the update tests get distinct binaries.
 */
declare const MIXERA_CONTROLLER_VERSION: string | undefined;

export const CONTROLLER_VERSION: string = typeof MIXERA_CONTROLLER_VERSION === "string"
  ? MIXERA_CONTROLLER_VERSION
  : "0.1.0";
