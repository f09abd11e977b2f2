import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { AGENDA_LIMITS, parseAgenda, type AgendaDraftItem, type AgendaFormat, type AgendaProblem } from "./agenda.js";

/**
 * Agenda import: a CSV or JSON export of a meeting's agenda is read and validated as a whole; every bad
 * item is named where it is (a CSV line, or a JSON item's place counted from 1; 0 is the file as a
 * whole) and nothing is imported from a file with a problem.
 */

const example = (name: string): string => readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");

const HEADER = "number,title,case_number,description,document_urls,proposal,proposal_label,proposed_by";
const DOCS = "https://www.exempelstad.se/kf/2026-12-14";
/** Lines 2-4 of a small valid agenda. */
const VALID = [
  "1,Upprop och val av justerare,,,,,,",
  `2,Budget 2027,KS 2026/412,Budget och flerårsplan.,${DOCS}/budget.pdf,Fullmäktige fastställer budgeten.,Kommunstyrelsens förslag,Kommunstyrelsen`,
  `3,Skattesats för 2027,KS 2026/413,,${DOCS}/skatt.pdf,,,`,
];
const file = (...rows: string[]): string => [HEADER, ...rows].join("\n") + "\n";
/** The valid agenda with the row on `line` replaced. */
const withLine = (line: number, row: string): string => file(...VALID.map((r, i) => (i + 2 === line ? row : r)));
const json = (value: unknown): string => JSON.stringify(value);

function accepted(text: string, format?: AgendaFormat): readonly AgendaDraftItem[] {
  const result = parseAgenda(text, format);
  assert.ok(result.ok, `expected an agenda, got ${JSON.stringify(result.ok ? null : result.problems, null, 1)}`);
  return result.items;
}

function refused(text: string, format?: AgendaFormat): readonly AgendaProblem[] {
  const result = parseAgenda(text, format);
  assert.ok(!result.ok, "expected the file to be refused");
  assert.ok(!("items" in result), "a refused file yields no items");
  return result.problems;
}

/** Where the problems are: line and column, in the order reported. */
const where = (problems: readonly AgendaProblem[]): string[] => problems.map((p) => `${p.line}:${p.column ?? ""}`);

describe("parseAgenda", () => {
  describe("given the example files", () => {
    it("reads the council's CSV agenda (with a BOM): 10 items in § order with case numbers and documents", () => {
      const items = accepted(example("agenda-kf.csv"));
      assert.deepEqual(items.map((i) => i.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.deepEqual(items.map((i) => i.line), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      assert.deepEqual(items[0], {
        line: 2,
        number: 1,
        title: "Upprop och val av justerare",
        caseNumber: null,
        description: "Ordföranden förrättar upprop. Två ledamöter väljs att jämte ordföranden justera protokollet.",
        documentUrls: [],
        proposals: [],
      });
      assert.equal(items[1]?.caseNumber, "KS 2026/412");
      assert.equal(items[1]?.documentUrls.length, 4);
      assert.equal(items[8]?.title, "Detaljplan för kvarteret Lärkan, Norra Exempelstad");
      assert.ok(items.every((i) => i.documentUrls.every((u) => u.startsWith("https://www.exempelstad.se/"))));
    });

    it("reads the JSON agenda and it agrees with the CSV on numbers, titles, case numbers and documents", () => {
      const fromJson = accepted(example("agenda-kf.json"));
      const fromCsv = accepted(example("agenda-kf.csv"));
      const summary = (items: readonly AgendaDraftItem[]) =>
        items.map((i) => ({ number: i.number, title: i.title, caseNumber: i.caseNumber, description: i.description, documentUrls: i.documentUrls }));
      assert.deepEqual(summary(fromJson), summary(fromCsv));
      assert.deepEqual(fromJson.map((i) => i.line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it("reads the JSON agenda's proposals: the executive board's and two party groups' on the budget", () => {
      const items = accepted(example("agenda-kf.json"));
      assert.deepEqual(
        items[1]?.proposals.map((p) => `${p.label} (${p.proposedBy})`),
        ["Kommunstyrelsens förslag (Kommunstyrelsen)", "Moderaternas förslag (Moderaterna)", "Sverigedemokraternas förslag (Sverigedemokraterna)"],
      );
      assert.ok([1, 2, 3].every((i) => items[i]?.proposals[0]?.label === "Kommunstyrelsens förslag"));
      assert.ok(items.flatMap((i) => i.proposals).every((p) => p.text.startsWith("Kommunfullmäktige ")));
      assert.deepEqual(items[0]?.proposals, []);
    });
  });

  describe("given a valid CSV file", () => {
    it("returns every item with its line, proposal and documents", () => {
      const items = accepted(file(...VALID));
      assert.deepEqual(items[1], {
        line: 3,
        number: 2,
        title: "Budget 2027",
        caseNumber: "KS 2026/412",
        description: "Budget och flerårsplan.",
        documentUrls: [`${DOCS}/budget.pdf`],
        proposals: [{ label: "Kommunstyrelsens förslag", text: "Fullmäktige fastställer budgeten.", proposedBy: "Kommunstyrelsen" }],
      });
      assert.deepEqual(items[2]?.proposals, []);
    });

    it("accepts Swedish column names in any case and order, a decomposed ö, CRLF and a BOM", () => {
      const text =
        "\uFEFFRubrik,PARAGRAF,Dnr,Beskrivning,Handlingar,Fo\u0308rslag,förslag_rubrik,Förslagsställare\r\n" +
        '"Motion om cykelvägar",4,KS 2025/9,"Beskrivning, med komma",,Motionen avslås.,,Kommunstyrelsen\r\n';
      assert.deepEqual(accepted(text), [
        {
          line: 2,
          number: 4,
          title: "Motion om cykelvägar",
          caseNumber: "KS 2025/9",
          description: "Beskrivning, med komma",
          documentUrls: [],
          proposals: [{ label: "Förslag", text: "Motionen avslås.", proposedBy: "Kommunstyrelsen" }],
        },
      ]);
    });

    it("needs only the number and title columns", () => {
      assert.deepEqual(accepted("nummer,titel\n1,Upprop\n"), [
        { line: 2, number: 1, title: "Upprop", caseNumber: null, description: null, documentUrls: [], proposals: [] },
      ]);
    });

    it("trims every field and reads empty ones as absent", () => {
      const [item] = accepted("number,title,case_number,description,proposed_by,proposal\n 7 ,  Val av revisorer  ,   ,  ,  ,  \n");
      assert.deepEqual(item, { line: 2, number: 7, title: "Val av revisorer", caseNumber: null, description: null, documentUrls: [], proposals: [] });
    });

    it("splits document addresses on white space and semicolons", () => {
      const [item] = accepted(`number,title,dokument\n1,Budget,"${DOCS}/a.pdf; ${DOCS}/b.pdf\n${DOCS}/c.pdf;;http://arkiv.exempelstad.se/d?id=1&v=2"\n`);
      assert.deepEqual(item?.documentUrls, [`${DOCS}/a.pdf`, `${DOCS}/b.pdf`, `${DOCS}/c.pdf`, "http://arkiv.exempelstad.se/d?id=1&v=2"]);
    });

    it("returns the items in § order and does not require the numbers to run without gaps", () => {
      const items = accepted("number,title\n12,Tolv\n3,Tre\n7,Sju\n");
      assert.deepEqual(items.map((i) => [i.number, i.line]), [[3, 3], [7, 4], [12, 2]]);
    });

    it("names a row whose quoted description spans lines by the line it starts on, and counts the lines after", () => {
      const items = accepted('number,title,description\n1,Upprop,"Första raden\r\nandra raden\r\n"\n2,Budget,\n');
      assert.deepEqual(items.map((i) => i.line), [2, 5]);
      assert.equal(items[0]?.description, "Första raden\nandra raden");
    });
  });

  describe("when the CSV header is wrong", () => {
    it("refuses an unknown column on line 1, listing the names it takes", () => {
      const problems = refused(file(...VALID).replace(HEADER, `${HEADER},sekreterare`));
      assert.deepEqual(where(problems), ["1:"]);
      assert.match(problems[0]?.reason ?? "", /unknown column "sekreterare" \(expected number, nummer, paragraf, title, rubrik, titel, case_number.*förslagsställare\)/);
    });

    it("refuses a header without the number and title columns, naming both", () => {
      const problems = refused("diarienummer,beskrivning\nKS 2026/1,Något\n");
      assert.deepEqual(where(problems), ["1:number", "1:title"]);
      assert.match(problems[0]?.reason ?? "", /number is missing/);
    });

    it("refuses a column named twice (rubrik and title)", () => {
      assert.deepEqual(where(refused("number,title,rubrik\n1,a,b\n")), ["1:title"]);
    });

    it("refuses an empty file on line 1 and a header without rows as an empty agenda (line 0)", () => {
      assert.deepEqual(where(refused("")), ["1:"]);
      assert.deepEqual(where(refused("\uFEFF")), ["1:"]);
      const problems = refused(`${HEADER}\n`);
      assert.deepEqual(where(problems), ["0:"]);
      assert.match(problems[0]?.reason ?? "", /no items/);
    });
  });

  describe("when a CSV row is wrong", () => {
    const long = (n: number): string => "x".repeat(n);
    const cases: ReadonlyArray<{ what: string; line: number; row: string; expect: string[]; reason: RegExp }> = [
      { what: "a missing number", line: 3, row: ",Budget,,,,,,", expect: ["3:number"], reason: /paragraph number \(§\) is missing/ },
      { what: "a number that is not a number", line: 3, row: "två,Budget,,,,,,", expect: ["3:number"], reason: /"två" is not a paragraph number/ },
      { what: "a number 0", line: 3, row: "0,Budget,,,,,,", expect: ["3:number"], reason: /"0" is not a paragraph number/ },
      { what: "a fractional number", line: 3, row: "2.5,Budget,,,,,,", expect: ["3:number"], reason: /"2.5" is not a paragraph number/ },
      { what: "a number written with §", line: 3, row: "§ 2,Budget,,,,,,", expect: ["3:number"], reason: /without §/ },
      { what: "a number too large to hold", line: 3, row: "99999999999999999999,Budget,,,,,,", expect: ["3:number"], reason: /not a paragraph number/ },
      { what: "an empty title", line: 4, row: "3,  ,,,,,,", expect: ["4:title"], reason: /title is empty/ },
      { what: "a title that is too long", line: 4, row: `3,${long(AGENDA_LIMITS.title + 1)},,,,,,`, expect: ["4:title"], reason: /title is longer than 500 characters \(501\)/ },
      { what: "a case number that is too long", line: 4, row: `3,Skatt,${long(101)},,,,,`, expect: ["4:case_number"], reason: /case number is longer than 100/ },
      { what: "a description that is too long", line: 4, row: `3,Skatt,,${long(20_001)},,,,`, expect: ["4:description"], reason: /description is longer than 20000/ },
      { what: "a relative document address", line: 4, row: "3,Skatt,,,/handlingar/skatt.pdf,,,", expect: ["4:document_urls"], reason: /"\/handlingar\/skatt.pdf" is not an absolute http or https address/ },
      { what: "a javascript: address", line: 4, row: "3,Skatt,,,javascript:alert(1),,,", expect: ["4:document_urls"], reason: /"javascript:alert\(1\)" is not an absolute http or https address/ },
      { what: "an ftp address", line: 4, row: "3,Skatt,,,ftp://arkiv.exempelstad.se/skatt.pdf,,,", expect: ["4:document_urls"], reason: /not an absolute http or https address/ },
      { what: "an address without a host", line: 4, row: "3,Skatt,,,https://,,,", expect: ["4:document_urls"], reason: /not a valid address/ },
      { what: "two addresses joined by a comma", line: 4, row: `3,Skatt,,,"${DOCS}/a.pdf,${DOCS}/b.pdf",,,`, expect: ["4:document_urls"], reason: /looks like two addresses/ },
      { what: "an address that is too long", line: 4, row: `3,Skatt,,,${DOCS}/${long(2000)},,,`, expect: ["4:document_urls"], reason: /longer than 2000 characters/ },
      { what: "too many documents", line: 4, row: `3,Skatt,,,${Array.from({ length: 51 }, (_, i) => `${DOCS}/${i}.pdf`).join(" ")},,,`, expect: ["4:document_urls"], reason: /51 documents, at most 50/ },
      { what: "a proposal label without a text", line: 4, row: "3,Skatt,,,,,Kommunstyrelsens förslag,", expect: ["4:proposal"], reason: /the proposal has no text \(a label or who made it is given\)/ },
      { what: "a proposal text that is too long", line: 4, row: `3,Skatt,,,,${long(20_001)},,`, expect: ["4:proposal"], reason: /text of the proposal is longer than 20000/ },
      { what: "a proposal label that is too long", line: 4, row: `3,Skatt,,,,Bifall.,${long(201)},`, expect: ["4:proposal_label"], reason: /label of the proposal is longer than 200/ },
      { what: "a proposer that is too long", line: 4, row: `3,Skatt,,,,Bifall.,,${long(201)}`, expect: ["4:proposed_by"], reason: /who made the proposal is longer than 200/ },
      { what: "a row with too few fields", line: 3, row: "2,Budget", expect: ["3:"], reason: /2 fields, the header has 8/ },
      { what: "a row with too many fields", line: 3, row: "2,Budget,,,,,,,", expect: ["3:"], reason: /9 fields, the header has 8/ },
    ];
    for (const c of cases) {
      it(`refuses ${c.what} on its line`, () => {
        const problems = refused(withLine(c.line, c.row));
        assert.deepEqual(where(problems), c.expect);
        assert.match(problems[0]?.reason ?? "", c.reason);
      });
    }

    it("refuses a number used twice on the later line, naming the line of the first use", () => {
      const problems = refused(withLine(4, "1,Skattesats,,,,,,"));
      assert.deepEqual(where(problems), ["4:number"]);
      assert.match(problems[0]?.reason ?? "", /§1 is already used on line 2/);
    });

    it("refuses an unterminated quote on the line its field starts", () => {
      const problems = refused(file(VALID[0] ?? "", '2,"Budget,,,,,,', VALID[2] ?? ""));
      assert.deepEqual(where(problems), ["3:"]);
      assert.match(problems[0]?.reason ?? "", /not closed/);
    });

    it(`refuses more than ${AGENDA_LIMITS.items} items as a problem of the whole file, and takes ${AGENDA_LIMITS.items}`, () => {
      const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1},Punkt ${i + 1}`);
      assert.equal(accepted(["number,title", ...rows(500)].join("\n")).length, 500);
      const problems = refused(["number,title", ...rows(501)].join("\n"));
      assert.deepEqual(where(problems), ["0:"]);
      assert.match(problems[0]?.reason ?? "", /501 items, at most 500/);
    });
  });

  describe("when a CSV file has several problems", () => {
    it("reports every one of them, in line order, and no items", () => {
      const problems = refused(
        file(
          "1,Upprop,,,,,,", // 2
          ",,,,,,,", // 3: no number, no title
          '1,"Budget\n2027",,,/budget.pdf,,Förslag,', // 4-5: § used on line 2, a relative address, a label without text
          "4,Skatt", // 6: too few fields
          `5,Taxa,${"x".repeat(101)},,javascript:void(0),,,`, // 7: a long case number, a javascript: address
        ),
      );
      assert.deepEqual(where(problems), [
        "3:number", "3:title",
        "4:number", "4:document_urls", "4:proposal",
        "6:",
        "7:case_number", "7:document_urls",
      ]);
      assert.match(problems[2]?.reason ?? "", /§1 is already used on line 2/);
    });
  });

  describe("given a JSON file", () => {
    const item = { number: 1, title: "Upprop", caseNumber: null, description: "Upprop.", documentUrls: [`${DOCS}/a.pdf`], proposals: [] };

    it("reads a list of items, an object with items and an object with agenda alike", () => {
      const expected = [{ line: 1, number: 1, title: "Upprop", caseNumber: null, description: "Upprop.", documentUrls: [`${DOCS}/a.pdf`], proposals: [] }];
      assert.deepEqual(accepted(json([item])), expected);
      assert.deepEqual(accepted(json({ items: [item] })), expected);
      assert.deepEqual(accepted(json({ agenda: [item] })), expected);
    });

    it("takes Swedish and snake_case keys, a number as a string of digits and the addresses as one string", () => {
      const items = accepted(
        json([
          { paragraf: "2", rubrik: " Budget ", diarienummer: "KS 2026/412", beskrivning: "", handlingar: `${DOCS}/a.pdf;${DOCS}/b.pdf`, förslag: null },
          { nummer: 1, titel: "Upprop", case_number: null, document_urls: null },
        ]),
      );
      assert.deepEqual(items, [
        { line: 2, number: 1, title: "Upprop", caseNumber: null, description: null, documentUrls: [], proposals: [] },
        { line: 1, number: 2, title: "Budget", caseNumber: "KS 2026/412", description: null, documentUrls: [`${DOCS}/a.pdf`, `${DOCS}/b.pdf`], proposals: [] },
      ]);
    });

    it("reads proposals, labelling one without a label Förslag and one without a proposer as nobody's", () => {
      const [read] = accepted(
        json([
          {
            ...item,
            proposals: [
              { label: "Kommunstyrelsens förslag", text: "Motionen avslås.", proposedBy: "Kommunstyrelsen" },
              { text: " Motionen bifalls. " },
              { rubrik: "Återremiss", text: "Ärendet återremitteras.", förslagsställare: "Sverigedemokraterna" },
            ],
          },
        ]),
      );
      assert.deepEqual(read?.proposals, [
        { label: "Kommunstyrelsens förslag", text: "Motionen avslås.", proposedBy: "Kommunstyrelsen" },
        { label: "Förslag", text: "Motionen bifalls.", proposedBy: null },
        { label: "Återremiss", text: "Ärendet återremitteras.", proposedBy: "Sverigedemokraterna" },
      ]);
    });
  });

  describe("when a JSON file is wrong", () => {
    const item = { number: 1, title: "Upprop" };

    it("refuses text that is not JSON as one problem of the whole file, with the parser's message", () => {
      const problems = refused('[{"number": 1, "title": "Upprop",}]');
      assert.deepEqual(where(problems), ["0:"]);
      assert.match(problems[0]?.reason ?? "", /^the file is not valid JSON: .+/);
    });

    it("refuses a document that is not a list of items, or an object with one", () => {
      const cases: ReadonlyArray<readonly [string, RegExp]> = [
        ['"agenda"', /holds text, but a list of agenda items/],
        ["{}", /has no "items"/],
        [json({ items: {} }), /"items" is an object, not a list/],
        [json({ items: [item], agenda: [item] }), /both "items" and "agenda"/],
        [json({ itemz: [item] }), /unknown field "itemz" \(expected items or agenda\)/],
        [json({ meeting: "2026-12-14", items: [item] }), /unknown field "meeting"/],
        ["   ", /file is empty/],
      ];
      for (const [text, reason] of cases) {
        const problems = refused(text, "JSON");
        assert.deepEqual(where(problems), ["0:"], text);
        assert.match(problems[0]?.reason ?? "", reason, text);
      }
    });

    it("refuses an empty list and more items than the limit as problems of the whole file", () => {
      assert.match(refused("[]")[0]?.reason ?? "", /no items/);
      const many = Array.from({ length: AGENDA_LIMITS.items + 1 }, (_, i) => ({ number: i + 1, title: `Punkt ${i + 1}` }));
      assert.deepEqual(where(refused(json(many))), ["0:"]);
    });

    it("refuses an item that is not an object at its place in the list", () => {
      const problems = refused(json([item, "Budget", null]));
      assert.deepEqual(where(problems), ["2:", "3:"]);
      assert.match(problems[0]?.reason ?? "", /the item is text, not an object/);
    });

    it("refuses a value of the wrong type at its item, naming the field as written", () => {
      const problems = refused(
        json([
          item,
          { number: true, title: 2027, caseNumber: 412, description: ["a"], documentUrls: [`${DOCS}/a.pdf`, 7], proposals: { text: "Bifall." } },
          { number: 3, title: "Skatt", dokument: { url: "x" }, förslag: ["Bifall.", { label: "Förslag", text: 1 }] },
        ]),
      );
      assert.deepEqual(where(problems), [
        "2:number", "2:title", "2:case_number", "2:description", "2:document_urls", "2:proposal",
        "3:document_urls", "3:proposal", "3:proposal",
      ]);
      const reasons = problems.map((p) => p.reason);
      assert.match(reasons[0] ?? "", /"number" must be a whole number \(or a string of digits\), not true/);
      assert.match(reasons[1] ?? "", /"title" must be text, not a number/);
      assert.match(reasons[2] ?? "", /"caseNumber" must be text/);
      assert.match(reasons[4] ?? "", /entry 2 of "documentUrls" is a number, not an address/);
      assert.match(reasons[5] ?? "", /"proposals" must be a list of proposals/);
      assert.match(reasons[6] ?? "", /"dokument" must be a list of addresses/);
      assert.match(reasons[7] ?? "", /proposal 1 is text, not an object/);
      assert.match(reasons[8] ?? "", /proposal 2: "text" must be text, not a number/);
    });

    it("refuses an unknown key at an item or a proposal, so that a misspelt field is not dropped", () => {
      const problems = refused(json([{ number: 1, tilte: "Upprop", title: "Upprop" }, { ...item, number: 2, proposals: [{ text: "Bifall.", proposer: "M" }] }]));
      assert.deepEqual(where(problems), ["1:", "2:proposal"]);
      assert.match(problems[0]?.reason ?? "", /unknown field "tilte" \(expected number, nummer, paragraf, title, .*proposals, forslag, förslag\)/);
      assert.match(problems[1]?.reason ?? "", /proposal 1: unknown field "proposer"/);
    });

    it("refuses a field given twice under two names", () => {
      const problems = refused(json([{ number: 1, title: "Upprop", rubrik: "Upprop" }]));
      assert.deepEqual(where(problems), ["1:title"]);
      assert.match(problems[0]?.reason ?? "", /title is given twice, as "title" and "rubrik"/);
    });

    it("refuses numbers that are not paragraph numbers, and a number used twice naming the first item", () => {
      const problems = refused(json([{ number: 1.5, title: "a" }, { number: -2, title: "b" }, { number: "3a", title: "c" }, { number: 4, title: "d" }, { number: "4", title: "e" }, { title: "f" }]));
      assert.deepEqual(where(problems), ["1:number", "2:number", "3:number", "5:number", "6:number"]);
      assert.match(problems[0]?.reason ?? "", /"1.5" is not a paragraph number/);
      assert.match(problems[3]?.reason ?? "", /§4 is already used by item 4/);
      assert.match(problems[4]?.reason ?? "", /is missing/);
    });

    it("applies the same checks as to CSV: addresses, lengths, proposals", () => {
      const problems = refused(
        json([
          { number: 1, title: "Upprop", documentUrls: ["javascript:alert(1)", "https://exempelstad.se/a b.pdf", "handlingar/b.pdf"] },
          { number: 2, title: "Budget", proposals: Array.from({ length: 21 }, (_, i) => ({ text: `Förslag ${i + 1}` })) },
          { number: 3, title: "Skatt", proposals: [{ text: "Bifall." }, { label: "Avslag", proposedBy: "M" }] },
        ]),
      );
      assert.deepEqual(where(problems), ["1:document_urls", "1:document_urls", "1:document_urls", "2:proposal", "3:proposal"]);
      assert.match(problems[1]?.reason ?? "", /contains a space/);
      assert.match(problems[3]?.reason ?? "", /21 proposals, at most 20/);
      assert.match(problems[4]?.reason ?? "", /proposal 2 has no text/);
    });
  });

  describe("telling the format", () => {
    it("reads text starting with [ or { (after a BOM and white space) as JSON, anything else as CSV", () => {
      assert.equal(accepted('\uFEFF \n [{"number": 1, "title": "Upprop"}]').length, 1);
      assert.equal(accepted('{"items": [{"number": 1, "title": "Upprop"}]}').length, 1);
      assert.equal(accepted("\uFEFFnumber,title\n1,Upprop\n").length, 1);
      // A broken JSON file is still JSON: its problem is the parser's, not an unknown CSV column.
      assert.match(refused("[1, 2")[0]?.reason ?? "", /not valid JSON/);
    });

    it("reads the format it is told, whatever the text starts with", () => {
      const problems = refused("[1]", "CSV");
      assert.deepEqual(where(problems), ["1:", "1:number", "1:title"]);
      assert.match(problems[0]?.reason ?? "", /unknown column "\[1\]"/);
      assert.deepEqual(where(refused("number,title\n1,Upprop\n", "JSON")), ["0:"]);
    });
  });
});
