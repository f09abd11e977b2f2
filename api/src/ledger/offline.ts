import { access } from "node:fs/promises";
import { Connection } from "./sqlite.js";
import { verifyChain, type ChainVerification, type StoredEntry } from "./chain.js";
import { checkSchema } from "./schema.js";
import { COLUMNS, toEntry, type Row } from "./ledger.js";

export interface FileVerification extends ChainVerification {
  readonly file: string;
  /** Why the table or its triggers are not as this version made them, if they are not. */
  readonly schemaProblem: string | null;
}

/** Verifies a ledger file without a server: read-only, so it is safe on a live database or a backup. */
export async function verifyLedgerFile(file: string, replay: (entries: StoredEntry[]) => void): Promise<FileVerification> {
  await access(file);
  const db = await Connection.open(file, "readonly");
  try {
    let schemaProblem: string | null = null;
    try {
      await checkSchema(db);
    } catch (error) {
      schemaProblem = error instanceof Error ? error.message : String(error);
    }
    const entries = (await db.all<Row>(`SELECT ${COLUMNS} FROM ledger ORDER BY seq`)).map(toEntry);
    const chain = verifyChain(entries);
    if (chain.ok) replay(entries);
    return { ...chain, file, schemaProblem, ok: chain.ok && schemaProblem === null };
  } finally {
    await db.close();
  }
}

/** A ledger file's entries up to `lastSeq` (all of them when null), read-only: safe on a live database or a backup. */
export async function readLedgerFile(file: string, lastSeq: number | null = null): Promise<StoredEntry[]> {
  await access(file);
  const db = await Connection.open(file, "readonly");
  try {
    const rows =
      lastSeq === null
        ? await db.all<Row>(`SELECT ${COLUMNS} FROM ledger ORDER BY seq`)
        : await db.all<Row>(`SELECT ${COLUMNS} FROM ledger WHERE seq <= ? ORDER BY seq`, [lastSeq]);
    return rows.map(toEntry);
  } finally {
    await db.close();
  }
}
