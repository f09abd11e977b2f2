import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Choice, Majority, VoteResultRecord } from "./events.js";
import { computeResult, quorumRequired, twoThirdsOf, type ResultInput } from "./result.js";

describe("quorumRequired: more than half of the seats (RULES.md 4)", () => {
  const cases: ReadonlyArray<{ seats: number; required: number }> = [
    { seats: 45, required: 23 },
    { seats: 44, required: 23 },
    { seats: 46, required: 24 },
    { seats: 101, required: 51 },
    { seats: 3, required: 2 },
    { seats: 2, required: 2 },
    { seats: 1, required: 1 },
  ];
  for (const { seats, required } of cases) {
    it(`${seats} seats need ${required} served`, () => {
      assert.equal(quorumRequired(seats), required);
    });
  }
});

describe("twoThirdsOf: two thirds of the present, rounded up (RULES.md 10)", () => {
  const cases: ReadonlyArray<{ present: number; needed: number }> = [
    { present: 45, needed: 30 },
    { present: 44, needed: 30 }, // ceil(88 / 3) = ceil(29.33)
    { present: 43, needed: 29 }, // ceil(86 / 3) = ceil(28.67)
    { present: 30, needed: 20 },
    { present: 23, needed: 16 }, // ceil(46 / 3) = ceil(15.33)
    { present: 3, needed: 2 },
    { present: 1, needed: 1 },
  ];
  for (const { present, needed } of cases) {
    it(`${present} present need ${needed} Ja`, () => {
      assert.equal(twoThirdsOf(present), needed);
    });
  }
});

describe("computeResult", () => {
  const input = (
    yes: number,
    no: number,
    abstain: number,
    rest: Partial<Omit<ResultInput, "counts">> = {},
  ): ResultInput => ({
    counts: { yes, no, abstain },
    eligible: rest.eligible ?? 45,
    present: rest.present ?? 45,
    majority: rest.majority ?? "SIMPLE",
    chairChoice: rest.chairChoice ?? null,
  });

  const cases: ReadonlyArray<{ name: string; input: ResultInput; expected: VoteResultRecord }> = [
    // RULES.md 10: SIMPLE majority, abstentions do not count.
    {
      name: "SIMPLE: more Ja than Nej is YES by majority",
      input: input(20, 15, 5),
      expected: { outcome: "YES", decidedBy: "MAJORITY", yes: 20, no: 15, abstain: 5, absent: 5 },
    },
    {
      name: "SIMPLE: more Nej than Ja is NO by majority",
      input: input(10, 30, 5),
      expected: { outcome: "NO", decidedBy: "MAJORITY", yes: 10, no: 30, abstain: 5, absent: 0 },
    },
    {
      name: "SIMPLE: abstentions do not count, however many",
      input: input(2, 1, 40),
      expected: { outcome: "YES", decidedBy: "MAJORITY", yes: 2, no: 1, abstain: 40, absent: 2 },
    },
    {
      name: "SIMPLE: the chair's answer does not matter without a tie",
      input: input(22, 21, 0, { chairChoice: "NO" }),
      expected: { outcome: "YES", decidedBy: "MAJORITY", yes: 22, no: 21, abstain: 0, absent: 2 },
    },
    // RULES.md 11: a tie goes the chair's way; without a chair's Ja or Nej it stays a TIE.
    {
      name: "SIMPLE tie, the chair voted Ja: YES by casting vote",
      input: input(20, 20, 5, { chairChoice: "YES" }),
      expected: { outcome: "YES", decidedBy: "CASTING_VOTE", yes: 20, no: 20, abstain: 5, absent: 0 },
    },
    {
      name: "SIMPLE tie, the chair voted Nej: NO by casting vote",
      input: input(20, 20, 5, { chairChoice: "NO" }),
      expected: { outcome: "NO", decidedBy: "CASTING_VOTE", yes: 20, no: 20, abstain: 5, absent: 0 },
    },
    {
      name: "SIMPLE tie, the chair abstained: TIE, undecided",
      input: input(20, 20, 5, { chairChoice: "ABSTAIN" }),
      expected: { outcome: "TIE", decidedBy: null, yes: 20, no: 20, abstain: 5, absent: 0 },
    },
    {
      name: "SIMPLE tie, the chair did not vote: TIE, undecided",
      input: input(20, 20, 4, { chairChoice: null }),
      expected: { outcome: "TIE", decidedBy: null, yes: 20, no: 20, abstain: 4, absent: 1 },
    },
    {
      name: "SIMPLE: nobody answered is a 0-0 TIE, everyone absent",
      input: input(0, 0, 0),
      expected: { outcome: "TIE", decidedBy: null, yes: 0, no: 0, abstain: 0, absent: 45 },
    },
    // RULES.md 10: TWO_THIRDS_OF_PRESENT.
    {
      name: "TWO_THIRDS_OF_PRESENT, 45 present: 29 Ja is NO",
      input: input(29, 0, 0, { majority: "TWO_THIRDS_OF_PRESENT" }),
      expected: { outcome: "NO", decidedBy: "MAJORITY", yes: 29, no: 0, abstain: 0, absent: 16 },
    },
    {
      name: "TWO_THIRDS_OF_PRESENT, 45 present: 30 Ja is YES",
      input: input(30, 15, 0, { majority: "TWO_THIRDS_OF_PRESENT" }),
      expected: { outcome: "YES", decidedBy: "MAJORITY", yes: 30, no: 15, abstain: 0, absent: 0 },
    },
    {
      name: "TWO_THIRDS_OF_PRESENT, 44 present: 29 Ja is NO (30 needed)",
      input: input(29, 1, 0, { majority: "TWO_THIRDS_OF_PRESENT", present: 44, eligible: 44 }),
      expected: { outcome: "NO", decidedBy: "MAJORITY", yes: 29, no: 1, abstain: 0, absent: 14 },
    },
    {
      name: "TWO_THIRDS_OF_PRESENT, 44 present: 30 Ja is YES",
      input: input(30, 14, 0, { majority: "TWO_THIRDS_OF_PRESENT", present: 44, eligible: 44 }),
      expected: { outcome: "YES", decidedBy: "MAJORITY", yes: 30, no: 14, abstain: 0, absent: 0 },
    },
    {
      name: "TWO_THIRDS_OF_PRESENT counts the present, not those who answered",
      input: input(20, 0, 0, { majority: "TWO_THIRDS_OF_PRESENT", present: 45, eligible: 45 }),
      expected: { outcome: "NO", decidedBy: "MAJORITY", yes: 20, no: 0, abstain: 0, absent: 25 },
    },
    {
      name: "TWO_THIRDS_OF_PRESENT: the base is the seats served at open, not the eligible",
      input: input(29, 0, 0, { majority: "TWO_THIRDS_OF_PRESENT", present: 45, eligible: 42 }),
      expected: { outcome: "NO", decidedBy: "MAJORITY", yes: 29, no: 0, abstain: 0, absent: 13 },
    },
    {
      name: "TWO_THIRDS_OF_PRESENT: a tie is NO, the chair has no casting vote",
      input: input(15, 15, 0, { majority: "TWO_THIRDS_OF_PRESENT", chairChoice: "YES" }),
      expected: { outcome: "NO", decidedBy: "MAJORITY", yes: 15, no: 15, abstain: 0, absent: 15 },
    },
    // RULES.md 7: an eligible member who gives no answer is absent from the vote.
    {
      name: "absent is eligible minus answers",
      input: input(30, 5, 2, { majority: "TWO_THIRDS_OF_PRESENT" }),
      expected: { outcome: "YES", decidedBy: "MAJORITY", yes: 30, no: 5, abstain: 2, absent: 8 },
    },
    {
      name: "absent is eligible minus answers when fewer are eligible than present (a recusal)",
      input: input(10, 10, 3, { eligible: 44, present: 45, chairChoice: "NO" }),
      expected: { outcome: "NO", decidedBy: "CASTING_VOTE", yes: 10, no: 10, abstain: 3, absent: 21 },
    },
  ];

  for (const { name, input: given, expected } of cases) {
    it(name, () => {
      assert.deepEqual(computeResult(given), expected);
    });
  }
});

describe("computeResult properties", () => {
  const choiceOrNull = fc.constantFrom<Choice | null>("YES", "NO", "ABSTAIN", null);

  it("SIMPLE without a tie: the larger side wins by majority, whatever the chair answered", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 200 }),
        fc.nat({ max: 200 }),
        fc.nat({ max: 200 }),
        fc.nat({ max: 200 }),
        choiceOrNull,
        (yes, no, abstain, silent, chairChoice) => {
          fc.pre(yes !== no);
          const result = computeResult({
            counts: { yes, no, abstain },
            eligible: yes + no + abstain + silent,
            present: yes + no + abstain + silent,
            majority: "SIMPLE",
            chairChoice,
          });
          assert.equal(result.outcome, yes > no ? "YES" : "NO");
          assert.equal(result.decidedBy, "MAJORITY");
        },
      ),
    );
  });

  it("absent + yes + no + abstain equals eligible whenever the answers do not exceed the eligible", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 200 }),
        fc.nat({ max: 200 }),
        fc.nat({ max: 200 }),
        fc.nat({ max: 200 }),
        fc.constantFrom<Majority>("SIMPLE", "TWO_THIRDS_OF_PRESENT"),
        choiceOrNull,
        (yes, no, abstain, silent, majority, chairChoice) => {
          const eligible = yes + no + abstain + silent;
          const result = computeResult({ counts: { yes, no, abstain }, eligible, present: eligible, majority, chairChoice });
          assert.equal(result.absent, silent);
          assert.equal(result.absent + result.yes + result.no + result.abstain, eligible);
        },
      ),
    );
  });
});
