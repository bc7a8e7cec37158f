/**
 * @module Export and deletion of a whole account. Both read the schema at run time (see user_rows.ts),
 * so a table added by a later feature is exported and deleted without changes here.
 */
import { getTableName } from "drizzle-orm";
import type { AppDeps } from "../../context.ts";
import { type User, users } from "../../db/schema/users.ts";
import { eraseUserRows } from "./erase_rows.ts";
import { buildUserExport, readRowsForExport, type UserExport } from "./export_document.ts";
import { findUserFiles } from "./user_files.ts";
import { findUserRows, ownRowsOnly, readTableShapes, type UserIdentity } from "./user_rows.ts";

function identityOf(user: User): UserIdentity {
  return { usersTable: getTableName(users), id: user.id, email: user.email };
}

/**
 * Everything stored about `user`, read in one transaction so the rows agree with each other.
 *
 * @example
 * const document = await exportUserData(c.var.deps, c.var.user!);
 */
export async function exportUserData(
  { db, storage, clock }: Pick<AppDeps, "db" | "storage" | "clock">,
  user: User,
): Promise<UserExport> {
  const who = identityOf(user);
  const tx = await db.$client.transaction("read");
  let tables, references;
  try {
    const shapes = await readTableShapes(tx);
    const rows = await ownRowsOnly(tx, shapes, await findUserRows(tx, shapes, who), who);
    tables = await readRowsForExport(tx, rows);
    references = await findUserFiles(tx, rows);
  } finally {
    tx.close();
  }
  const files = [];
  for (const reference of references) {
    const bytes = await storage.get(reference.key);
    if (bytes) files.push({ ...reference, bytes });
  }
  return buildUserExport({ user: { id: user.id, email: user.email }, tables, files, now: clock.now() });
}

/**
 * Deletes every row of `user` (sessions included, so they are signed out everywhere) in one write
 * transaction, then their files. Files go last: a crash in between leaves unreachable files, never
 * rows that point at missing ones.
 */
export async function deleteAccount(
  { db, storage }: Pick<AppDeps, "db" | "storage">,
  user: User,
): Promise<void> {
  const who = identityOf(user);
  const tx = await db.$client.transaction("write");
  let files;
  try {
    const shapes = await readTableShapes(tx);
    const rows = await findUserRows(tx, shapes, who);
    files = await findUserFiles(tx, rows);
    await eraseUserRows(tx, shapes, rows);
    await tx.commit();
  } finally {
    tx.close();
  }
  for (const file of files) await storage.delete(file.key);
}
