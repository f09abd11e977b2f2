/**
 * A small CSV reader (RFC 4180), the counterpart of the writer in `minutes/csv.ts`: comma-separated,
 * fields optionally quoted, `""` for a quote inside quotes, commas and line ends inside quotes kept.
 * It also takes LF or lone CR line ends, an optional UTF-8 byte-order mark and a trailing line end,
 * because files saved by Excel or edited by hand have all of them.
 *
 * Every row carries the 1-based line of the file it starts on, so that a bad row can be named the way
 * the person who wrote the file sees it (a quoted field spanning lines counts where its row starts).
 * Blank lines are skipped. The reader reports syntax problems and reads on where it can.
 */

export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvProblem {
  readonly line: number;
  readonly reason: string;
}

export interface CsvRead {
  readonly rows: readonly CsvRow[];
  readonly problems: readonly CsvProblem[];
}

const BOM = "\uFEFF";

export function readCsv(text: string): CsvRead {
  const src = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const rows: CsvRow[] = [];
  const problems: CsvProblem[] = [];

  let line = 1;
  let rowLine = 1;
  let fields: string[] = [];
  let field = "";
  // Whether the row holds anything: a blank line is no row, but `""` is a row with one empty field.
  let rowStarted = false;
  let i = 0;

  const endField = (): void => {
    fields.push(field);
    field = "";
  };
  const endRow = (): void => {
    if (rowStarted) {
      endField();
      rows.push({ line: rowLine, fields });
    }
    fields = [];
    field = "";
    rowStarted = false;
  };
  /** Length of the line end at `at` (CRLF, LF or CR), 0 if none. */
  const lineEnd = (at: number): number => {
    if (src[at] === "\r") return src[at + 1] === "\n" ? 2 : 1;
    return src[at] === "\n" ? 1 : 0;
  };

  while (i < src.length) {
    const ch = src[i];
    const eol = lineEnd(i);
    if (eol > 0) {
      endRow();
      i += eol;
      line += 1;
      rowLine = line;
      continue;
    }
    if (!rowStarted) {
      rowStarted = true;
      rowLine = line;
    }
    if (ch === ",") {
      endField();
      i += 1;
      continue;
    }
    if (ch === '"' && field === "") {
      // A quoted field: read to the closing quote, keeping commas and line ends.
      const startLine = line;
      i += 1;
      let closed = false;
      while (i < src.length) {
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i += 1;
          break;
        }
        const inner = lineEnd(i);
        if (inner > 0) {
          field += src.slice(i, i + inner);
          i += inner;
          line += 1;
          continue;
        }
        field += src[i];
        i += 1;
      }
      if (!closed) {
        problems.push({ line: startLine, reason: "a quoted field is not closed: the closing quote (\") is missing" });
        // Nothing after an unclosed quote can be read as rows: the whole rest of the file is inside it.
        return { rows, problems };
      }
      const next = src[i];
      if (i < src.length && next !== "," && lineEnd(i) === 0) {
        problems.push({ line, reason: "text follows the closing quote of a quoted field (write a quote inside quotes as \"\")" });
        // Skip to the end of the field so that the rest of the row is still read.
        while (i < src.length && src[i] !== "," && lineEnd(i) === 0) field += src[i++];
      }
      continue;
    }
    if (ch === '"') {
      problems.push({ line, reason: "a quote (\") inside a field that is not quoted: quote the whole field and write the quote as \"\"" });
    }
    field += ch;
    i += 1;
  }
  endRow();
  return { rows, problems };
}
