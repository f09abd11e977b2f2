import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, expectNoSeriousA11yViolations, must, screenshot, test, type E2EServer } from "../fixtures.js";
import { REPO_ROOT } from "../support/server.js";

/**
 * Journeys (issue 9): an assembly's admin and clerk set up their own council in the tab's
 * Administration screen. A roster file with errors shows every problem by line and cannot be
 * applied; the fixed file is previewed (seats, parties, people without a sign-in, the diff) and
 * applied from a date, while the meeting before that date keeps the roster it is held with. Roles
 * and the presidium; a meeting scheduled from an agenda file and its agenda edited; who presides
 * changes during a meeting and an extra item is added; no serious accessibility violations.
 */

const MEETING = "kf-2026-12-14";
const TABLET = { width: 1024, height: 900 };
const ROSTER_FILE = join(REPO_ROOT, "api", "examples", "roster-kf-45.csv");
const AGENDA_FILE = join(REPO_ROOT, "api", "examples", "agenda-kf.csv");

interface Member {
  readonly id: string;
  readonly name: string;
  readonly party: string;
}

async function demoMembers(server: E2EServer): Promise<Map<string, Member>> {
  const data = await must<{ meeting: { assembly: { members: Member[] } } }>(server, "clerk-1", `{ meeting(id: "${MEETING}") { assembly { members { id name party } } } }`);
  return new Map(data.meeting.assembly.members.map((m) => [m.id, m]));
}

/** "Anna Nilsson (S)", as the tab names a member. */
function label(members: Map<string, Member>, id: string): string {
  const m = members.get(id);
  if (!m) throw new Error(`no member ${id}`);
  return `${m.name} (${m.party})`;
}

/** Opens a screen of the tab in Swedish as `user`. */
async function open(page: Page, server: E2EServer, path: string, user: string, theme: "light" | "dark" = "light"): Promise<void> {
  await page.goto(`${server.url}${path}?lang=sv&user=${encodeURIComponent(user)}&theme=${theme}`);
}

async function openAdmin(page: Page, server: E2EServer, user: string, section: string, theme: "light" | "dark" = "light"): Promise<Locator> {
  await open(page, server, "/admin", user, theme);
  await expect(page.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
  await page.getByRole("tab", { name: section }).click();
  await expect(page.getByRole("tab", { name: section })).toHaveAttribute("aria-selected", "true");
  return page.getByRole("tabpanel");
}

/** A success message the page announces (role=status). */
const announced = (scope: Page | Locator, text: string | RegExp): Locator => scope.getByRole("status").filter({ hasText: text });

test("an admin imports a roster file: every problem by line, Apply only after a clean preview, and the new version from its date while the meeting before keeps its roster", async ({
  freshServer,
  pageAs,
}) => {
  const example = await readFile(ROSTER_FILE, "utf8");
  const lines = example.split("\n");
  // Two rows broken: a seat that is not a number (line 5) and a kind that is not one (line 30).
  lines[4] = (lines[4] ?? "").replace(",ordinarie,4,", ",ordinarie,fyra,");
  lines[29] = (lines[29] ?? "").replace(",ordinarie,", ",okänd,");
  const broken = lines.join("\n");
  expect(broken).not.toEqual(example);
  const members = await demoMembers(freshServer);

  const page = await pageAs("admin", { server: freshServer, viewport: TABLET });
  const panel = await openAdmin(page, freshServer, "admin", "Ledamöter");
  await expect(panel.getByRole("region", { name: "Version 1, gäller från början" })).toBeVisible();
  const form = panel.getByRole("form", { name: "Importera förteckning" });
  const apply = form.getByRole("button", { name: "Genomför" });
  await expect(apply).toBeDisabled();
  expect((await apply.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);

  await form.locator('input[type="file"]').setInputFiles({ name: "ledamoter-2027-fel.csv", mimeType: "text/csv", buffer: Buffer.from(broken, "utf8") });
  await expect(form.getByText("Vald fil: ledamoter-2027-fel.csv")).toBeVisible();
  await form.getByLabel("Gäller från").fill("2027-01-01");
  await form.getByLabel("Anledning").fill("Ny mandatperiod 2027–2030");
  await form.getByRole("button", { name: "Förhandsgranska" }).click();
  const problems = form.getByRole("alert").filter({ hasText: "problem i filen" });
  await expect(problems).toContainText("3 problem i filen – inget kan importeras förrän de är rättade");
  await expect(problems.getByRole("listitem")).toHaveText([/^Filen \(plats\): .*4, 29/, /^Rad 5 \(plats\): .*fyra/, /^Rad 30 \(typ\): .*okänd/]);
  await expect(apply).toBeDisabled();

  // The fixed file: the example itself.
  await form.locator('input[type="file"]').setInputFiles({ name: "roster-kf-45.csv", mimeType: "text/csv", buffer: Buffer.from(example, "utf8") });
  await expect(form.getByText("Vald fil: roster-kf-45.csv")).toBeVisible();
  await expect(problems).toHaveCount(0);
  await expect(apply).toBeDisabled();
  await form.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(announced(form, "Filen är utan problem: 45 platser.")).toBeVisible();
  const parties = form.getByRole("table", { name: "Partier" });
  await expect(parties.getByRole("row")).toHaveCount(9);
  await expect(parties.getByRole("row").nth(1)).toHaveText("S124");
  await expect(parties.getByRole("row").nth(8)).toHaveText("MP22");
  await expect(form.getByRole("heading", { name: "Utan inloggning (2)" })).toBeVisible();
  await expect(form.getByText("Rad 18: Anna Berg (M)")).toBeVisible();
  await expect(form.getByText("Rad 61: Sanna Danielsson (V)")).toBeVisible();
  await expect(form.getByText("Jämfört med version 1 (gäller från början)")).toBeVisible();
  await expect(form.getByRole("button", { name: "Tillkommer (66)" })).toBeVisible();
  await expect(form.getByRole("button", { name: "Ändras (0)" })).toBeVisible();
  await form.getByRole("button", { name: "Försvinner (69)" }).click();
  await expect(form.getByText(`${members.get("member-1")?.name} (S, Ordinarie)`)).toBeVisible();

  // Apply follows the preview of exactly these inputs: another date needs a preview of its own.
  await expect(apply).toBeEnabled();
  await form.getByLabel("Gäller från").fill("2027-01-02");
  await expect(apply).toBeDisabled();
  await form.getByLabel("Gäller från").fill("2027-01-01");
  await expect(apply).toBeEnabled();
  await apply.click();
  await expect(announced(form, "Version 2 är sparad och gäller från 2027-01-01.")).toBeVisible();

  const versions = panel.getByRole("region", { name: "Versioner" });
  await expect(versions.getByRole("row")).toHaveCount(3);
  await expect(versions.getByRole("row").nth(2)).toContainText("22027-01-01Ny mandatperiod 2027–2030");
  // The table shows the version just saved.
  const roster = panel.getByRole("region", { name: "Version 2, gäller från 2027-01-01" });
  await expect(roster.getByRole("row").nth(1)).toHaveText(/^1Fatima BergströmSOrdinariefatima\.bergstrom@exempelstad\.se$/);
  await expect(roster.getByRole("row").filter({ hasText: /^17Anna Berg/ })).toHaveText("17Anna BergMOrdinariesaknas");

  // The meeting on 2026-12-14, before the new version takes effect, keeps the demo roster.
  const clerk = await pageAs("clerk-1", { server: freshServer, viewport: TABLET });
  await open(clerk, freshServer, "/clerk", "clerk-1");
  const attendance = clerk.getByRole("region", { name: "Upprop", exact: true });
  await expect(attendance.getByText(label(members, "member-1"), { exact: true })).toBeVisible();
  await expect(attendance.getByText(label(members, "member-45"), { exact: true })).toBeVisible();
  await expect(attendance.getByText("Fatima Bergström")).toHaveCount(0);
  const held = await must<{ meeting: { rosterVersion: number; seats: Array<{ holder: { id: string } }> } }>(
    freshServer,
    "clerk-1",
    `{ meeting(id: "${MEETING}") { rosterVersion seats { holder { id } } } }`,
  );
  expect(held.meeting.rosterVersion).toBe(1);
  expect(held.meeting.seats[0]?.holder.id).toBe("member-1");
});

test("a clerk records that a member resigns: the party's first substitute takes the seat from the date, in one change", async ({ freshServer, pageAs }) => {
  const members = await demoMembers(freshServer);
  const resigning = members.get("member-7");
  const successor = members.get("sub-S-1");
  if (!resigning || !successor) throw new Error("the demo roster has changed");
  const page = await pageAs("clerk-1", { server: freshServer, viewport: TABLET });
  const panel = await openAdmin(page, freshServer, "clerk-1", "Ledamöter");

  const form = panel.getByRole("form", { name: "Ledamot avgår" });
  await form.getByLabel("Ledamot som avgår").selectOption({ label: `Plats 7: ${resigning.name} (S)` });
  await expect(form.getByLabel("Efterträdare").locator("option:checked")).toHaveText(`${successor.name} (ersättare 1)`);
  await form.getByLabel("Gäller från").fill("2026-12-01");
  await form.getByLabel("Anledning").fill("Avsägelse, KF 2026-11-23 § 5");
  await form.getByRole("button", { name: "Genomför ändringen" }).click();
  await expect(announced(form, "Version 2 är sparad och gäller från 2026-12-01.")).toBeVisible();
  const roster = panel.getByRole("region", { name: "Version 2, gäller från 2026-12-01" });
  await expect(roster.getByRole("row").nth(7)).toHaveText(`7${successor.name}SOrdinariesub-S-1`);
  await expect(roster.getByRole("row").filter({ hasText: resigning.name })).toHaveCount(0);

  // The meeting on 2026-12-14 is not yet held: it follows the roster of its date.
  const held = await must<{ meeting: { seats: Array<{ number: number; holder: { id: string } }> } }>(freshServer, "clerk-1", `{ meeting(id: "${MEETING}") { seats { number holder { id } } } }`);
  expect(held.meeting.seats.find((s) => s.number === 7)?.holder.id).toBe("sub-S-1");
  const version = await must<{ assemblies: Array<{ rosters: Array<{ members: Array<{ id: string; substituteRank: number | null }> }> }> }>(
    freshServer,
    "clerk-1",
    `{ assemblies { rosters { members { id substituteRank } } } }`,
  );
  // The party's other substitutes move up a rank.
  expect(version.assemblies[0]?.rosters[1]?.members.find((m) => m.id === "sub-S-2")?.substituteRank).toBe(1);
});

test("an admin grants the clerk's role to a new sign-in and sets the presidium; the new clerk sees roles read-only", async ({ freshServer, pageAs }) => {
  const members = await demoMembers(freshServer);
  const page = await pageAs("admin", { server: freshServer, viewport: TABLET });
  const panel = await openAdmin(page, freshServer, "admin", "Roller");

  const grant = panel.getByRole("form", { name: "Ge en roll" });
  await grant.getByLabel("Inloggning i Teams").fill("Nora.Lind@Exempelstad.se");
  await grant.getByLabel("Namn").fill("Nora Lind");
  await grant.getByLabel("Roll").selectOption({ label: "Sekreterare" });
  await grant.getByRole("button", { name: "Ge rollen" }).click();
  await expect(announced(grant, "Nora Lind har fått rollen Sekreterare.")).toBeVisible();
  const grants = panel.getByRole("region", { name: "Tilldelade roller" });
  await expect(grants.getByRole("row").filter({ hasText: "nora.lind@exempelstad.se" })).toContainText("Nora Lind");
  await expect(grants.getByRole("button", { name: "Ta bort rollen Sekreterare för Nora Lind" })).toBeVisible();

  const presidium = panel.getByRole("form", { name: "Presidium" });
  await expect(presidium.getByLabel("Ordförande", { exact: true })).toHaveValue("member-1");
  await presidium.getByRole("button", { name: "Lägg till vice ordförande" }).click();
  const m13 = members.get("member-13");
  await presidium.getByLabel("1:e vice ordförande").selectOption({ label: `Plats 13: ${m13?.name} (${m13?.party})` });
  await presidium.getByRole("button", { name: "Spara presidiet" }).click();
  await expect(announced(presidium, "Presidiet är sparat.")).toBeVisible();
  const saved = await must<{ assemblies: Array<{ presidium: { chair: { id: string }; viceChairs: Array<{ id: string }> } }> }>(
    freshServer,
    "admin",
    `{ assemblies { presidium { chair { id } viceChairs { id } } } }`,
  );
  expect(saved.assemblies[0]?.presidium).toEqual({ chair: { id: "member-1" }, viceChairs: [{ id: "member-13" }] });

  // The new clerk signs in: the Administration screen, with roles to read but not to change.
  const clerk = await pageAs("nora.lind@exempelstad.se", { server: freshServer, viewport: TABLET });
  const clerkPanel = await openAdmin(clerk, freshServer, "nora.lind@exempelstad.se", "Roller");
  await expect(clerk.getByRole("tab", { name: "Administration" })).toHaveAttribute("aria-selected", "true");
  await expect(clerkPanel.getByText("Bara en administratör ändrar roller och presidium.")).toBeVisible();
  await expect(clerkPanel.getByRole("region", { name: "Tilldelade roller" }).getByRole("row").filter({ hasText: "nora.lind@exempelstad.se" })).toBeVisible();
  await expect(clerkPanel.getByRole("form", { name: "Ge en roll" })).toHaveCount(0);
  await expect(clerk.getByRole("tab", { name: "Församling" })).toHaveCount(0);
  await expect(clerkPanel.getByRole("form", { name: "Presidium" }).getByLabel("1:e vice ordförande")).toBeDisabled();
});

test("a clerk schedules a meeting from an agenda file and edits its agenda: moves, adds, edits and removes items", async ({ freshServer, pageAs }) => {
  const agenda = await readFile(AGENDA_FILE, "utf8");
  // A clerk in Stockholm: the time typed is local, the API gets UTC.
  const page = await pageAs("clerk-1", { server: freshServer, viewport: TABLET, timezoneId: "Europe/Stockholm" });
  const panel = await openAdmin(page, freshServer, "clerk-1", "Sammanträden");

  const form = panel.getByRole("form", { name: "Nytt sammanträde" });
  await form.getByLabel("Rubrik").fill("Kommunfullmäktige 25 januari 2027");
  await form.getByLabel("Datum och tid").fill("2027-01-25T18:00");
  await form.locator('input[type="file"]').setInputFiles({ name: "agenda-kf.csv", mimeType: "text/csv", buffer: Buffer.from(agenda, "utf8") });
  await expect(form.getByRole("button", { name: "Spara sammanträdet" })).toBeDisabled();
  await form.getByRole("button", { name: "Förhandsgranska föredragningslistan" }).click();
  await expect(announced(form, "Filen är utan problem: 10 ärenden.")).toBeVisible();
  await expect(form.getByRole("listitem")).toHaveCount(10);
  await form.getByRole("button", { name: "Spara sammanträdet" }).click();
  await expect(announced(form, "Kommunfullmäktige 25 januari 2027 är planerat.")).toBeVisible();
  await expect(panel.getByLabel("Sammanträde", { exact: true }).locator("option:checked")).toHaveText("Kommunfullmäktige 25 januari 2027 – 25 januari 2027 kl. 18:00 (Planerat)");
  const scheduled = await must<{ assemblies: Array<{ meetings: Array<{ id: string; title: string; scheduledAt: string }> }> }>(
    freshServer,
    "clerk-1",
    `{ assemblies { meetings { id title scheduledAt } } }`,
  );
  const meeting = scheduled.assemblies[0]?.meetings.find((m) => m.title === "Kommunfullmäktige 25 januari 2027");
  expect(meeting?.scheduledAt).toBe("2027-01-25T17:00:00.000Z");

  const editor = panel.getByRole("region", { name: "Föredragningslista", exact: true });
  const items = editor.getByRole("list").first().locator(":scope > li");
  await expect(items).toHaveCount(10);
  await expect(items.nth(2)).toContainText("§ 3 Skattesats för 2027");
  expect((await editor.getByRole("button", { name: "Flytta upp § 3 Skattesats för 2027" }).boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);

  // § 3 up before the budget.
  await editor.getByRole("button", { name: "Flytta upp § 3 Skattesats för 2027" }).click();
  await expect(announced(editor, "Skattesats för 2027 är flyttat till § 2.")).toBeVisible();
  await expect(items.nth(1)).toContainText("§ 2 Skattesats för 2027");
  await expect(items.nth(2)).toContainText("§ 3 Budget 2027 och flerårsplan 2028–2029");

  // A new item before the last one.
  const add = panel.getByRole("form", { name: "Lägg till ärende" });
  await add.getByLabel("Rubrik").fill("Information om brandskyddet");
  await add.getByLabel("Diarienummer").fill("KS 2026/502");
  await add.getByLabel("Handlingar, en länk per rad").fill("https://www.exempelstad.se/kf/brandskydd.pdf");
  await add.getByLabel("Placering").selectOption({ label: "Före § 10 Anmälan av nya motioner och medborgarförslag" });
  await add.getByRole("button", { name: "Lägg till ärendet" }).click();
  await expect(announced(add, "Information om brandskyddet är tillagt som § 10.")).toBeVisible();
  await expect(items).toHaveCount(11);

  // § 4 edited.
  await editor.getByRole("button", { name: "Ändra § 4 Motion om avgiftsfri kollektivtrafik för unga under 20 år" }).click();
  const edit = editor.getByRole("form", { name: "Ändra § 4" });
  await expect(edit.getByLabel("Rubrik")).toHaveValue("Motion om avgiftsfri kollektivtrafik för unga under 20 år");
  await edit.getByLabel("Rubrik").fill("Motion om avgiftsfri kollektivtrafik för unga");
  await edit.getByRole("button", { name: "Spara ärendet" }).click();
  await expect(announced(editor, "§ 4 Motion om avgiftsfri kollektivtrafik för unga är sparat.")).toBeVisible();

  // § 9 removed, after a confirmation that names it.
  await editor.getByRole("button", { name: "Ta bort § 9 Detaljplan för kvarteret Lärkan, Norra Exempelstad" }).click();
  const dialog = page.getByRole("dialog", { name: "Ta bort § 9 Detaljplan för kvarteret Lärkan, Norra Exempelstad" });
  await expect(dialog).toContainText("Ärendena efter numreras om.");
  await dialog.getByRole("button", { name: "Ta bort", exact: true }).click();
  await expect(announced(editor, "§ 9 Detaljplan för kvarteret Lärkan, Norra Exempelstad är borttaget.")).toBeVisible();

  const expected = [
    "§ 1 Upprop och val av justerare",
    "§ 2 Skattesats för 2027",
    "§ 3 Budget 2027 och flerårsplan 2028–2029",
    "§ 4 Motion om avgiftsfri kollektivtrafik för unga",
    "§ 5 Medborgarförslag om belysning längs gång- och cykelvägen vid Sjövallen",
    "§ 6 Remiss: Regional transportplan för Exempellän 2026–2037",
    "§ 7 Val av ledamot i kultur- och fritidsnämnden efter avsägelse",
    "§ 8 Taxor för vatten och avlopp 2027",
    "§ 9 Information om brandskyddet",
    "§ 10 Anmälan av nya motioner och medborgarförslag",
  ];
  await expect(items).toHaveCount(expected.length);
  for (const [i, text] of expected.entries()) await expect(items.nth(i)).toContainText(text);
  const stored = await must<{ meeting: { agenda: Array<{ number: number; title: string; caseNumber: string | null }> } }>(
    freshServer,
    "clerk-1",
    `query($m: ID!) { meeting(id: $m) { agenda { number title caseNumber } } }`,
    { m: meeting?.id },
  );
  expect(stored.meeting.agenda.map((i) => `§ ${i.number} ${i.title}`)).toEqual(expected);
  expect(stored.meeting.agenda[8]?.caseNumber).toBe("KS 2026/502");
});

test("during the meeting the clerk records that a vice chair takes the chair, whose page gets the chair's controls, and adds an extra item the agenda marks", async ({
  freshServer,
  pageAs,
}) => {
  const members = await demoMembers(freshServer);
  await must(freshServer, "admin", `mutation { setPresidium(assemblyId: "kf", chairMemberId: "member-1", viceChairMemberIds: ["member-13"]) { id } }`);
  // This assembly's votes usually need two thirds (its own procedure): the chair's vote form starts there.
  await must(
    freshServer,
    "admin",
    `mutation { updateAssembly(assemblyId: "kf", name: "Exempelstads kommunfullmäktige", settings: { noReturnAfterLeaving: true, answerChangeWhileOpen: true, quorum: MORE_THAN_HALF, defaultMajority: TWO_THIRDS_OF_PRESENT, timeZone: "Europe/Stockholm" }) { id } }`,
  );
  const chair = await pageAs("member-1", { server: freshServer, viewport: TABLET });
  const vice = await pageAs("member-13", { server: freshServer, viewport: TABLET });
  const clerk = await pageAs("clerk-1", { server: freshServer, viewport: TABLET });
  await open(chair, freshServer, "/chair", "member-1");
  await open(vice, freshServer, "/member", "member-13");
  await open(clerk, freshServer, "/clerk", "clerk-1");

  // The chair opens the meeting.
  await chair.getByRole("button", { name: "Öppna sammanträdet" }).click();
  await expect(chair.getByRole("button", { name: "Avsluta sammanträdet" })).toBeVisible();
  await expect(vice.getByRole("tab", { name: "Ordförande" })).toHaveCount(0);

  // The clerk records that the vice chair takes the chair: the presidium's vice chairs are offered first.
  const presiding = clerk.getByRole("region", { name: "Ordförande för sammanträdet" });
  await expect(presiding.getByText(`Ordförande: ${label(members, "member-1")}`)).toBeVisible();
  const who = presiding.getByLabel("Vem tar ordförandeplatsen");
  await expect(who.locator("option").nth(1)).toHaveText(label(members, "member-13"));
  await who.selectOption({ label: label(members, "member-13") });
  await presiding.getByRole("button", { name: "Byt ordförande" }).click();
  await expect(announced(presiding, `${label(members, "member-13")} är ordförande från nu.`)).toBeVisible();
  await expect(presiding.getByText(`Ordförande: ${label(members, "member-13")}`)).toBeVisible();
  const history = presiding.getByRole("region", { name: "Har lett sammanträdet" }).getByRole("listitem");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toHaveText(new RegExp(`^Från \\d{2}:\\d{2}:\\d{2}: ${escape(label(members, "member-1"))}$`));
  await expect(history.nth(1)).toHaveText(new RegExp(`^Från \\d{2}:\\d{2}:\\d{2}: ${escape(label(members, "member-13"))}$`));

  // The vice chair's tab now has the chair's screen, with its controls; the chair's screen has none.
  await vice.getByRole("tab", { name: "Ordförande" }).click();
  await expect(vice.getByRole("button", { name: "Avsluta sammanträdet" })).toBeVisible();
  await expect(chair.getByText(`${label(members, "member-13")} är ordförande för det här sammanträdet`)).toBeVisible();
  await expect(chair.getByRole("button", { name: "Avsluta sammanträdet" })).toHaveCount(0);
  await expect(chair.getByRole("button", { name: /^Gör aktuellt/ })).toHaveCount(0);
  // ... and the server agrees: the vice chair takes up § 1.
  await vice.getByRole("button", { name: "Gör aktuellt: § 1", exact: true }).click();
  await expect(vice.getByText("Aktuellt ärende: § 1 Upprop och val av justerare")).toBeVisible();
  await expect(vice.getByRole("radio", { name: "Två tredjedelar av de närvarande" })).toBeChecked();

  // The clerk adds an extra item before the budget: not before § 1, which has been taken up.
  const extra = clerk.getByRole("form", { name: "Lägg till extra ärende" });
  await expect(extra.getByLabel("Placering").locator("option", { hasText: "Före § 1 Upprop" })).toHaveCount(0);
  await extra.getByLabel("Rubrik").fill("Fyllnadsval till valnämnden");
  await extra.getByLabel("Placering").selectOption({ label: "Före § 2 Budget 2027 och flerårsplan 2028–2029" });
  await extra.getByRole("button", { name: "Lägg till det extra ärendet" }).click();
  await expect(announced(extra, "Fyllnadsval till valnämnden är tillagt som § 2.")).toBeVisible();
  for (const page of [vice, clerk, chair]) {
    const agenda = page.getByRole("region", { name: "Föredragningslista", exact: true });
    const added = agenda.getByRole("listitem").filter({ hasText: "§ 2 Fyllnadsval till valnämnden" });
    await expect(added).toContainText("Tillagt under sammanträdet");
    await expect(agenda.getByRole("listitem").filter({ hasText: "§ 3 Budget 2027" })).not.toContainText("Tillagt under sammanträdet");
  }

  // The minutes say who presided from when, the roster the meeting was held with, and the extra item.
  await clerk.getByRole("tab", { name: "Protokoll" }).click();
  const facts = clerk.locator("dl").first();
  await expect(facts).toContainText(new RegExp(`Ordförande${escape(members.get("member-1")?.name ?? "?")} \\(S\\) från [^;]+; ${escape(members.get("member-13")?.name ?? "?")} \\(M\\) från`));
  await expect(facts).toContainText("Ledamotsförteckningversion 1");
  const item = clerk.getByRole("region", { name: "§ 2 Fyllnadsval till valnämnden" });
  await expect(item).toContainText(/Tillagt under sammanträdet .+ av clerk-1\./);
});

test("every administration section has no serious accessibility violations in light and dark themes; a picture of the roster preview", async ({ server, pageAs }) => {
  test.setTimeout(90_000);
  const roster = await readFile(ROSTER_FILE, "utf8");
  const agenda = await readFile(AGENDA_FILE, "utf8");
  for (const theme of ["light", "dark"] as const) {
    const page = await pageAs("admin", { server, viewport: TABLET });
    await openAdmin(page, server, "admin", "Ledamöter", theme);
    await expect(page.locator(`[data-theme="${theme}"]`)).toHaveCount(1);
    const sections = [
      ["Ledamöter", "Ledamöter och ersättare"],
      ["Roller", "Tilldelade roller"],
      ["Församling", "Församlingens inställningar"],
      ["Sammanträden", "Föredragningslista"],
    ] as const;
    for (const [section, heading] of sections) {
      await page.getByRole("tab", { name: section }).click();
      await expect(page.getByRole("tab", { name: section })).toHaveAttribute("aria-selected", "true");
      const panel = page.getByRole("tabpanel");
      await expect(panel.getByRole("heading", { name: heading, exact: true })).toBeVisible();
      if (section === "Ledamöter") {
        // With a preview shown: the summary, the parties and the diff (read-only: nothing is imported).
        const form = panel.getByRole("form", { name: "Importera förteckning" });
        await form.locator('input[type="file"]').setInputFiles({ name: "roster-kf-45.csv", mimeType: "text/csv", buffer: Buffer.from(roster, "utf8") });
        await form.getByLabel("Gäller från").fill("2027-01-01");
        await form.getByLabel("Anledning").fill("Ny mandatperiod 2027–2030");
        await form.getByRole("button", { name: "Förhandsgranska" }).click();
        await expect(announced(form, "Filen är utan problem: 45 platser.")).toBeVisible();
        if (theme === "light") {
          // The preview as the admin reads it before applying, from the date on: the picture the README shows.
          await form.getByLabel("Gäller från").evaluate((el) => el.closest(".fui-Field")?.scrollIntoView({ block: "start" }));
          await page.mouse.move(0, 0);
          await screenshot(page, "admin-roster-preview", { fullPage: false });
        }
        await form.getByRole("button", { name: "Tillkommer (66)" }).click();
        await expect(form.getByText("Fatima Bergström (S, Ordinarie)")).toBeVisible();
      }
      if (section === "Sammanträden") {
        // The agenda import says what it replaces before it is applied (previewed only).
        const form = panel.getByRole("form", { name: "Importera föredragningslista" });
        await form.getByLabel("… eller klistra in texten").fill(agenda);
        await form.getByRole("button", { name: "Förhandsgranska föredragningslistan" }).click();
        await expect(form.getByText("Importen ersätter hela föredragningslistan: de 10 ärenden som finns nu tas bort och filens 10 ärenden kommer i stället.")).toBeVisible();
      }
      await expectNoSeriousA11yViolations(page);
    }
  }
  // In the ~300 px side panel nothing widens the page: tables scroll inside their own region.
  const side = await pageAs("clerk-1", { server, viewport: { width: 320, height: 800 } });
  await openAdmin(side, server, "clerk-1", "Ledamöter", "dark");
  for (const [section, heading] of [
    ["Ledamöter", "Ledamot avgår"],
    ["Roller", "Presidium"],
    ["Sammanträden", "Nytt sammanträde"],
  ] as const) {
    await side.getByRole("tab", { name: section }).click();
    await expect(side.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    expect(await side.evaluate(() => document.documentElement.scrollWidth), `${section}: the page's width`).toBeLessThanOrEqual(320);
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
