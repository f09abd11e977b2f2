import type { Page } from "@playwright/test";
import { expect, test, type E2EServer, must } from "../fixtures.js";

/**
 * Journey: the chair decides a tie; the clerk records a jäv and the member's page says they cannot
 * vote; three budget proposals are decided by contra-proposition rounds opened through the chair's
 * form, and the clerk records the decision.
 */

const MEETING = "kf-2026-12-14";
const BUDGET = `${MEETING}-2`;
const TAX = `${MEETING}-3`;
const RECUSED = "member-7";

type Choice = "YES" | "NO" | "ABSTAIN";

interface VoteRow {
  readonly id: string;
  readonly round: number;
  readonly status: string;
  readonly yesProposal: { readonly id: string } | null;
  readonly noProposal: { readonly id: string } | null;
  readonly result: { readonly outcome: string; readonly yes: number; readonly no: number; readonly abstain: number; readonly decidedBy: string | null } | null;
  readonly eligible: ReadonlyArray<{ readonly id: string }>;
}
interface ItemData {
  readonly meeting: {
    readonly agenda: ReadonlyArray<{
      readonly id: string;
      readonly status: string;
      readonly decision: string | null;
      readonly adoptedProposal: { readonly id: string } | null;
      readonly recusals: ReadonlyArray<{ readonly id: string }>;
      readonly proposals: ReadonlyArray<{ readonly id: string; readonly text: string }>;
      readonly votes: readonly VoteRow[];
    }>;
  } | null;
}


async function item(server: E2EServer, itemId: string) {
  const data = await must<ItemData>(
    server,
    "clerk-1",
    `query($m: ID!) { meeting(id: $m) { agenda { id status decision adoptedProposal { id } recusals { id } proposals { id text }
       votes { id round status yesProposal { id } noProposal { id } result { outcome yes no abstain decidedBy } eligible { id } } } } }`,
    { m: MEETING },
  );
  const found = data.meeting?.agenda.find((i) => i.id === itemId);
  if (!found) throw new Error(`no item ${itemId}`);
  return found;
}

/** Answers for the members (setup, not this journey's subject): castBallot as each member. */
async function castAll(server: E2EServer, voteId: string, choices: ReadonlyMap<string, Choice>): Promise<void> {
  await Promise.all([...choices].map(([member, choice]) => must(server, member, `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { choice } }`, { v: voteId, c: choice, k: `${voteId}-${member}` })));
}

async function pickOption(page: Page, combobox: string, option: string, shown: string = option): Promise<void> {
  await page.getByRole("combobox", { name: combobox }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
  await expect(page.getByRole("combobox", { name: combobox })).toHaveText(shown);
}

test("the chair decides a tie, the clerk records jäv, and contra-proposition rounds decide the budget", async ({ freshServer, pageAs }) => {
  test.setTimeout(90_000);
  // Setup: the meeting open with everyone present.
  await must(freshServer, "member-1", `mutation { openMeeting(meetingId: "${MEETING}") { id } }`);
  for (let seat = 1; seat <= 45; seat += 1) {
    await must(freshServer, "clerk-1", `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${seat}", present: true) { id } }`);
  }
  const viewport = { width: 900, height: 900 };
  const chair = await pageAs("member-1", { server: freshServer, viewport, locale: "sv-SE" });
  await chair.goto(`${freshServer.url}/chair?lang=sv&user=member-1`);
  const clerk = await pageAs("clerk-1", { server: freshServer, viewport, locale: "sv-SE" });
  await clerk.goto(`${freshServer.url}/clerk?lang=sv&user=clerk-1`);
  const member = await pageAs(RECUSED, { server: freshServer, viewport: { width: 360, height: 640 }, locale: "sv-SE" });

  // 1. A tie on the tax rate: 22 Ja, 22 Nej, the chair abstains.
  await chair.getByRole("button", { name: "Gör aktuellt: § 3" }).click();
  await expect(chair.getByRole("heading", { name: "§ 3 Skattesats för 2027" })).toBeVisible();
  await chair.getByRole("button", { name: "Öppna voteringen" }).click();
  const own = chair.getByRole("group", { name: "Ditt svar" });
  await own.getByRole("button", { name: "Avstår", exact: true }).click();
  await expect(own.getByRole("button", { name: "Avstår", exact: true })).toHaveAttribute("aria-pressed", "true");
  const taxVote = (await item(freshServer, TAX)).votes[0]?.id ?? "";
  const tie = new Map<string, Choice>();
  for (let seat = 2; seat <= 45; seat += 1) tie.set(`member-${seat}`, seat <= 23 ? "YES" : "NO");
  await castAll(freshServer, taxVote, tie);
  await expect(chair.getByText("Alla har svarat.")).toBeVisible();
  await chair.getByRole("button", { name: "Stäng voteringen" }).click();
  await expect(chair.getByText("Lika röstetal – ordföranden avgör")).toBeVisible();
  const decide = chair.getByRole("region", { name: "Ordföranden avgör" });
  await decide.getByRole("button", { name: "Ja", exact: true }).click();
  await expect(chair.getByText("Ja-sidan vann: Kommunstyrelsens förslag (avgjort med ordförandens utslagsröst)")).toBeVisible();
  await expect(decide).toHaveCount(0);
  const taxResult = (await item(freshServer, TAX)).votes[0]?.result;
  expect(taxResult).toEqual({ outcome: "YES", yes: 22, no: 22, abstain: 1, decidedBy: "CASTING_VOTE" });

  // 2. The budget: the clerk records jäv for seat 7 before any vote on it.
  await chair.getByRole("button", { name: "Gör aktuellt: § 2" }).click();
  await expect(chair.getByRole("heading", { name: /§ 2 Budget 2027/ })).toBeVisible();
  await expect(clerk.getByRole("heading", { name: "Jäv – § 2" })).toBeVisible();
  await pickOption(clerk, "Ledamot", "7. Eva Bergman (S)", "Eva Bergman (S)");
  await clerk.getByRole("button", { name: "Anmäl jäv" }).click();
  await expect(clerk.getByRole("list", { name: "Har anmält jäv" })).toHaveText("Eva Bergman (S)");
  await expect(chair.getByText("Jäv: Eva Bergman")).toBeVisible();

  // Round 1: Moderaternas förslag (Ja) against Sverigedemokraternas förslag (Nej).
  await pickOption(chair, "Ja-förslag", "Moderaternas förslag");
  await pickOption(chair, "Nej-förslag", "Sverigedemokraternas förslag");
  await expect(chair.getByRole("textbox", { name: "Fråga" })).toHaveValue("Ja för Moderaternas förslag, nej för Sverigedemokraternas förslag");
  await chair.getByRole("button", { name: "Öppna voteringen" }).click();
  await expect(chair.getByText("Har inte röstat (44)")).toBeVisible();

  // The member with jäv is told they cannot vote, and has no buttons.
  await expect(member.getByText("Du har anmält jäv i ärendet och deltar inte i beslutet.")).toBeVisible();
  await expect(member.getByRole("button", { name: "Ja", exact: true })).toHaveCount(0);
  const recusedCast = await freshServer.gql(RECUSED, `mutation($v: ID!) { castBallot(voteId: $v, choice: YES, idempotencyKey: "jav") { choice } }`, {
    v: (await item(freshServer, BUDGET)).votes[0]?.id,
  });
  expect(recusedCast.errors.length).toBeGreaterThan(0);

  const round1 = (await item(freshServer, BUDGET)).votes[0]?.id ?? "";
  const r1 = new Map<string, Choice>();
  for (let seat = 1; seat <= 45; seat += 1) if (seat !== 7) r1.set(`member-${seat}`, seat >= 23 && seat <= 29 ? "NO" : seat <= 12 || seat >= 30 ? "ABSTAIN" : "YES");
  await castAll(freshServer, round1, r1);
  await chair.getByRole("button", { name: "Stäng voteringen" }).click();
  await expect(chair.getByText("Ja-sidan vann: Moderaternas förslag")).toBeVisible();

  // Round 2: the form now offers Kommunstyrelsens förslag against the winner.
  await expect(chair.getByRole("combobox", { name: "Ja-förslag" })).toHaveText("Kommunstyrelsens förslag");
  await expect(chair.getByRole("combobox", { name: "Nej-förslag" })).toHaveText("Moderaternas förslag");
  await chair.getByRole("combobox", { name: "Nej-förslag" }).click();
  await expect(chair.getByRole("option", { name: "Sverigedemokraternas förslag" })).toHaveCount(0);
  await chair.keyboard.press("Escape");
  await chair.getByRole("button", { name: "Öppna voteringen" }).click();
  await expect(chair.getByText("Votering 2 · Knappvotering")).toBeVisible();
  const round2 = (await item(freshServer, BUDGET)).votes[1]?.id ?? "";
  const r2 = new Map<string, Choice>();
  for (let seat = 1; seat <= 45; seat += 1) if (seat !== 7) r2.set(`member-${seat}`, (seat >= 13 && seat <= 29) || (seat >= 38 && seat <= 40) ? "NO" : "YES");
  await castAll(freshServer, round2, r2);
  await chair.getByRole("button", { name: "Stäng voteringen" }).click();
  await expect(chair.getByText("Ja-sidan vann: Kommunstyrelsens förslag")).toBeVisible();
  await expect(chair.getByRole("region", { name: "Tidigare voteringar i ärendet" })).toContainText("Votering 1: Ja-sidan vann: Moderaternas förslag (10–7–27)");

  // The clerk records the decision: the adopted proposal's text is the draft.
  const budget = await item(freshServer, BUDGET);
  const ksText = budget.proposals.find((p) => p.id === `${BUDGET}-a`)?.text ?? "";
  const decisionText = clerk.getByRole("textbox", { name: "Beslutstext till protokollet" });
  await expect(decisionText).toHaveValue(ksText);
  await clerk.getByRole("button", { name: "Spara beslutet" }).click();
  await expect(clerk.getByText("Sparat.")).toBeVisible();
  await expect(chair.getByText(`Beslut: ${ksText}`)).toBeVisible();

  // The record: both rounds on the item, the jäv, and the decision.
  const record = await item(freshServer, BUDGET);
  expect(record.status).toBe("DECIDED");
  expect(record.decision).toBe(ksText);
  expect(record.adoptedProposal?.id).toBe(`${BUDGET}-a`);
  expect(record.recusals.map((m) => m.id)).toEqual([RECUSED]);
  expect(
    record.votes.map((v) => ({ round: v.round, status: v.status, yes: v.yesProposal?.id, no: v.noProposal?.id, outcome: v.result?.outcome, counts: [v.result?.yes, v.result?.no, v.result?.abstain] })),
  ).toEqual([
    { round: 1, status: "CLOSED", yes: `${BUDGET}-b`, no: `${BUDGET}-c`, outcome: "YES", counts: [10, 7, 27] },
    { round: 2, status: "CLOSED", yes: `${BUDGET}-a`, no: `${BUDGET}-b`, outcome: "YES", counts: [24, 20, 0] },
  ]);
  for (const v of record.votes) {
    expect(v.eligible).toHaveLength(44);
    expect(v.eligible.map((m) => m.id)).not.toContain(RECUSED);
  }
});
