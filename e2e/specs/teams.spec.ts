import { expect, openInTeamsHost, screenshot, test as base, type E2EServer, type TeamsHostOptions, type TeamsHostPage, must } from "../fixtures.js";

/**
 * The tab inside Microsoft Teams: the real tab and its real teams-js, framed by a host page that
 * answers the Teams host protocol (e2e/support/teamsHost.ts), against the real server.
 */

const MEETING = "kf-2026-12-14";
const MEETING_TITLE = "Kommunfullmäktige 14 december 2026";
const BUDGET = `${MEETING}-2`;
/** The id Teams gives the Teams meeting the tab is added to. */
const TEAMS_MEETING_ID = "MCMxOTptZWV0aW5nX2UyZS1rZi0yMDI2LTEyLTE0QHRocmVhZC52MiMw";
const MEETING_FOR_TEAMS = `query($t: String!) { meetingForTeams(teamsMeetingId: $t) { id } }`;
const LINK_TEAMS_MEETING = `mutation($m: ID!, $t: String!) { linkTeamsMeeting(meetingId: $m, teamsMeetingId: $t) { id } }`;

type OpenInTeams = (server: E2EServer, options: TeamsHostOptions) => Promise<TeamsHostPage>;

/** `inTeams` opens the tab in a Teams host; the host pages are closed after the test, passed or failed. */
const test = base.extend<{ inTeams: OpenInTeams }>({
  inTeams: async ({ browser }, use) => {
    const hosts: TeamsHostPage[] = [];
    await use(async (server, options) => {
      const host = await openInTeamsHost(browser, server, options);
      hosts.push(host);
      return host;
    });
    await Promise.all(hosts.map((host) => host.close()));
  },
});


/** Opened, everyone present, on the budget item with an electronic vote open and two answers in. */
async function meetingWithOpenVote(server: E2EServer): Promise<void> {
  await must(server, "member-1", `mutation { openMeeting(meetingId: "${MEETING}") { id } }`);
  for (let seat = 1; seat <= 45; seat += 1) {
    await must(server, "clerk-1", `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${seat}", present: true) { id } }`);
  }
  await must(server, "member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${BUDGET}") { id } }`);
  const data = await must(
    server,
    "member-1",
    `mutation { openVote(input: { itemId: "${BUDGET}", method: ELECTRONIC, question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag",
       yesProposalId: "${BUDGET}-a", noProposalId: "${BUDGET}-b" }) { id } }`,
  );
  const vote = data?.["openVote"];
  const voteId = typeof vote === "object" && vote !== null && "id" in vote && typeof vote.id === "string" ? vote.id : null;
  if (!voteId) throw new Error("no vote id");
  for (const [member, choice] of [["member-2", "YES"], ["member-13", "NO"]] as const) {
    await must(server, member, `mutation($v: ID!) { castBallot(voteId: $v, choice: ${choice}, idempotencyKey: "k-${member}") { choice } }`, { v: voteId });
  }
}

test.describe("the tab in Teams", () => {
  test("in the meeting side panel it signs in with the Teams token, speaks Swedish and follows the Teams theme without reloading", async ({ freshServer, inTeams }) => {
    // The clerk has added the tab to this Teams meeting.
    await must(freshServer, "clerk-1", LINK_TEAMS_MEETING, { m: MEETING, t: TEAMS_MEETING_ID });
    const host = await inTeams(freshServer, { userId: "member-7", frameContext: "sidePanel", locale: "sv-se", teamsMeetingId: TEAMS_MEETING_ID });
    const { frame } = host;

    // The member screen, in Swedish (the browser itself is English), with no demo sign-in.
    await expect(frame.getByRole("heading", { name: MEETING_TITLE })).toBeVisible();
    await expect(frame.getByText("Ansluten")).toBeVisible();
    await expect(frame.getByRole("tab", { name: "Ledamot" })).toHaveAttribute("aria-selected", "true");
    await expect(frame.getByText("Inget ärende är aktuellt ännu.")).toBeVisible();
    await expect(frame.locator("html")).toHaveAttribute("lang", "sv");
    await expect(frame.getByRole("button", { name: "Logga in" })).toHaveCount(0);
    await expect(frame.getByRole("button", { name: "Byt användare" })).toHaveCount(0);
    await expect(frame.locator("[data-theme]")).toHaveAttribute("data-theme", "light");

    // The host saw the handshake; every API call carried the token getAuthToken answered with.
    const funcs = (await host.received()).map((m) => m.func);
    expect(funcs).toEqual(expect.arrayContaining(["initialize", "getContext", "appInitialization.success", "authentication.getAuthToken", "registerHandler"]));
    expect(await host.messages("registerHandler")).toContainEqual(expect.objectContaining({ args: ["themeChange"] }));
    const calls = host.apiRequests();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.authorization).toBe(`Bearer ${host.token}`);
    // The tab asked which council meeting this Teams meeting is.
    expect(calls.filter((c) => c.query.includes("meetingForTeams")).map((c) => c.variables["t"])).toEqual([TEAMS_MEETING_ID]);

    // Teams switches theme: the tab follows in place (same document, no second initialize).
    await frame.locator("html").evaluate(() => Reflect.set(window, "__sameDocument", true));
    await host.setTheme("dark");
    await expect(frame.locator("[data-theme]")).toHaveAttribute("data-theme", "dark");
    await expect(frame.getByRole("heading", { name: MEETING_TITLE })).toBeVisible();
    await screenshot(host.page, "teams-side-panel-dark");
    await host.setTheme("contrast");
    await expect(frame.locator("[data-theme]")).toHaveAttribute("data-theme", "highContrast");
    expect(await frame.locator("html").evaluate(() => Reflect.get(window, "__sameDocument"))).toBe(true);
    expect(await host.messages("initialize")).toHaveLength(1);
  });

  test("the configurable tab links the Teams meeting to the council meeting chosen on Save, and the side panel then opens it", async ({ freshServer, inTeams }) => {
    expect((await must(freshServer, "clerk-1", MEETING_FOR_TEAMS, { t: TEAMS_MEETING_ID }))?.["meetingForTeams"]).toBeNull();
    const config = await inTeams(freshServer, { userId: "clerk-1", frameContext: "settings", locale: "sv-se", teamsMeetingId: TEAMS_MEETING_ID });
    const { frame } = config;

    await expect(frame.getByRole("heading", { name: "Koppla fliken till ett sammanträde" })).toBeVisible();
    const option = frame.getByRole("radio", { name: new RegExp(MEETING_TITLE) });
    await expect(option).toBeVisible();
    await expect(option).not.toBeChecked();
    // No tab bar on the configuration page.
    await expect(frame.getByRole("tablist")).toHaveCount(0);
    await expect.poll(async () => (await config.messages("registerHandler")).map((m) => m.args[0])).toContain("save");
    await expect.poll(async () => (await config.messages("settings.setValidityState")).at(-1)?.args).toEqual([false]);

    // Save before a choice (a host that ignores the validity state): the tab refuses.
    expect(await config.save()).toBe("failure");
    expect((await config.messages("settings.save.failure")).at(-1)?.args).toEqual(["Välj ett sammanträde först."]);
    expect((await must(freshServer, "clerk-1", MEETING_FOR_TEAMS, { t: TEAMS_MEETING_ID }))?.["meetingForTeams"]).toBeNull();

    await option.check();
    await expect(option).toBeChecked();
    await expect.poll(async () => (await config.messages("settings.setValidityState")).at(-1)?.args).toEqual([true]);
    // The chosen radio's focus ring settles at varying moments: masked so the picture is stable.
    await screenshot(config.page, "teams-config", { mask: [config.frame.getByRole("radio")] });

    expect(await config.save()).toBe("success");
    // The tab told Teams what to open from now on, on its own origin.
    const [saved] = (await config.messages("settings.setSettings")).map((m) => m.args[0]);
    expect(saved).toEqual({
      contentUrl: `${freshServer.url}/?inTeams=1&meeting=${MEETING}`,
      websiteUrl: `${freshServer.url}/?inTeams=1&meeting=${MEETING}`,
      entityId: `council-meeting-${MEETING}`,
      suggestedDisplayName: "Röstning",
    });
    expect(config.apiRequests().some((c) => c.query.includes("linkTeamsMeeting") && c.variables["t"] === TEAMS_MEETING_ID && c.variables["m"] === MEETING)).toBe(true);
    expect((await must(freshServer, "member-7", MEETING_FOR_TEAMS, { t: TEAMS_MEETING_ID }))?.["meetingForTeams"]).toEqual({ id: MEETING });

    // Added again to the same Teams meeting, the configuration page starts from the linked meeting.
    const again = await inTeams(freshServer, { userId: "clerk-1", frameContext: "settings", locale: "sv-se", teamsMeetingId: TEAMS_MEETING_ID });
    await expect(again.frame.getByRole("radio", { name: new RegExp(MEETING_TITLE) })).toBeChecked();

    // The side panel of that Teams meeting, opened at "/" without ?meeting=, finds the meeting through the link.
    const panel = await inTeams(freshServer, { userId: "member-7", frameContext: "sidePanel", locale: "sv-se", teamsMeetingId: TEAMS_MEETING_ID });
    await expect(panel.frame.getByRole("heading", { name: MEETING_TITLE })).toBeVisible();
    await expect(panel.frame.getByRole("tab", { name: "Ledamot" })).toHaveAttribute("aria-selected", "true");
    const asked = panel.apiRequests().filter((c) => c.query.includes("meetingForTeams"));
    expect(asked.map((c) => c.variables["t"])).toEqual([TEAMS_MEETING_ID]);
    // Having found it, the tab did not fall back to the list of meetings.
    expect(panel.apiRequests().some((c) => c.query.includes("assemblies"))).toBe(false);
  });

  test("in a Teams meeting that is not linked it says so, and never shows another council meeting", async ({ freshServer, inTeams }) => {
    const host = await inTeams(freshServer, { userId: "member-7", frameContext: "sidePanel", locale: "sv-se", teamsMeetingId: "unlinked-teams-meeting" });
    await expect(host.frame.getByText("Det här Teams-mötet är inte kopplat till något sammanträde. Be sekreteraren lägga till fliken.")).toBeVisible();
    await expect(host.frame.getByText("Kommunfullmäktige 14 december 2026")).toHaveCount(0);
  });

  test("on the meeting stage it shows the stage screen without a tab bar, in English from the Teams locale", async ({ freshServer, inTeams }) => {
    await meetingWithOpenVote(freshServer);
    const host = await inTeams(freshServer, { userId: "observer", frameContext: "meetingStage", locale: "en-us", theme: "dark" });
    const { frame } = host;

    await expect(frame.getByRole("heading", { name: /Budget 2027 och flerårsplan 2028–2029/ })).toBeVisible();
    // English (the browser itself is Swedish).
    await expect(frame.getByRole("status").filter({ hasText: "2 of 45 have voted" })).toBeVisible();
    await expect(frame.locator("html")).toHaveAttribute("lang", "en");
    // Connected: the stage shows a connection message only while it is not live.
    await expect(frame.getByText("Connecting …")).toHaveCount(0);
    // The stage is the whole screen: no tab bar, no language switch.
    await expect(frame.getByRole("tablist")).toHaveCount(0);
    await expect(frame.getByRole("navigation")).toHaveCount(0);
    await expect(frame.locator("[data-theme]")).toHaveAttribute("data-theme", "dark");
    await screenshot(host.page, "teams-stage-en");
  });
});
