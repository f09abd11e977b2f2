import { badInput, notFound } from "../domain/errors.js";
import type { CommandContext, CouncilCommand } from "../domain/council/commands.js";
import { decide } from "../domain/council/decide.js";
import type { AgendaItemRecord } from "../domain/council/events.js";
import { isDate, latestRoster, rosterOn } from "../domain/council/rosters.js";
import { evolve, type AssemblyState, type CouncilState, type RosterVersion } from "../domain/council/state.js";
import { parseAgenda, type AgendaFormat, type AgendaProblem } from "./agenda.js";
import { parseRoster, preview, type RosterPreview, type RosterProblem } from "./roster.js";
import { NO_ONE, peopleOf, planEdits, planImport, type MemberEdit, type RosterPlan } from "./rosterPlan.js";

/**
 * Administration's inputs turned into domain commands (issue 9), one path for the GraphQL API
 * (api/src/graphql/types/Admin.ts) and the admin CLI (api/src/admin/cli): files are read and checked
 * here, roster versions planned (member ids kept), and the result is a command for the domain to
 * decide, or the file's problems. Who may do it is the caller's and the domain's concern. Pure, but
 * for `newId`.
 */

export type ChangeRosterCommand = Extract<CouncilCommand, { type: "ChangeRoster" }>;

/** A roster change ready to execute, with what it changes for the person who confirms it. */
export interface RosterChange {
  readonly ok: true;
  readonly command: ChangeRosterCommand;
  readonly plan: RosterPlan;
  /** The version in effect the day before the change, which it is compared with (null: an import dated with what is not a date). */
  readonly before: RosterVersion | null;
}

/** A roster file's change, with the file's summary. */
export interface RosterImport extends RosterChange {
  readonly preview: RosterPreview;
}

export interface RosterRefused {
  readonly ok: false;
  readonly problems: readonly RosterProblem[];
  readonly before: RosterVersion | null;
}

/**
 * The version a change from `effectiveFrom` builds on: the roster as it stands on that date (a change
 * recorded earlier for the same date included, so a second change that day keeps the first). Null
 * for a date that is not one (the domain says so).
 */
export function versionOn(assembly: AssemblyState, effectiveFrom: string): RosterVersion | null {
  return isDate(effectiveFrom) ? rosterOn(assembly, effectiveFrom) : null;
}

/** A roster file (CSV) as the assembly's roster from `effectiveFrom`: the ChangeRoster command, or every problem of the file. */
export function rosterImport(
  state: CouncilState,
  assemblyId: string,
  csvText: string,
  effectiveFrom: string,
  reason: string,
  newId: () => string,
): RosterImport | RosterRefused {
  const assembly = assemblyOf(state, assemblyId);
  const before = versionOn(assembly, effectiveFrom);
  const parsed = parseRoster(csvText, { seatCount: assembly.seatCount });
  if (!parsed.ok) return { ok: false, problems: parsed.problems, before };
  const plan = planImport(before ? peopleOf(before) : NO_ONE, parsed.roster, newId);
  return { ok: true, command: changeRosterOf(assemblyId, effectiveFrom, reason, plan), plan, preview: preview(parsed.roster), before };
}

/**
 * Edits to the roster in effect the day before `effectiveFrom` (the latest, for a date that is not
 * one), made together. BAD_INPUT without edits, NOT_FOUND for a member id the roster does not have.
 */
export function rosterEdits(
  state: CouncilState,
  assemblyId: string,
  effectiveFrom: string,
  reason: string,
  edits: readonly MemberEdit[],
  newId: () => string,
): RosterChange {
  const assembly = assemblyOf(state, assemblyId);
  if (edits.length === 0) throw badInput("Name at least one change.");
  const before = versionOn(assembly, effectiveFrom) ?? latestRoster(assembly);
  const plan = planEdits(peopleOf(before), before.seatCount, edits, newId);
  if ("unknown" in plan) throw notFound(`Member ${plan.unknown} of ${assembly.name}`);
  return { ok: true, command: changeRosterOf(assemblyId, effectiveFrom, reason, plan), plan, before };
}

export type AgendaRecords = { readonly ok: true; readonly agenda: AgendaItemRecord[] } | { readonly ok: false; readonly problems: readonly AgendaProblem[] };

/** An agenda file (CSV or JSON; told from the text when `format` is absent) as the items a meeting gets, with new ids. */
export function agendaRecords(text: string, format: AgendaFormat | undefined, newId: () => string): AgendaRecords {
  const parsed = parseAgenda(text, format);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  return {
    ok: true,
    agenda: parsed.items.map((d) => ({
      id: newId(),
      number: d.number,
      title: d.title,
      caseNumber: d.caseNumber,
      description: d.description,
      documentUrls: d.documentUrls,
      proposals: d.proposals.map((p) => ({ id: newId(), label: p.label, text: p.text, proposedBy: p.proposedBy })),
    })),
  };
}

/**
 * Decides `commands` in turn against `state` without recording anything: the state they would
 * leave, or the first command's refusal (a DomainError). For callers that record several commands
 * one after another and want all or none refused before the first is written.
 */
export function rehearse(state: CouncilState, commands: readonly CouncilCommand[], ctx: CommandContext): CouncilState {
  let next = state;
  for (const command of commands) {
    for (const event of decide(command, next, ctx)) next = evolve(next, event, { at: ctx.at, actor: ctx.actor });
  }
  return next;
}

function assemblyOf(state: CouncilState, assemblyId: string): AssemblyState {
  const assembly = state.assemblies.get(assemblyId);
  if (!assembly) throw notFound(`Assembly ${assemblyId}`);
  return assembly;
}

function changeRosterOf(assemblyId: string, effectiveFrom: string, reason: string, plan: RosterPlan): ChangeRosterCommand {
  return {
    type: "ChangeRoster",
    data: { assemblyId, effectiveFrom, reason, seatCount: plan.seatCount, members: plan.members, users: plan.users },
  };
}
