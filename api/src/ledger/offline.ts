import { access } from "node:fs/promises";
import { Connection } from "./sqlite.js";
import { verifyChain, type ChainVerification, type StoredEntry } from "./chain.js";
import { checkSchema } from "./schema.js";

export interface FileVerification extends ChainVerification {
  readonly file: string;
  /** Why the table or its triggers are not as this version made them, if they are not. */
  readonly schemaProblem: string | null;
}

interface Row {
  seq: number;
  at: string;
  meeting: string | null;
  type: string;
  actor: string;
  payload: string;
  prev_hash: string;
  hash: string;
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
    const rows = await db.all<Row>("SELECT seq, at, meeting, type, actor, payload, prev_hash, hash FROM ledger ORDER BY seq");
    const entries = rows.map((r): StoredEntry => ({ ...r, prevHash: r.prev_hash }));
    const chain = verifyChain(entries);
    if (chain.ok) replay(entries);
    return { ...chain, file, schemaProblem, ok: chain.ok && schemaProblem === null };
  } finally {
    await db.close();
  }
}
