import { expect, test, type E2EServer, must } from "../fixtures.js";

/**
 * Journey: a roll-call vote (namnupprop). The chair opens it through the form and calls the members
 * one by one, following "Nästa: <name>", the chair last; the record keeps the call order.
 */

const MEETING = "kf-2026-12-14";
const BUDGET = `${MEETING}-2`;
const ABSENT = new Set([12, 30]);

type Choice = "YES" | "NO" | "ABSTAIN";
const LABEL: Readonly<Record<Choice, string>> = { YES: "Ja", NO: "Nej", ABSTAIN: "Avstår" };
const CHOICES: readonly Choice[] = ["YES", "NO", "ABSTAIN"];

interface MemberRow {
  readonly id: string;
  readonly name: string;
  readonly party: string;
  readonly seat: number | null;
}
interface MeetingData {
  readonly meeting: {
    readonly assembly: { readonly members: readonly MemberRow[] };
    readonly agenda: ReadonlyArray<{ readonly id: string; readonly votes: ReadonlyArray<{ readonly id: string }> }>;
  } | null;
}
interface VoteRecord {
  readonly vote: {
    readonly method: string;
    readonly status: string;
    readonly callOrder: ReadonlyArray<{ readonly id: string }>;
    readonly ballots: ReadonlyArray<{ readonly choice: Choice; readonly recordedAt: string; readonly source: string; readonly recordedBy: string; readonly member: { readonly id: string } }>;
  } | null;
}


test("a roll-call vote: the chair calls every member in seat order, the chair last, and the record keeps that order", async ({ freshServer, pageAs }) => {
  test.setTimeout(90_000);
  // Setup (not this journey's subject): the meeting open, two seats absent, the budget current.
  await must(freshServer, "member-1", `mutation { openMeeting(meetingId: "${MEETING}") { id } }`);
  for (let seat = 1; seat <= 45; seat += 1) {
    if (ABSENT.has(seat)) continue;
    await must(freshServer, "clerk-1", `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${seat}", present: true) { id } }`);
  }
  await must(freshServer, "member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${BUDGET}") { id } }`);
  const before = await must<MeetingData>(freshServer, "clerk-1", `query($m: ID!) { meeting(id: $m) { assembly { members { id name party seat } } agenda { id votes { id } } } }`, {
    m: MEETING,
  });
  const members = before.meeting?.assembly.members ?? [];
  const label = (id: string): string => {
    const m = members.find((x) => x.id === id);
    if (!m) throw new Error(`no member ${id}`);
    return `${m.name} (${m.party})`;
  };
  // Seat order, the chair (seat 1) last.
  const expectedOrder: string[] = [];
  for (let seat = 2; seat <= 45; seat += 1) if (!ABSENT.has(seat)) expectedOrder.push(`member-${seat}`);
  expectedOrder.push("member-1");

  const chair = await pageAs("member-1", { server: freshServer, viewport: { width: 800, height: 900 }, locale: "sv-SE" });
  await chair.goto(`${freshServer.url}/chair?lang=sv&user=member-1`);
  await expect(chair.getByRole("heading", { name: /§ 2 Budget 2027/ })).toBeVisible();
  await chair.getByRole("radio", { name: "Namnupprop" }).check();
  await chair.getByRole("button", { name: "Öppna voteringen" }).click();
  await expect(chair.getByText("Votering 1 · Namnupprop")).toBeVisible();

  const called = chair.getByRole("region", { name: "Uppropad nu" });
  const answered = chair.getByText(/\d+ av 43 har svarat/);
  await expect(answered).toHaveText("Uppropsordning (0 av 43 har svarat)");
  const clicked = new Map<string, Choice>();
  const heard: string[] = [];
  for (const [i, memberId] of expectedOrder.entries()) {
    const choice = CHOICES[i % 3] ?? "YES";
    const last = memberId === "member-1";
    // The chair's own turn comes last and reads "Ditt svar".
    await expect(called.getByText(last ? "Ditt svar" : `Nästa: ${label(memberId)}`, { exact: true })).toBeVisible();
    heard.push(memberId);
    await called.getByRole("button", { name: LABEL[choice], exact: true }).click();
    clicked.set(memberId, choice);
    await expect(answered).toHaveText(`Uppropsordning (${i + 1} av 43 har svarat)`);
  }
  expect(heard).toEqual(expectedOrder);
  await expect(chair.getByRole("status").filter({ hasText: "Alla har svarat." })).toBeVisible();
  await chair.getByRole("button", { name: "Stäng voteringen" }).click();
  await expect(chair.getByText("Votering 1 · Namnupprop")).toBeVisible();
  await expect(chair.getByText(/sidan vann/)).toBeVisible();

  // The record: every answer, in the order called, the chair's last.
  const after = await must<MeetingData>(freshServer, "clerk-1", `query($m: ID!) { meeting(id: $m) { assembly { members { id name party seat } } agenda { id votes { id } } } }`, {
    m: MEETING,
  });
  const voteId = after.meeting?.agenda.find((i) => i.id === BUDGET)?.votes[0]?.id;
  const record = await must<VoteRecord>(
    freshServer,
    "clerk-1",
    `query($v: ID!) { vote(id: $v) { method status callOrder { id } ballots { choice recordedAt source recordedBy member { id } } } }`,
    { v: voteId },
  );
  expect(record.vote?.method).toBe("ROLL_CALL");
  expect(record.vote?.status).toBe("CLOSED");
  expect(record.vote?.callOrder.map((m) => m.id)).toEqual(expectedOrder);
  const ballots = [...(record.vote?.ballots ?? [])];
  expect(ballots).toHaveLength(43);
  const times = ballots.map((b) => Date.parse(b.recordedAt));
  const byTime = ballots.map((b, i) => ({ b, at: times[i] ?? 0 })).sort((x, y) => x.at - y.at);
  // Strictly increasing: no two answers share a moment, so the order is unambiguous.
  for (let i = 1; i < byTime.length; i += 1) expect(byTime[i]?.at ?? 0).toBeGreaterThan(byTime[i - 1]?.at ?? 0);
  expect(byTime.map((x) => x.b.member.id)).toEqual(expectedOrder);
  expect(byTime.at(-1)?.b.member.id).toBe("member-1");
  for (const { b } of byTime) expect(b.choice).toBe(clicked.get(b.member.id));
  // The chair's own answer is theirs; everyone else's was entered by the chair on their behalf.
  expect(byTime.at(-1)?.b.source).toBe("DEVICE");
  expect(byTime.slice(0, -1).every((x) => x.b.source === "CLERK")).toBe(true);
});
