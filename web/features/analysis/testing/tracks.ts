/** @module Test support: an account and a cloud track row to hang analysis jobs on. */
import type { Db } from "../../../db/client.ts";
import { cloudTracks } from "../../../db/schema/cloud.ts";
import { users } from "../../../db/schema/users.ts";

export async function insertUser(db: Db, id: string): Promise<void> {
  await db.insert(users).values({
    id,
    mixeraId: `MXR-${id.toUpperCase().padEnd(8, "0").slice(0, 8)}`,
    email: `${id}@example.test`,
    displayName: id,
    passwordHash: "not-a-real-hash",
  });
}

export async function insertTrack(db: Db, userId: string, id: string, storageKey = `cloud/${userId}/${id}`) {
  await db.insert(cloudTracks).values({
    id,
    userId,
    storageKey,
    storageType: "audio/wav",
    originalFilename: `${id}.wav`,
    format: "wav",
    sizeBytes: 1,
    sha256: id.padEnd(64, "0"),
    title: id,
  });
  return { trackId: id, userId, storageKey };
}
