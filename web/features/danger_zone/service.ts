/**
 * @module Export and deletion of a whole account. Both find the user's rows from the tables'
 * ownership declarations (user_data.ts) and refuse to run while any table of the live schema is
 * undeclared, so a table added without a declaration cannot leak data past a deletion.
 */
import type { AppDeps } from "../../context.ts";
import type { User } from "../../db/schema/users.ts";
import { eraseUserRows } from "./erase_rows.ts";
import { buildUserExport, INLINE_FILE_BYTES, readRowsForExport, type UserExport } from "./export_document.ts";
import "./keyed_rows.ts";
import {
  checkUserData,
  declaredUserData,
  UndeclaredUserDataError,
  type UserDataDeclarations,
} from "./user_data.ts";
import { findUserFiles } from "./user_files.ts";
import {
  findOwnedRows,
  readTableShapes,
  type SqlExecutor,
  type TableShape,
  withCascadedRows,
} from "./user_rows.ts";

function identityOf(user: User) {
  return { id: user.id, email: user.email };
}

/** The live schema, after checking that every table of it says whose data it holds. */
async function declaredShapes(
  sql: SqlExecutor,
  declarations: UserDataDeclarations,
): Promise<TableShape[]> {
  const shapes = await readTableShapes(sql);
  const problems = checkUserData(shapes, declarations);
  if (problems.length > 0) throw new UndeclaredUserDataError(problems);
  return shapes;
}

/**
 * Everything stored about `user`, read in one transaction so the rows agree with each other.
 *
 * @example
 * const document = await exportUserData(c.var.deps, c.var.user);
 */
export async function exportUserData(
  { db, storage, clock }: Pick<AppDeps, "db" | "storage" | "clock">,
  user: User,
): Promise<UserExport> {
  const declarations = declaredUserData();
  const tx = await db.$client.transaction("read");
  let tables, references;
  try {
    const shapes = await declaredShapes(tx, declarations);
    const rows = await findOwnedRows(tx, shapes, declarations, identityOf(user));
    tables = await readRowsForExport(tx, rows);
    references = await findUserFiles(tx, rows);
  } finally {
    tx.close();
  }
  const files = [];
  const listedFiles = [];
  for (const reference of references) {
    const size = await storage.size(reference.key);
    if (size === null) continue;
    if (size > INLINE_FILE_BYTES) {
      listedFiles.push({ ...reference, size });
      continue;
    }
    const bytes = await storage.get(reference.key);
    if (bytes) files.push({ ...reference, bytes });
  }
  return buildUserExport({
    user: { id: user.id, email: user.email },
    tables,
    files,
    listedFiles,
    now: clock.now(),
  });
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
  const declarations = declaredUserData();
  const tx = await db.$client.transaction("write");
  let files;
  try {
    const shapes = await declaredShapes(tx, declarations);
    const rows = await withCascadedRows(
      tx,
      shapes,
      await findOwnedRows(tx, shapes, declarations, identityOf(user)),
    );
    files = await findUserFiles(tx, rows);
    await eraseUserRows(tx, shapes, rows);
    await tx.commit();
  } finally {
    tx.close();
  }
  for (const file of files) await storage.delete(file.key);
}
