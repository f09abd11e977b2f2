import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { readCsv } from "./csv.js";
import { parseRoster, preview, type Roster, type RosterProblem } from "./roster.js";

/**
 * Roster import (issue 9): a CSV file is read and validated as a whole; every bad row is named by the
 * line it is on (the header is line 1, line 0 is the file as a whole) and nothing is imported from a
 * file with a problem.
 */

const example = (name: string): string => readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");

const HEADER = "name,party,kind,seat,rank,upn,entra_object_id";
/** Lines 2-6 of a small valid roster: 3 seats, S 2 + M 1, one substitute each. */
const VALID = [
  "Anna Nilsson,S,ordinary,1,,anna.nilsson@exempelstad.se,",
  "Erik Larsson,M,ordinary,2,,erik.larsson@exempelstad.se,",
  "Karin Holm,S,ordinary,3,,karin.holm@exempelstad.se,",
  "Johan Berg,S,substitute,,1,johan.berg@exempelstad.se,",
  "Lena Ali,M,substitute,,1,,0F8FAD5B-D9CB-469F-A165-70867728950E",
];
const file = (...rows: string[]): string => [HEADER, ...rows].join("\n") + "\n";
/** The valid roster with the row on `line` replaced (or removed, with null). */
const withLine = (line: number, row: string | null): string =>
  file(...VALID.flatMap((r, i) => (i + 2 === line ? (row === null ? [] : [row]) : [r])));

function accepted(text: string, seatCount?: number): Roster {
  const result = parseRoster(text, seatCount === undefined ? {} : { seatCount });
  assert.ok(result.ok, `expected a roster, got ${JSON.stringify(result.ok ? null : result.problems, null, 1)}`);
  return result.roster;
}

function refused(text: string, seatCount?: number): readonly RosterProblem[] {
  const result = parseRoster(text, seatCount === undefined ? {} : { seatCount });
  assert.ok(!result.ok, "expected the file to be refused");
  assert.ok(!("roster" in result), "a refused file yields no roster");
  return result.problems;
}

/** Where the problems are: line and column, in the order reported. */
const where = (problems: readonly RosterProblem[]): string[] => problems.map((p) => `${p.line}:${p.column ?? ""}`);

function countBy(roster: Roster, kind: "ORDINARY" | "SUBSTITUTE"): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of roster.members) if (m.kind === kind) counts[m.party] = (counts[m.party] ?? 0) + 1;
  return counts;
}

describe("the CSV reader", () => {
  it("reads plain rows with the line each starts on, CRLF or LF, and no row for a trailing line end", () => {
    assert.deepEqual(readCsv("a,b\r\nc,d\ne,f\r\n"), {
      rows: [
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ["c", "d"] },
        { line: 3, fields: ["e", "f"] },
      ],
      problems: [],
    });
  });

  it("keeps commas, line ends and doubled quotes inside quotes, and numbers rows by the line they start on", () => {
    const { rows, problems } = readCsv('h1,h2\n"Nilsson, Anna","rad 1\r\nrad 2"\n"säger ""ja""",x\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(rows, [
      { line: 1, fields: ["h1", "h2"] },
      { line: 2, fields: ["Nilsson, Anna", "rad 1\r\nrad 2"] },
      { line: 4, fields: ['säger "ja"', "x"] },
    ]);
  });

  it("drops a byte-order mark, keeps empty fields, reads a last row without a line end", () => {
    assert.deepEqual(readCsv("\uFEFFa,,\n,,\n\"\",b").rows, [
      { line: 1, fields: ["a", "", ""] },
      { line: 2, fields: ["", "", ""] },
      { line: 3, fields: ["", "b"] },
    ]);
  });

  it("skips blank lines but counts them", () => {
    assert.deepEqual(readCsv("a\n\n\r\nb\n\n").rows, [
      { line: 1, fields: ["a"] },
      { line: 4, fields: ["b"] },
    ]);
  });

  it("reads an empty file as no rows", () => {
    assert.deepEqual(readCsv(""), { rows: [], problems: [] });
    assert.deepEqual(readCsv("\uFEFF"), { rows: [], problems: [] });
  });

  it("reports an unterminated quote on the line its field starts", () => {
    const { rows, problems } = readCsv('a,b\nc,"never\nclosed,x\n');
    assert.deepEqual(rows, [{ line: 1, fields: ["a", "b"] }]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.line, 2);
    assert.match(problems[0]?.reason ?? "", /not closed/);
  });

  it("reports a stray quote inside an unquoted field and text after a closing quote, and reads on", () => {
    const { rows, problems } = readCsv('a,b\nab"c,d\n"x"y,z\n');
    assert.deepEqual(problems.map((p) => p.line), [2, 3]);
    assert.deepEqual(rows.map((r) => r.fields.length), [2, 2, 2]);
  });
});

describe("parseRoster", () => {
  describe("given the example files", () => {
    it("reads the 45-seat council: seats and substitutes per party, Swedish header, BOM", () => {
      const roster = accepted(example("roster-kf-45.csv"));
      assert.equal(roster.seatCount, 45);
      assert.deepEqual(roster.parties, ["S", "M", "SD", "C", "V", "KD", "L", "MP"]);
      assert.deepEqual(countBy(roster, "ORDINARY"), { S: 12, M: 10, SD: 7, C: 4, V: 4, KD: 3, L: 3, MP: 2 });
      assert.deepEqual(countBy(roster, "SUBSTITUTE"), { S: 4, M: 4, SD: 3, C: 2, V: 2, KD: 2, L: 2, MP: 2 });
      const seats = roster.members.flatMap((m) => (m.seat === null ? [] : [m.seat])).sort((a, b) => a - b);
      assert.deepEqual(seats, Array.from({ length: 45 }, (_, i) => i + 1));
      assert.ok(roster.members.every((m) => m.upn === null || m.upn.endsWith("@exempelstad.se")));
    });

    it("reads the 349-seat parliament with one substitute per three seats", () => {
      const roster = accepted(example("roster-riksdag-349.csv"));
      assert.equal(roster.seatCount, 349);
      const seats = { S: 107, SD: 73, M: 68, V: 24, C: 24, KD: 19, MP: 18, L: 16 };
      assert.deepEqual(countBy(roster, "ORDINARY"), seats);
      assert.deepEqual(
        countBy(roster, "SUBSTITUTE"),
        Object.fromEntries(Object.entries(seats).map(([party, n]) => [party, Math.ceil(n / 3)])),
      );
      assert.ok(roster.members.every((m) => m.upn !== null && m.entraObjectId !== null));
    });

    it("previews the council: seats and substitutes per party, and who has no sign-in", () => {
      const summary = preview(accepted(example("roster-kf-45.csv")));
      assert.equal(summary.seatCount, 45);
      assert.equal(summary.members, 66);
      assert.deepEqual(summary.parties[0], { party: "S", seats: 12, substitutes: 4 });
      assert.deepEqual(
        summary.withoutSignIn.map((m) => `${m.line} ${m.party} ${m.kind}`),
        ["18 M ORDINARY", "61 V SUBSTITUTE"],
      );
    });

    it("leaves the agenda example readable as CSV: 10 items with their columns", () => {
      const { rows, problems } = readCsv(example("agenda-kf.csv"));
      assert.deepEqual(problems, []);
      assert.deepEqual(rows[0]?.fields, ["number", "title", "case_number", "description", "document_urls"]);
      assert.deepEqual(rows.slice(1).map((r) => r.fields[0]), ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
      assert.ok(rows.every((r) => r.fields.length === 5));
    });
  });

  describe("given a valid file", () => {
    it("returns every member in file order with seat, rank and sign-in", () => {
      const roster = accepted(file(...VALID));
      assert.equal(roster.seatCount, 3);
      assert.deepEqual(roster.parties, ["S", "M"]);
      assert.deepEqual(roster.members[0], {
        line: 2, name: "Anna Nilsson", party: "S", kind: "ORDINARY", seat: 1, rank: null, upn: "anna.nilsson@exempelstad.se", entraObjectId: null,
      });
      assert.deepEqual(roster.members[4], {
        line: 6, name: "Lena Ali", party: "M", kind: "SUBSTITUTE", seat: null, rank: 1, upn: null, entraObjectId: "0f8fad5b-d9cb-469f-a165-70867728950e",
      });
    });

    it("accepts Swedish column names in any case and order, Swedish kinds, CRLF, a BOM and quoted fields", () => {
      const text =
        "\uFEFFUPN,Namn,PARTI,Typ,Plats,Rang\r\n" +
        'anna@kf.se,"Nilsson, Anna",S,Ordinarie,1,\r\n' +
        'erik@kf.se,"Erik ""Ekan""\r\nLarsson",S,ERSÄTTARE,,1\r\n';
      const roster = accepted(text);
      assert.deepEqual(
        roster.members.map((m) => [m.line, m.name, m.kind]),
        [
          [2, "Nilsson, Anna", "ORDINARY"],
          [3, 'Erik "Ekan"\r\nLarsson', "SUBSTITUTE"],
        ],
      );
    });

    it("reads a decomposed ä (as a Mac may write it) in ersättare", () => {
      const roster = accepted(withLine(5, "Johan Berg,S,ersa\u0308ttare,,1,,"));
      assert.equal(roster.members[3]?.kind, "SUBSTITUTE");
    });

    it("takes the assembly's seat count when given", () => {
      assert.equal(accepted(file(...VALID), 3).seatCount, 3);
    });
  });

  describe("when the header is wrong", () => {
    it("refuses an unknown column on line 1", () => {
      const problems = refused(file(...VALID).replace(HEADER, `${HEADER},telefon`));
      assert.deepEqual(where(problems), ["1:"]);
      assert.match(problems[0]?.reason ?? "", /unknown column "telefon"/);
    });

    it("refuses a missing column on line 1, naming it", () => {
      const problems = refused("name,party,kind,seat,upn\nAnna Nilsson,S,ordinary,1,anna@kf.se\n");
      assert.deepEqual(where(problems), ["1:rank"]);
      assert.match(problems[0]?.reason ?? "", /rank is missing/);
    });

    it("refuses a header without any sign-in column", () => {
      const problems = refused("name,party,kind,seat,rank\nAnna Nilsson,S,ordinary,1,\n");
      assert.deepEqual(where(problems), ["1:"]);
      assert.match(problems[0]?.reason ?? "", /sign-in column/);
    });

    it("refuses a column named twice (namn and name)", () => {
      assert.deepEqual(where(refused(`namn,${HEADER}\n`)), ["1:name"]);
    });

    it("refuses an empty file", () => {
      assert.deepEqual(where(refused("")), ["1:"]);
    });
  });

  describe("when a row is wrong", () => {
    const cases: ReadonlyArray<{ what: string; line: number; row: string | null; expect: string[]; reason: RegExp; seatCount?: number }> = [
      { what: "an empty name", line: 3, row: " ,M,ordinary,2,,erik@kf.se,", expect: ["3:name"], reason: /name is empty/ },
      { what: "an unknown kind", line: 4, row: "Karin Holm,S,ledamot,3,,,", expect: ["4:kind"], reason: /unknown kind "ledamot"/ },
      { what: "an ordinary member without a seat", line: 4, row: "Karin Holm,S,ordinary,,,,", expect: ["0:seat", "4:seat"], reason: /needs a seat/ },
      { what: "a seat that is not a number", line: 4, row: "Karin Holm,S,ordinary,tre,,,", expect: ["0:seat", "4:seat"], reason: /"tre" is not a seat number/ },
      { what: "a seat above the seat count", line: 4, row: "Karin Holm,S,ordinary,4,,,", expect: ["0:seat", "4:seat"], reason: /seat 4 is outside 1–3/, seatCount: 3 },
      { what: "a seat 0", line: 4, row: "Karin Holm,S,ordinary,0,,,", expect: ["0:seat", "4:seat"], reason: /not a seat number/ },
      { what: "an ordinary member with a rank", line: 4, row: "Karin Holm,S,ordinary,3,2,,", expect: ["4:rank"], reason: /no substitute rank/ },
      { what: "a substitute with a seat", line: 5, row: "Johan Berg,S,substitute,2,1,,", expect: ["5:seat"], reason: /holds no seat/ },
      { what: "a substitute without a rank", line: 5, row: "Johan Berg,S,substitute,,,,", expect: ["5:rank"], reason: /needs a rank/ },
      { what: "a rank that is not a positive integer", line: 5, row: "Johan Berg,S,substitute,,1.5,,", expect: ["5:rank"], reason: /"1.5" is not a positive whole number/ },
      { what: "a substitute of a party with no seat", line: 5, row: "Johan Berg,KD,substitute,,1,,", expect: ["5:party"], reason: /KD has no ordinary member/ },
      { what: "a malformed upn", line: 2, row: "Anna Nilsson,S,ordinary,1,,anna.nilsson@exempelstad,", expect: ["2:upn"], reason: /not of the form/ },
      { what: "a malformed object id", line: 6, row: "Lena Ali,M,substitute,,1,,0f8fad5b-d9cb-469f-a165", expect: ["6:entra_object_id"], reason: /not a GUID/ },
      { what: "a row with too few fields", line: 3, row: "Erik Larsson,M,ordinary,2", expect: ["3:"], reason: /4 fields, the header has 7/ },
      { what: "a row with too many fields", line: 3, row: "Erik Larsson,M,ordinary,2,,,,", expect: ["3:"], reason: /8 fields, the header has 7/ },
    ];
    // A row whose seat cannot be taken leaves its seat empty, and that is named too (line 0): it tells
    // the clerk which seat the row was meant for.
    for (const c of cases) {
      it(`refuses ${c.what} on its line`, () => {
        const problems = refused(withLine(c.line, c.row), c.seatCount);
        assert.deepEqual(where(problems), c.expect);
        assert.match(problems.find((p) => p.line === c.line)?.reason ?? "", c.reason);
      });
    }

    it("refuses two ordinary members in one seat, on both lines", () => {
      const problems = refused(withLine(4, "Karin Holm,S,ordinary,1,,,"), 2);
      assert.deepEqual(where(problems), ["2:seat", "4:seat"]);
      assert.match(problems[0]?.reason ?? "", /seat 1 is also held by line 4 \(Karin Holm\)/);
      assert.match(problems[1]?.reason ?? "", /seat 1 is also held by line 2 \(Anna Nilsson\)/);
    });

    it("refuses a seat nobody holds as a problem of the whole file (line 0)", () => {
      const problems = refused(withLine(4, null), 3);
      assert.deepEqual(where(problems), ["0:seat"]);
      assert.match(problems[0]?.reason ?? "", /seat 3 of 3 has no ordinary member/);
    });

    it("names empty seats as ranges", () => {
      const problems = refused(file(...VALID), 9);
      assert.match(problems[0]?.reason ?? "", /seats 4–9 of 9 have no ordinary member/);
    });

    it("refuses two substitutes of one party with the same rank, on both lines", () => {
      const problems = refused(file(...VALID, "Sara Lind,S,substitute,,1,,"));
      assert.deepEqual(where(problems), ["5:rank", "7:rank"]);
      assert.match(problems[0]?.reason ?? "", /rank 1 in S is also given to line 7 \(Sara Lind\)/);
    });

    it("accepts the same rank in different parties", () => {
      accepted(file(...VALID));
    });

    it("refuses a sign-in name used twice, in any case, on both lines", () => {
      const problems = refused(withLine(3, "Erik Larsson,M,ordinary,2,,Anna.Nilsson@Exempelstad.se,"));
      assert.deepEqual(where(problems), ["2:upn", "3:upn"]);
      assert.match(problems[1]?.reason ?? "", /sign-in name is also used by line 2 \(Anna Nilsson\)/);
    });

    it("refuses an object id used twice, on both lines", () => {
      const problems = refused(withLine(5, "Johan Berg,S,substitute,,1,,0f8fad5b-d9cb-469f-a165-70867728950e"));
      assert.deepEqual(where(problems), ["5:entra_object_id", "6:entra_object_id"]);
    });

    it("refuses an unterminated quote on the line its row starts", () => {
      const problems = refused(file(...VALID.slice(0, 3), '"Johan Berg,S,substitute,,1,,', VALID[4] ?? ""));
      assert.deepEqual(where(problems), ["5:"]);
      assert.match(problems[0]?.reason ?? "", /not closed/);
    });

    it("refuses a file without ordinary members", () => {
      const problems = refused(file());
      assert.deepEqual(where(problems), ["0:"]);
      assert.match(problems[0]?.reason ?? "", /no ordinary members/);
    });
  });

  describe("when a file has several problems", () => {
    const rows = [
      "Anna Nilsson,S,ordinary,1,,anna@kf.se,", // 2
      ",M,ordinary,1,,anna@kf.se,", // 3: no name, seat 1 twice, upn twice
      "Karin Holm,S,ordinarie,7,,,", // 4: seat outside 1-4
      '"Johan\nBerg",S,ersättare,2,,,', // 5-6: a seat and no rank
      "Lena Ali,MP,substitute,,x,,not-a-guid", // 7: bad rank, bad id, a party without seats
    ];

    it("reports every one of them, in line order, and no roster", () => {
      const problems = refused(file(...rows), 4);
      assert.deepEqual(where(problems), [
        "0:seat",
        "2:seat", "2:upn",
        "3:name", "3:seat", "3:upn",
        "4:seat",
        "5:seat", "5:rank",
        "7:rank", "7:entra_object_id", "7:party",
      ]);
      assert.match(problems[0]?.reason ?? "", /seats 2–4 of 4 have no ordinary member/);
      assert.ok(problems.every((p) => p.reason.length > 10));
    });

    it("leaves out what it concludes from absence while a row cannot be read", () => {
      // Line 8 could hold the empty seats or be MP's member, so neither is named until it is fixed.
      const problems = refused(file(...rows, "Per Lind,MP,ordinary"), 4);
      assert.deepEqual(where(problems), [
        "2:seat", "2:upn",
        "3:name", "3:seat", "3:upn",
        "4:seat",
        "5:seat", "5:rank",
        "7:rank", "7:entra_object_id",
        "8:",
      ]);
    });
  });
});
