/** @module Test support: signed-in Preview Program members (their application accepted) on the test app. */
import { previewApplications } from "../../../db/schema/devices.ts";
import type { TestApp } from "../../../testing/test_app.ts";
import { signedInUser } from "../../oauth/testing/fixture.ts";

let memberCounter = 0;

/** Each member browses from an address of their own, so per-IP limits of one test do not touch others. */
export async function previewMember(t: TestApp, options: { ip?: string } = {}) {
  const n = ++memberCounter;
  const member = await signedInUser(t, { ip: options.ip ?? `10.${(n >> 8) & 255}.${n & 255}.9` });
  const now = t.clock.now();
  await t.deps.db.insert(previewApplications).values({
    userId: member.user.id,
    status: "accepted",
    motivation: "test",
    gear: "test",
    createdAt: now,
    decidedAt: now,
  });
  return member;
}

let serialCounter = 0;

/** A valid serial no other test uses. */
export function freshSerial(): string {
  return `MXR-20250122-${String(++serialCounter + Math.floor(Math.random() * 900_000)).padStart(6, "0")}`;
}
