/**
 * @module
 * One update, from offer to switch, shared by `mixera-controller update` and the running service:
 * ask the portal for the newest eligible release (or take a signed manifest from a file), judge it
 * ({@link checkRelease}, against `trust.json`), stage it in the inactive slot and switch. Also sends
 * the queued install outcomes to the portal.
 */
import {
  BUILT_IN_FIRMWARE_KEYS,
  FIRMWARE_LATEST_PATH,
  FIRMWARE_OUTCOME_PATH,
  type FirmwareChannel,
  FirmwareLatestResponseSchema,
} from "../../shared/ota/mod.ts";
import type { CloudResponse } from "../cloud/http_client.ts";
import { checkRelease, type ReleaseCheck } from "./check_release.ts";
import { flushOutcomes } from "./outcomes.ts";
import { readRelease, readSlots, type SlotLayout } from "./slots.ts";
import { readTrust } from "./trust_record.ts";

/** The part of the cloud link the updater needs: authenticated device API calls. */
export interface DeviceApi {
  call(method: "GET" | "POST", path: string, json?: unknown): Promise<CloudResponse>;
}

export interface UpdateTarget {
  layout: SlotLayout;
  model: string;
  /** The version of the build that runs now (the binary's own version when the slot has no record). */
  fallbackVersion: string;
  trustedKeys?: readonly string[];
  now?: () => Date;
}

/** The version installed in the current slot. */
export function installedVersion(target: UpdateTarget): string {
  return readRelease(target.layout, readSlots(target.layout).current)?.version ?? target.fallbackVersion;
}

/** Judges a signed manifest (as the portal sent it) for this controller. */
export async function judgeOffer(envelope: unknown, target: UpdateTarget): Promise<ReleaseCheck> {
  const installed = installedVersion(target);
  return await checkRelease(envelope, {
    trustedKeys: target.trustedKeys ?? BUILT_IN_FIRMWARE_KEYS,
    model: target.model,
    installedVersion: installed,
    trust: readTrust(target.layout, { highestVersion: installed, lastSequence: 0 }),
    now: (target.now ?? (() => new Date()))(),
  });
}

/** The signed manifest the portal offers this device, or null when it offers none. */
export async function fetchOffer(api: DeviceApi, channel: FirmwareChannel): Promise<unknown | null> {
  const response = await api.call("GET", `${FIRMWARE_LATEST_PATH}?channel=${channel}`);
  if (response.status !== 200) {
    throw new Error(`the portal refused the update check: HTTP ${response.status}`);
  }
  const answer = FirmwareLatestResponseSchema.safeParse(response.body);
  if (!answer.success) throw new Error("the portal's update answer is malformed");
  return answer.data.update;
}

/**
 * Sends queued outcomes. A report the portal refuses for good (4xx other than 401/408/429) is dropped so
 * it cannot block the queue; anything else stays for the next attempt.
 */
export async function reportOutcomes(api: DeviceApi, layout: SlotLayout): Promise<number> {
  return await flushOutcomes(layout, async (report) => {
    const { status } = await api.call("POST", FIRMWARE_OUTCOME_PATH, report);
    return (status >= 200 && status < 300) ||
      (status >= 400 && status < 500 && ![401, 408, 429].includes(status));
  });
}
