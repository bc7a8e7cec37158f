/**
 * @module MIXEY's devices tool: the user's registered devices with warranty and reported firmware,
 * read through My Devices (the same list and warranty rule as the /devices page).
 */
import { findModel, listDevices, warranty } from "../../devices/mod.ts";
import { formatTime } from "../../../ui/format.ts";
import { type Fact, plural, type TopicAnswer } from "../facts.ts";
import type { ToolContext } from "../tool_context.ts";

export async function devicesAnswer({ db, user, now }: ToolContext): Promise<TopicAnswer> {
  const devices = await listDevices(db, user.id);
  if (devices.length === 0) {
    return {
      topic: "devices",
      text: "You have no registered devices yet. Register your MIXERA controller under My Devices to see " +
        "its warranty and firmware here.",
      facts: [{ label: "Registered devices", value: "0", href: "/devices" }],
    };
  }
  const facts: Fact[] = [{ label: "Registered devices", value: String(devices.length), href: "/devices" }];
  const lines = devices.map((device) => {
    const model = findModel(device.model);
    const name = `${model?.name ?? device.model}${device.nickname ? ` "${device.nickname}"` : ""}`;
    const href = `/devices/${device.id}`;
    facts.push({ label: `${name}: serial`, value: device.serial, href });
    let warrantyText = "warranty unknown (model not in the catalogue)";
    if (model) {
      const state = warranty(device.purchaseDate, model.warrantyMonths, now);
      warrantyText = state.expired ? `warranty ended on ${state.until}` : `in warranty until ${state.until}`;
      facts.push({ label: `${name}: warranty`, value: warrantyText, href });
    }
    const firmwareText = device.firmware
      ? `firmware ${device.firmware}${
        device.lastSeenAt ? ` (reported ${formatTime(device.lastSeenAt)})` : ""
      }`
      : "no firmware reported yet (it has not connected to the cloud)";
    facts.push({ label: `${name}: firmware`, value: device.firmware ?? "not reported", href });
    if (device.lockedAt) facts.push({ label: `${name}: lock`, value: "locked", href });
    return `${name} (${device.serial}): ${warrantyText}, ${firmwareText}${
      device.lockedAt ? ", locked" : ""
    }.`;
  });
  return {
    topic: "devices",
    text: `You have ${plural(devices.length, "registered device")}. ${lines.join(" ")}`,
    facts,
  };
}
