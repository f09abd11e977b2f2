import type { Connection } from "./sqlite.js";
import { GENESIS_HASH } from "./chain.js";

/**
 * The ledger table and the triggers that keep it append-only. Triggers only stop accidents (a
 * person with the file can drop them); the hash chain is what makes tampering visible.
 * There is no UNIQUE constraint besides the primary key, so INSERT OR REPLACE has nothing to replace:
 * the insert trigger refuses any seq but the next one before a conflict could arise.
 */
const TABLE = `CREATE TABLE ledger (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  meeting TEXT,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT`;

const INDEX = "CREATE INDEX ledger_by_meeting ON ledger (meeting, seq)";

export const TRIGGERS: Readonly<Record<string, string>> = {
  ledger_no_update: `CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: UPDATE is refused'); END`,
  ledger_no_delete: `CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: DELETE is refused'); END`,
  ledger_append_at_head: `CREATE TRIGGER ledger_append_at_head BEFORE INSERT ON ledger
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger)
  OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1), '${GENESIS_HASH}')
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: an entry must follow the head'); END`,
};

export class LedgerSchemaError extends Error {
  override name = "LedgerSchemaError";
}

const normalise = (sql: string): string => sql.replace(/\s+/g, " ").trim();

/** Creates the ledger in an empty database, or checks that an existing one is intact. */
export async function ensureSchema(db: Connection): Promise<void> {
  const table = await db.get<{ sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'ledger'");
  if (!table) {
    await db.exec(`BEGIN IMMEDIATE; ${TABLE}; ${INDEX}; ${Object.values(TRIGGERS).join("; ")}; COMMIT;`);
    return;
  }
  await checkSchema(db);
}

/** Refuses a ledger whose table or triggers differ from what this version creates. */
export async function checkSchema(db: Connection): Promise<void> {
  const rows = await db.all<{ type: string; name: string; sql: string | null }>(
    "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'ledger'",
  );
  const problems: string[] = [];
  const table = rows.find((r) => r.type === "table");
  if (!table || normalise(table.sql ?? "") !== normalise(TABLE)) problems.push("the ledger table has been altered");
  for (const [name, sql] of Object.entries(TRIGGERS)) {
    const trigger = rows.find((r) => r.type === "trigger" && r.name === name);
    if (!trigger) problems.push(`trigger ${name} is missing`);
    else if (normalise(trigger.sql ?? "") !== normalise(sql)) problems.push(`trigger ${name} has been altered`);
  }
  const extra = rows.filter((r) => r.type === "trigger" && !(r.name in TRIGGERS)).map((r) => r.name);
  if (extra.length > 0) problems.push(`unexpected triggers on the ledger: ${extra.join(", ")}`);
  if (problems.length > 0) {
    throw new LedgerSchemaError(
      `The ledger's protections are not intact (${problems.join("; ")}). The server will not serve from it: ` +
        "find out who changed the database, then verify it (npm run verify) or restore a verified backup.",
    );
  }
}
