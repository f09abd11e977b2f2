import type { Page } from "@playwright/test";
import { expect, openInTeamsHost, test, type E2EServer, type TeamsHostPage, must } from "../fixtures.js";

/**
 * Journey: a whole electronic vote in a Teams meeting. The chair, in the Teams host, opens the meeting,
 * calls the roll with three absences and seats a substitute, makes the budget current and opens the
 * vote; 43 members answer at once from their own pages; the stage shows the counts, then the result
 * and the seat map; the record holds exactly what was clicked.
 */

const MEETING = "kf-2026-12-14";
const BUDGET = `${MEETING}-2`;
const TEAMS_MEETING_ID = "MCMxOTptZWV0aW5nX2pvdXJuZXktdGVhbXMtdm90ZUB0aHJlYWQudjIjMA==";
const ABSENT = new Set([5, 15, 40]);
const MEMBER_VIEWPORT = { width: 360, height: 640 };

type Choice = "YES" | "NO" | "ABSTAIN";
const LABEL: Readonly<Record<Choice, string>> = { YES: "Ja", NO: "Nej", ABSTAIN: "Avstår" };

interface BallotRow {
  readonly choice: Choice;
  readonly source: string;
  readonly member: { readonly id: string };
}
interface VoteRecord {
  readonly vote: { readonly status: string; readonly ballots: readonly BallotRow[]; readonly result: { outcome: string; yes: number; no: number; abstain: number; absent: number } | null } | null;
}
interface ItemVotes {
  readonly meeting: { readonly agenda: ReadonlyArray<{ readonly id: string; readonly votes: ReadonlyArray<{ readonly id: string }> }> } | null;
}


/** How each party answers (deterministic): the substitute answers with their party. */
function choiceFor(seat: number): Choice {
  if (seat <= 12) return "YES"; // S
  if (seat <= 29) return "NO"; // M, SD
  if (seat <= 33) return "YES"; // C
  if (seat <= 37) return "ABSTAIN"; // V
  if (seat <= 40) return "NO"; // KD
  if (seat <= 43) return "YES"; // L
  return "ABSTAIN"; // MP
}

test("a vote in a Teams meeting: the chair calls the roll and opens the vote, 43 members answer at once, the stage and every member see the result", { tag: "@crowd" }, async ({
  freshServer,
  pageAs,
  browser,
}) => {
  test.setTimeout(170_000);
  await must(freshServer, "clerk-1", `mutation($m: ID!, $t: String!) { linkTeamsMeeting(meetingId: $m, teamsMeetingId: $t) { id } }`, { m: MEETING, t: TEAMS_MEETING_ID });
  const hosts: TeamsHostPage[] = [];
  try {
    const chairHost = await openInTeamsHost(browser, freshServer, { userId: "member-1", frameContext: "content", teamsMeetingId: TEAMS_MEETING_ID, path: "/chair" });
    hosts.push(chairHost);
    const chair = chairHost.frame;

    // The chair opens the meeting.
    await chair.getByRole("button", { name: "Öppna sammanträdet" }).click();
    await expect(chair.getByText("0 av 45 platser besatta")).toBeVisible();

    // The roll-call: every holder present but three.
    const seatRow = (seat: number) => chair.getByRole("listitem").filter({ has: chair.getByText(`Plats ${seat}`, { exact: true }) });
    for (let seat = 1; seat <= 45; seat += 1) {
      if (ABSENT.has(seat)) continue;
      const toggle = seatRow(seat).getByRole("switch", { name: "Närvarande" });
      await toggle.click();
      await expect(toggle).toBeChecked();
    }
    await expect(chair.getByText("42 av 45 platser besatta")).toBeVisible();

    // Seat 5 gets the suggested substitute.
    await seatRow(5).getByRole("button", { name: "Sätt in Patrik Ali" }).click();
    await expect(seatRow(5).getByText("Tjänstgör: Patrik Ali (S, ersättare)")).toBeVisible();
    await expect(chair.getByText("43 av 45 platser besatta")).toBeVisible();

    // The budget item, and an electronic vote on KS against M (the form's defaults).
    await chair.getByRole("button", { name: "Gör aktuellt: § 2" }).click();
    await expect(chair.getByRole("heading", { name: /§ 2 Budget 2027/ })).toBeVisible();
    await expect(chair.getByRole("radio", { name: "Knappvotering" })).toBeChecked();
    await expect(chair.getByRole("combobox", { name: "Ja-förslag" })).toHaveText("Kommunstyrelsens förslag");
    await expect(chair.getByRole("combobox", { name: "Nej-förslag" })).toHaveText("Moderaternas förslag");
    await chair.getByRole("button", { name: "Öppna voteringen" }).click();
    await expect(chair.getByRole("button", { name: "Stäng voteringen" })).toBeVisible();
    await expect(chair.getByText("Har inte röstat (43)")).toBeVisible();

    // The stage in the Teams meeting.
    const stageHost = await openInTeamsHost(browser, freshServer, { userId: "observer", frameContext: "meetingStage", teamsMeetingId: TEAMS_MEETING_ID });
    hosts.push(stageHost);
    const stage = stageHost.frame;
    await expect(stage.getByRole("status").filter({ hasText: "0 av 43 har röstat" })).toBeVisible();

    // Every member serving, on their own page.
    const voters: Array<{ id: string; seat: number; choice: Choice }> = [];
    for (let seat = 1; seat <= 45; seat += 1) {
      if (seat === 5) voters.push({ id: "sub-S-1", seat, choice: choiceFor(seat) });
      else if (!ABSENT.has(seat)) voters.push({ id: `member-${seat}`, seat, choice: choiceFor(seat) });
    }
    const pages: Page[] = [];
    const openMemberPage = async (id: string): Promise<Page> => {
      const page = await pageAs(id, { server: freshServer, viewport: MEMBER_VIEWPORT, locale: "sv-SE" });
      // The chair's "/" is the chair screen: their own answer is given on the member screen.
      if (id === "member-1") await page.goto(`${freshServer.url}/member?lang=sv&user=member-1`);
      return page;
    };
    // A few at a time: 43 pages loading at once starve this machine's two cores.
    for (let i = 0; i < voters.length; i += 6) {
      pages.push(...(await Promise.all(voters.slice(i, i + 6).map((v) => openMemberPage(v.id)))));
    }
    await Promise.all(pages.map((page) => expect(page.getByRole("button", { name: "Avstår", exact: true })).toBeEnabled()));

    // All at once.
    await Promise.all(voters.map((voter, i) => pages[i]?.getByRole("button", { name: LABEL[voter.choice], exact: true }).click()));
    await Promise.all(voters.map((voter, i) => expect(pages[i]?.getByText(`Registrerat: ${LABEL[voter.choice]}`) ?? stage.getByText("missing page")).toBeVisible()));

    const yes = voters.filter((v) => v.choice === "YES").length;
    const no = voters.filter((v) => v.choice === "NO").length;
    const abstain = voters.filter((v) => v.choice === "ABSTAIN").length;
    expect([yes, no, abstain]).toEqual([19, 18, 6]);

    // The stage shows the live counts only.
    await expect(stage.getByRole("status").filter({ hasText: "43 av 43 har röstat" })).toBeVisible();
    await expect(stage.getByRole("group", { name: "Votering pågår" })).toHaveText(`${yes}Ja${no}Nej${abstain}Avstår0Ej röstat`);
    await expect(stage.getByRole("img", { name: /^Plats / })).toHaveCount(0);
    await expect(chair.getByText("Alla har svarat.")).toBeVisible();

    // The chair closes the vote.
    await chair.getByRole("button", { name: "Stäng voteringen" }).click();
    await expect(chair.getByText("Ja-sidan vann: Kommunstyrelsens förslag")).toBeVisible();

    await expect(stage.getByText("Ja-sidan vann: Kommunstyrelsens förslag")).toBeVisible();
    await expect(stage.getByRole("group", { name: "Resultat" })).toContainText(`${yes}Ja${no}Nej${abstain}Avstår`);
    await expect(stage.getByRole("img", { name: /^Plats / })).toHaveCount(45);
    await expect(stage.getByRole("img", { name: "Plats 5, Patrik Ali (S): Ja" })).toBeVisible();
    for (const seat of [15, 40]) await expect(stage.getByRole("img", { name: new RegExp(`^Plats ${seat}, .*: Frånvarande$`) })).toBeVisible();
    for (const voter of voters) {
      await expect(stage.getByRole("img", { name: new RegExp(`^Plats ${voter.seat}, .*: ${LABEL[voter.choice]}$`) })).toBeVisible();
    }

    // Every member page shows the result.
    await Promise.all(pages.map((page) => expect(page.getByText("Ja-sidan vann: Kommunstyrelsens förslag")).toBeVisible()));
    await Promise.all(pages.map((page) => page.context().close()));

    // The record holds exactly what was clicked.
    const items = await must<ItemVotes>(freshServer, "clerk-1", `query($m: ID!) { meeting(id: $m) { agenda { id votes { id } } } }`, { m: MEETING });
    const voteId = items.meeting?.agenda.find((i) => i.id === BUDGET)?.votes[0]?.id;
    expect(voteId).toBeTruthy();
    const record = await must<VoteRecord>(
      freshServer,
      "clerk-1",
      `query($v: ID!) { vote(id: $v) { status result { outcome yes no abstain absent } ballots { choice source member { id } } } }`,
      { v: voteId },
    );
    expect(record.vote?.status).toBe("CLOSED");
    expect(record.vote?.result).toEqual({ outcome: "YES", yes, no, abstain, absent: 0 });
    const recorded = [...(record.vote?.ballots ?? [])].map((b) => `${b.member.id}:${b.choice}:${b.source}`).sort();
    expect(recorded).toEqual(voters.map((v) => `${v.id}:${v.choice}:DEVICE`).sort());
  } finally {
    await Promise.all(hosts.map((host) => host.close()));
  }
});
