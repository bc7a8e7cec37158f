/**
 * @module
 * What audio code outside the daemon needs for metering: {@link measureBlock} (pure, Worker-safe) and
 * the {@link MeterInput} the daemon handle exposes as `meters`.
 *
 * @example
 * ```ts
 * import { measureBlock } from "../daemon/metering/mod.ts";
 * daemon.meters.pushLevels("/devices/0/outputs/18", measureBlock([left, right]));
 * ```
 */
export { measureBlock, METER_FLOOR_DB } from "./measure.ts";
export type { MeterInput } from "./meter_service.ts";
