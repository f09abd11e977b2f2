import type { MemberRecord } from "../../domain/council/events.js";
import type { RosterVersion } from "../../domain/council/state.js";
import type { RosterPreview } from "../roster.js";
import type { MemberChange, RosterPlan } from "../rosterPlan.js";

/** How the admin CLI shows files' problems, previews and roster diffs: one way for every command. */

export interface FileProblem {
  readonly line: number;
  readonly column?: string;
  readonly reason: string;
}

/**
 * A file's problems, one a line: where (line 0: the file as a whole) and why. `unit` "item" for a
 * JSON agenda, whose problems are counted by item rather than line.
 */
export function problemLines(problems: readonly FileProblem[], unit: "line" | "item" = "line"): string[] {
  return problems.map((p) => `  ${p.line === 0 ? "file" : `${unit} ${p.line}`}${p.column ? ` (${p.column})` : ""}: ${p.reason}`);
}

export function problemCount(problems: readonly FileProblem[]): string {
  return `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
}

/** A roster file's summary: seats and substitutes per party, and who cannot sign in yet. */
export function previewLines(file: string, summary: RosterPreview): string[] {
  const lines = [`${file}: ok, ${summary.seatCount} seats, ${summary.members} people.`];
  for (const p of summary.parties) lines.push(`  ${p.party}: ${p.seats} seats, ${p.substitutes} substitutes`);
  if (summary.withoutSignIn.length > 0) {
    lines.push(`  without a Teams sign-in (cannot sign in until one is added):`);
    for (const m of summary.withoutSignIn) lines.push(`    line ${m.line}: ${m.name} (${m.party}, ${m.kind === "ORDINARY" ? "ordinary" : "substitute"})`);
  }
  return lines;
}

/** "Anna Berg (M, seat 3)" or "Bo Ek (S, substitute 2)". */
export function memberText(m: MemberRecord): string {
  return `${m.name} (${m.party}, ${m.kind === "ORDINARY" ? `seat ${m.seat ?? "?"}` : `substitute ${m.substituteRank ?? "?"}`})`;
}

/**
 * What a new roster version changes against the one before it: who comes, who goes, and for whom
 * what changes, field by field. A first roster (nobody before) is summed up, not listed.
 */
export function diffLines(plan: RosterPlan, before: RosterVersion | null): string[] {
  const { added, removed, changed } = plan.diff;
  const lines = [
    before === null
      ? "compared with: no roster (the date is not one)"
      : `compared with: version ${before.version} (${before.effectiveFrom === null ? "from the start" : `from ${before.effectiveFrom}`}, ${before.members.size} people)`,
  ];
  if (added.length === 0 && removed.length === 0 && changed.length === 0) {
    lines.push("  no change: the roster is the same");
    return lines;
  }
  if (before !== null && before.members.size === 0) {
    lines.push(`  added: ${added.length} (the first roster: everyone in the file)`);
  } else {
    lines.push(`  added: ${added.length}`);
    for (const m of added) {
      const signIn = signInOf(plan, m.id);
      lines.push(`    + ${memberText(m)}${signIn === null ? "" : ` <${signIn}>`}`);
    }
  }
  lines.push(`  removed: ${removed.length}`);
  for (const m of removed) lines.push(`    - ${memberText(m)} [${m.id}]`);
  lines.push(`  changed: ${changed.length}`);
  for (const c of changed) lines.push(`    ~ ${c.before.name} [${c.before.id}]: ${changeText(c, plan, before)}`);
  return lines;
}

function changeText(c: MemberChange, plan: RosterPlan, before: RosterVersion | null): string {
  return c.fields
    .map((field) => {
      if (field === "signIn") return `signIn ${shown(before?.userOfMember.get(c.before.id) ?? null)} → ${shown(signInOf(plan, c.after.id))}`;
      return `${field} ${shown(c.before[field])} → ${shown(c.after[field])}`;
    })
    .join("; ");
}

function signInOf(plan: RosterPlan, memberId: string): string | null {
  return plan.users.find((u) => u.memberId === memberId)?.userId ?? null;
}

function shown(value: string | number | null): string {
  return value === null ? "none" : typeof value === "string" ? JSON.stringify(value) : String(value);
}
