import { DomainError, badInput, conflict, forbidden, notFound } from "../errors.js";
import type { CommandContext, CouncilCommand } from "./commands.js";
import {
  addAgendaItem,
  changeAgendaItem,
  changeAssembly,
  changeRoster,
  grantRole,
  registerAssembly,
  removeAgendaItem,
  reorderAgenda,
  replaceAgenda,
  rescheduleMeeting,
  revokeRole,
  scheduleMeeting,
  setPresidium,
  takeChair,
} from "./admin.js";
import { assemblyOfMeeting, meetingRolesOf, presidingMemberOf } from "./rosters.js";
import type { CouncilEvent, Role } from "./events.js";
import { computeResult } from "./result.js";
import { attendanceAt, participantsOf, quorumOf, remainingProposals, seatViews, type SeatView } from "./procedure.js";
import type { AssemblyState, CouncilState, ItemState, MeetingState, VoteState } from "./state.js";
import { addChoice, ballotKey, heldPosition, servedBy, votesOf } from "./state.js";

type Events = readonly CouncilEvent[];

/** Decides a command against the state: the events it causes, or a DomainError. Pure. */
export function decide(command: CouncilCommand, state: CouncilState, ctx: CommandContext): Events {
  switch (command.type) {
    case "RegisterAssembly":
      return registerAssembly(command.data, state, ctx);
    case "ChangeAssembly":
      return changeAssembly(command.data, state, ctx);
    case "ChangeRoster":
      return changeRoster(command.data, state, ctx);
    case "GrantRole":
      return grantRole(command.data, state, ctx);
    case "RevokeRole":
      return revokeRole(command.data, state, ctx);
    case "SetPresidium":
      return setPresidium(command.data, state, ctx);
    case "TakeChair":
      return takeChair(command.data, state, ctx);
    case "ScheduleMeeting":
      return scheduleMeeting(command.data, state, ctx);
    case "RescheduleMeeting":
      return rescheduleMeeting(command.data, state, ctx);
    case "AddAgendaItem":
      return addAgendaItem(command.data, state, ctx);
    case "ChangeAgendaItem":
      return changeAgendaItem(command.data, state, ctx);
    case "RemoveAgendaItem":
      return removeAgendaItem(command.data, state, ctx);
    case "ReorderAgenda":
      return reorderAgenda(command.data, state, ctx);
    case "ReplaceAgenda":
      return replaceAgenda(command.data, state, ctx);
    case "OpenMeeting":
      return openMeeting(command.data, state, ctx);
    case "LinkTeamsMeeting":
      return linkTeamsMeeting(command.data, state, ctx);
    case "SetAttendance":
      return setAttendance(command.data, state, ctx);
    case "AssignSubstitute":
      return assignSubstitute(command.data, state, ctx);
    case "SetCurrentItem":
      return setCurrentItem(command.data, state, ctx);
    case "OpenVote":
      return openVote(command.data, state, ctx);
    case "CastBallot":
      return castBallot(command.data, state, ctx);
    case "RecordBallot":
      return recordBallot(command.data, state, ctx);
    case "CloseVote":
      return closeVote(command.data, state, ctx);
    case "DeclareRecusal":
      return declareRecusal(command.data, state, ctx);
    case "CorrectAttendance":
      return correctAttendance(command.data, state, ctx);
    case "CorrectBallot":
      return correctBallot(command.data, state, ctx);
    case "EnterHandCount":
      return enterHandCount(command.data, state, ctx);
    case "CancelVote":
      return cancelVote(command.data, state, ctx);
    case "ResolveTie":
      return resolveTie(command.data, state, ctx);
    case "AddProposal":
      return addProposal(command.data, state, ctx);
    case "RecordDecision":
      return recordDecision(command.data, state, ctx);
    case "RecordReservation":
      return recordReservation(command.data, state, ctx);
    case "CloseMeeting":
      return closeMeeting(command.data, state, ctx);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

type Data<T extends CouncilCommand["type"]> = Extract<CouncilCommand, { type: T }>["data"];

const MAX_QUESTION = 1000;
const MAX_REASON = 1000;
const MAX_LABEL = 200;
const MAX_PROPOSAL = 20_000;
const MAX_DECISION = 20_000;
const MAX_KEY = 200;
const MAX_RESERVATION = 2000;

function openMeeting(data: Data<"OpenMeeting">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  requireRole(state, meeting, ctx, ["CHAIR"], "Only the chair opens the meeting.");
  if (meeting.status === "OPEN") throw conflict("The meeting is already open.");
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed and cannot be opened again.");
  if (getAssembly(state, meeting).members.size === 0) throw conflict("The assembly has no roster for the meeting's date: import the roster first.");
  return [{ type: "MeetingOpened", data }];
}

function linkTeamsMeeting(data: Data<"LinkTeamsMeeting">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK", "ADMIN"], "Only the chair, a clerk or an admin links a Teams meeting.");
  const teamsMeetingId = data.teamsMeetingId.trim();
  if (teamsMeetingId === "" || teamsMeetingId.length > 1000) throw badInput("The Teams meeting id must be 1-1000 characters.");
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed.");
  if (meeting.teamsMeetingId === teamsMeetingId) return [];
  const other = [...state.meetings.values()].find((m) => m.id !== meeting.id && m.status !== "CLOSED" && m.teamsMeetingId === teamsMeetingId);
  if (other) throw conflict(`That Teams meeting is already linked to "${other.title}".`);
  return [{ type: "TeamsMeetingLinked", data: { meetingId: meeting.id, teamsMeetingId } }];
}

function setAttendance(data: Data<"SetAttendance">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only the chair or a clerk records attendance.");
  const assembly = getAssembly(state, meeting);
  const member = getMember(assembly, data.memberId);
  requireAttendanceChangeable(meeting);
  if (data.present) requireMayReturn(assembly, meeting, member.id, member.name);
  return [{ type: "AttendanceRecorded", data }];
}

function assignSubstitute(data: Data<"AssignSubstitute">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  const assembly = getAssembly(state, meeting);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only the chair or a clerk seats a substitute.");
  const recorded = meeting.recordedAttendance;
  const seat = recorded.seats.find((s) => s.number === data.seat);
  if (!seat) throw badInput(`There is no seat ${data.seat}: seats are numbered 1-${assembly.seatCount}.`);
  const holder = getMember(assembly, seat.holderId);
  if (data.substituteId !== null) {
    const substitute = getMember(assembly, data.substituteId);
    if (substitute.kind !== "SUBSTITUTE") throw badInput(`${substitute.name} is an ordinary member, not a substitute.`);
    if (substitute.party !== holder.party) {
      throw badInput(
        `${substitute.name} (${substitute.party}) cannot serve in seat ${seat.number}: a substitute serves only for a member of the same party (${holder.party}).`,
      );
    }
  }
  requireAttendanceChangeable(meeting);
  if (data.substituteId === null) requireMayReturn(assembly, meeting, holder.id, holder.name);
  else requireMayReturn(assembly, meeting, data.substituteId, getMember(assembly, data.substituteId).name);
  if (data.substituteId !== null) {
    if (seat.holderPresent) {
      throw conflict(`${holder.name} is present in seat ${seat.number}; record them absent before a substitute steps in.`);
    }
    const elsewhere = recorded.seats.find((s) => s.substituteId === data.substituteId && s.number !== seat.number);
    if (elsewhere) throw conflict(`That substitute already serves in seat ${elsewhere.number}.`);
  }
  return [{ type: "SubstituteAssigned", data }];
}

function setCurrentItem(data: Data<"SetCurrentItem">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  requireRole(state, meeting, ctx, ["CHAIR"], "Only the chair moves between agenda items.");
  if (!meeting.items.has(data.itemId)) throw notFound(`Agenda item ${data.itemId} of this meeting`);
  requireOpen(meeting);
  if (meeting.openVoteId !== null) throw conflict("A vote is open: close it before moving to another item.");
  // Moving "again" to the current item would bring recorded changes into effect during it (RULES.md 2).
  if (meeting.currentItemId === data.itemId) throw conflict("That item is already the current item.");
  return [{ type: "CurrentItemSet", data }];
}

function openVote(data: Data<"OpenVote">, state: CouncilState, ctx: CommandContext): Events {
  const { meeting, item } = getItem(state, data.itemId);
  const assembly = getAssembly(state, meeting);
  requireRole(state, meeting, ctx, ["CHAIR"], "Only the chair opens a vote.");
  const question = data.question.trim();
  if (question === "") throw badInput("A vote needs a question.");
  if (question.length > MAX_QUESTION) throw badInput(`The question is longer than ${MAX_QUESTION} characters.`);
  if (data.method === "HAND_COUNT") throw badInput("A hand count is not opened: enter its counted result with enterHandCount.");
  requireSides(item, data.yesProposalId, data.noProposalId);
  requireOpen(meeting);
  if (meeting.currentItemId !== item.id) throw conflict(`Item §${item.number} is not the current item.`);
  if (item.decision !== null) throw conflict(`Item §${item.number} is already decided.`);
  if (meeting.openVoteId !== null) throw conflict("Another vote is open: close it first.");
  requireNoTiePending(state, item);
  const held = votesOf(state, item);
  requireInPlay(item, held, data.yesProposalId, data.noProposalId);
  const seats = seatViews(meeting, assembly);
  requireQuorum(assembly, seats);
  if (state.votes.has(data.voteId)) throw conflict(`Vote ${data.voteId} already exists.`);
  const { eligible, seatNumbers, chairMemberId, present } = eligibleOf(state, meeting, seats);
  return [
    {
      type: "VoteOpened",
      data: {
        meetingId: meeting.id,
        voteId: data.voteId,
        itemId: item.id,
        // Opened now, so after every vote held on the item (evolve numbers rounds by when held).
        round: heldPosition(held, ctx.at) + 1,
        method: data.method,
        question,
        yesProposalId: data.yesProposalId,
        noProposalId: data.noProposalId,
        majority: data.majority,
        eligible,
        seats: seatNumbers,
        present,
        chairMemberId,
      },
    },
  ];
}

function castBallot(data: Data<"CastBallot">, state: CouncilState, ctx: CommandContext): Events {
  const vote = getVote(state, data.voteId);
  requireKey(data.idempotencyKey);
  const memberId = getAssembly(state, meetingOfVote(state, vote)).memberOfUser.get(ctx.actor) ?? null;
  // Before the replay check: a non-member's key (from recordBallot) must not turn FORBIDDEN into CONFLICT.
  if (memberId === null) throw forbidden("Only members vote.");
  if (replayOf(vote, ctx, data.idempotencyKey, memberId, data.choice)) return [];
  if (!vote.eligible.includes(memberId)) {
    throw forbidden("You are not serving in a seat in this vote, so you cannot vote in it.");
  }
  requireVoteOpen(vote);
  requireAnswerChangeable(state, meetingOfVote(state, vote), vote, memberId);
  return [ballotCast(vote, memberId, data.choice, "DEVICE", data.idempotencyKey)];
}

function recordBallot(data: Data<"RecordBallot">, state: CouncilState, ctx: CommandContext): Events {
  const vote = getVote(state, data.voteId);
  const meeting = getMeeting(state, vote.meetingId);
  const assembly = getAssembly(state, meeting);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only the chair or a clerk records a member's answer.");
  requireKey(data.idempotencyKey);
  const member = getMember(assembly, data.memberId);
  if (replayOf(vote, ctx, data.idempotencyKey, member.id, data.choice)) return [];
  if (!vote.eligible.includes(member.id)) throw conflict(`${member.name} is not eligible in this vote.`);
  requireVoteOpen(vote);
  requireAnswerChangeable(state, meeting, vote, member.id);
  return [ballotCast(vote, member.id, data.choice, "CLERK", data.idempotencyKey)];
}

function closeVote(data: Data<"CloseVote">, state: CouncilState, ctx: CommandContext): Events {
  const vote = getVote(state, data.voteId);
  const meeting = getMeeting(state, vote.meetingId);
  requireRole(state, meeting, ctx, ["CHAIR"], "Only the chair closes a vote.");
  requireVoteOpen(vote);
  const chairChoice = vote.chairMemberId === null ? null : (vote.ballots.get(vote.chairMemberId)?.choice ?? null);
  const result = computeResult({
    counts: vote.counts,
    eligible: vote.eligible.length,
    present: vote.present,
    majority: vote.majority,
    chairChoice,
  });
  return [{ type: "VoteClosed", data: { meetingId: meeting.id, voteId: vote.id, result } }];
}

function enterHandCount(data: Data<"EnterHandCount">, state: CouncilState, ctx: CommandContext): Events {
  const vote = data.voteId === null ? null : getVote(state, data.voteId);
  if (vote === null && data.itemId === null) throw badInput("Say which item a vote held on paper was on (itemId), or which open vote the count replaces (voteId).");
  const { meeting, item } = vote === null ? getItem(state, data.itemId ?? "") : { meeting: meetingOfVote(state, vote), item: itemOfVote(state, vote) };
  if (vote !== null && data.itemId !== null && data.itemId !== vote.itemId) throw badInput("The vote is not on that item.");
  const assembly = getAssembly(state, meeting);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only a clerk or the chair enters a hand count.");
  requireKey(data.idempotencyKey);
  const request = JSON.stringify([
    data.voteId,
    vote === null ? data.itemId : null,
    data.yes,
    data.no,
    data.abstain,
    data.countedAt,
    data.reason.trim(),
    data.majority,
    data.question,
    data.yesProposalId,
    data.noProposalId,
  ]);
  const earlier = meeting.handCountKeys.get(ballotKey(ctx.actor, data.idempotencyKey));
  if (earlier) {
    if (earlier.request === request) return [];
    throw conflict("This idempotency key was already used for a different count; send a new key for a new count.");
  }
  for (const [side, n] of [["Ja", data.yes], ["Nej", data.no], ["Avstår", data.abstain]] as const) {
    if (!Number.isInteger(n) || n < 0) throw badInput(`The ${side} count must be a whole number, 0 or more.`);
  }
  const reason = requireText(data.reason, MAX_REASON, { empty: "Say why the vote was counted by hand.", name: "The reason" });
  const countedAt = Date.parse(data.countedAt);
  if (Number.isNaN(countedAt)) throw badInput("When the count was taken must be a time (ISO-8601 UTC).");
  if (countedAt > Date.parse(ctx.at)) throw badInput("The count cannot have been taken in the future.");
  const counts = { yes: data.yes, no: data.no, abstain: data.abstain };
  const total = data.yes + data.no + data.abstain;
  const key = data.idempotencyKey;

  if (vote !== null) {
    // The count replaces an open vote and is judged by its majority (RULES.md 14).
    requireVoteOpen(vote);
    if (total > vote.eligible.length) throw badInput(`${total} answers counted, but only ${vote.eligible.length} members may vote.`);
    // A count is timed to the minute ("counted at 16:08"): one in the minute the vote opened is after it.
    if (countedAt < startOfMinute(Date.parse(vote.openedAt))) throw badInput("The count cannot have been taken before the vote opened.");
    const result = computeResult({ counts, eligible: vote.eligible.length, present: vote.present, majority: vote.majority, chairChoice: null });
    return [{ type: "HandCountEntered", data: { meetingId: meeting.id, voteId: vote.id, ...counts, countedAt: data.countedAt, reason, idempotencyKey: key, request, result } }];
  }

  // A vote held on paper, entered afterwards with the time it was really counted (RULES.md 14).
  const question = data.question?.trim() || item.title;
  if (question.length > MAX_QUESTION) throw badInput(`The question is longer than ${MAX_QUESTION} characters.`);
  requireSides(item, data.yesProposalId, data.noProposalId);
  requireOpen(meeting);
  // After requireOpen: the meeting's start is when it was scheduled, or opened if that was earlier.
  const earliest = earliestCount(meeting);
  if (countedAt < earliest) {
    throw badInput(
      `The count cannot have been taken more than 24 hours before the meeting (${new Date(earliest + DAY_MS).toISOString()}): check the date.`,
    );
  }
  if (meeting.openVoteId !== null) throw conflict("A vote is open: close it, or enter the count for it, first.");
  if (state.votes.has(data.newVoteId)) throw conflict(`Vote ${data.newVoteId} already exists.`);
  // Eligible are those who served at the item (RULES.md 8), not those serving now.
  const attendance = attendanceAt(meeting, item);
  if (attendance === null) {
    throw conflict(
      `Item §${item.number} has not been taken up: make it the current item first (setCurrentItem), so that the record shows who served when the vote was held.`,
    );
  }
  requireNoTiePending(state, item);
  // The vote takes its place among the item's votes by when it was counted (RULES.md 13, 17).
  const held = votesOf(state, item);
  const position = heldPosition(held, data.countedAt);
  requireInPlay(item, held.slice(0, position), data.yesProposalId, data.noProposalId);
  const seats = seatViews(meeting, assembly, item.id, attendance);
  requireQuorum(assembly, seats);
  const { eligible, seatNumbers, chairMemberId, present } = eligibleOf(state, meeting, seats);
  if (total > eligible.length) throw badInput(`${total} answers counted, but only ${eligible.length} members may vote.`);
  const result = computeResult({ counts, eligible: eligible.length, present, majority: data.majority, chairChoice: null });
  const loser = result.outcome === "YES" ? data.noProposalId : result.outcome === "NO" ? data.yesProposalId : null;
  requireNotPutAgain(item, held.slice(position), loser);
  return [
    {
      type: "VoteOpened",
      data: {
        meetingId: meeting.id,
        voteId: data.newVoteId,
        itemId: item.id,
        round: position + 1,
        method: "HAND_COUNT",
        question,
        yesProposalId: data.yesProposalId,
        noProposalId: data.noProposalId,
        majority: data.majority,
        eligible,
        seats: seatNumbers,
        present,
        chairMemberId,
        openedAt: data.countedAt,
      },
    },
    { type: "HandCountEntered", data: { meetingId: meeting.id, voteId: data.newVoteId, ...counts, countedAt: data.countedAt, reason, idempotencyKey: key, request, result } },
  ];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The earliest time a vote held on paper may have been counted: 24 hours before the meeting, which is
 * when it was scheduled, or when it was opened if that was earlier. Anything before is a mistyped date.
 */
function earliestCount(meeting: MeetingState): number {
  const scheduled = Date.parse(meeting.scheduledAt);
  const opened = meeting.openedAt === null ? scheduled : Date.parse(meeting.openedAt);
  return Math.min(scheduled, opened) - DAY_MS;
}

function startOfMinute(ms: number): number {
  return ms - (ms % 60_000);
}

/** The vote a hand-count key recorded (for the answer to a retry). */
export function handCountVoteId(state: CouncilState, meetingId: string, userId: string, key: string): string | null {
  return state.meetings.get(meetingId)?.handCountKeys.get(ballotKey(userId, key))?.voteId ?? null;
}

/**
 * Who may vote now: the members serving, jäv replacements included (RULES.md 5, 8), in roll-call
 * order: seat order with the chair last (RULES.md 9).
 */
function eligibleOf(state: CouncilState, meeting: MeetingState, seats: readonly SeatView[]) {
  const serving = seats.flatMap((s) => (s.servedBy === null ? [] : [{ member: s.servedBy, seat: s.number }]));
  // Whoever presides answers last and has the casting vote (RULES.md 9, 11), if serving.
  const presiding = presidingMemberOf(state, meeting);
  const chairMemberId = serving.find((s) => s.member === presiding)?.member ?? null;
  const ordered = [...serving.filter((s) => s.member !== chairMemberId), ...serving.filter((s) => s.member === chairMemberId)];
  return {
    eligible: ordered.map((s) => s.member),
    seatNumbers: ordered.map((s) => s.seat),
    chairMemberId,
    present: serving.length,
  };
}

function itemOfVote(state: CouncilState, vote: VoteState): ItemState {
  return getItem(state, vote.itemId).item;
}

function correctAttendance(data: Data<"CorrectAttendance">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  const assembly = getAssembly(state, meeting);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only a clerk or the chair corrects the record.");
  const member = getMember(assembly, data.memberId);
  const reason = requireText(data.reason, MAX_REASON, { empty: "Say why the attendance is corrected.", name: "The reason" });
  requireAttendanceChangeable(meeting);
  const correctsSeq = meeting.attendanceSeqs.get(member.id);
  if (correctsSeq === undefined) throw conflict(`No attendance has been recorded for ${member.name} at this meeting: record it with setAttendance.`);
  const recorded = meeting.recordedAttendance;
  const seat = recorded.seats.find((s) => s.holderId === member.id);
  const isPresent = seat ? seat.holderPresent : recorded.presentSubstitutes.has(member.id);
  if (isPresent === data.present) throw conflict(`${member.name} is already recorded as ${data.present ? "present" : "absent"}.`);
  return [{ type: "AttendanceCorrected", data: { meetingId: meeting.id, memberId: member.id, present: data.present, reason, correctsSeq } }];
}

function correctBallot(data: Data<"CorrectBallot">, state: CouncilState, ctx: CommandContext): Events {
  const vote = getVote(state, data.voteId);
  const meeting = meetingOfVote(state, vote);
  const assembly = getAssembly(state, meeting);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only a clerk or the chair corrects the record.");
  const member = getMember(assembly, data.memberId);
  const reason = requireText(data.reason, MAX_REASON, { empty: "Say why the answer is corrected.", name: "The reason" });
  requireOpen(meeting);
  if (vote.status === "CANCELLED") throw conflict("The vote was cancelled: it decides nothing to correct.");
  if (vote.handCount !== null) throw conflict("A hand count gave this vote its result: its ballots no longer count.");
  const ballot = vote.ballots.get(member.id);
  if (!ballot) throw conflict(`No answer is recorded for ${member.name} in this vote.`);
  if (ballot.source !== "CLERK") {
    throw conflict(`${member.name} answered from their own device: only the member changes that answer, while the vote is open.`);
  }
  if (ballot.choice === data.choice) throw conflict(`${member.name}'s answer is already recorded as ${data.choice}.`);
  let result = null;
  if (vote.status === "CLOSED") {
    const corrected = addChoice(addChoice(vote.counts, ballot.choice, -1), data.choice, 1);
    const chairChoice = vote.chairMemberId === member.id ? data.choice : (vote.chairMemberId === null ? null : (vote.ballots.get(vote.chairMemberId)?.choice ?? null));
    result = computeResult({ counts: corrected, eligible: vote.eligible.length, present: vote.present, majority: vote.majority, chairChoice });
  }
  return [
    {
      type: "BallotCorrected",
      data: { meetingId: meeting.id, voteId: vote.id, memberId: member.id, choice: data.choice, reason, correctsSeq: ballot.seq, result },
    },
  ];
}

function declareRecusal(data: Data<"DeclareRecusal">, state: CouncilState, ctx: CommandContext): Events {
  const { meeting, item } = getItem(state, data.itemId);
  const assembly = getAssembly(state, meeting);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only the chair or a clerk records jäv.");
  const member = getMember(assembly, data.memberId);
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed.");
  if (item.decision !== null) throw conflict(`Item §${item.number} is already decided.`);
  const openVote = meeting.openVoteId === null ? undefined : state.votes.get(meeting.openVoteId);
  if (openVote?.itemId === item.id) throw conflict("A vote on this item is open: jäv is declared before it opens.");
  if (item.recusals.includes(member.id)) throw conflict(`${member.name} has already declared jäv on §${item.number}.`);
  return [{ type: "RecusalDeclared", data: { meetingId: meeting.id, itemId: item.id, memberId: member.id } }];
}

function cancelVote(data: Data<"CancelVote">, state: CouncilState, ctx: CommandContext): Events {
  const vote = getVote(state, data.voteId);
  requireRole(state, meetingOfVote(state, vote), ctx, ["CHAIR"], "Only the chair cancels a vote.");
  const reason = requireText(data.reason, MAX_REASON, { empty: "Say why the vote is cancelled.", name: "The reason" });
  requireVoteOpen(vote);
  return [{ type: "VoteCancelled", data: { meetingId: vote.meetingId, voteId: vote.id, reason } }];
}

function resolveTie(data: Data<"ResolveTie">, state: CouncilState, ctx: CommandContext): Events {
  const vote = getVote(state, data.voteId);
  requireRole(state, meetingOfVote(state, vote), ctx, ["CHAIR"], "Only the chair decides a tie.");
  if (data.choice === "ABSTAIN") throw badInput("A tie is decided for Ja (YES) or Nej (NO).");
  requireOpen(meetingOfVote(state, vote));
  if (vote.status === "OPEN") throw conflict("The vote is still open: close it first.");
  if (vote.status === "CANCELLED" || vote.result?.outcome !== "TIE") throw conflict("The vote did not end in an undecided tie.");
  const result = { ...vote.result, outcome: data.choice, decidedBy: "CASTING_VOTE" as const };
  return [{ type: "TieResolved", data: { meetingId: vote.meetingId, voteId: vote.id, choice: data.choice, result } }];
}

function addProposal(data: Data<"AddProposal">, state: CouncilState, ctx: CommandContext): Events {
  const { meeting, item } = getItem(state, data.itemId);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only the chair or a clerk adds a proposal.");
  const label = requireText(data.label, MAX_LABEL, { empty: "A proposal needs a label.", name: "The label" });
  const text = requireText(data.text, MAX_PROPOSAL, { empty: "A proposal needs a text.", name: "The proposal's text" });
  const proposedBy = data.proposedBy?.trim() || null;
  if (proposedBy !== null && proposedBy.length > MAX_LABEL) throw badInput(`Who proposed it is longer than ${MAX_LABEL} characters.`);
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed.");
  if (item.decision !== null) throw conflict(`Item §${item.number} is already decided.`);
  const openVote = meeting.openVoteId === null ? undefined : state.votes.get(meeting.openVoteId);
  if (openVote?.itemId === item.id) throw conflict("A vote on this item is open: proposals cannot change during it.");
  if (item.proposals.some((p) => p.id === data.proposalId)) throw conflict(`Proposal ${data.proposalId} already exists.`);
  return [{ type: "ProposalAdded", data: { meetingId: meeting.id, itemId: item.id, proposal: { id: data.proposalId, label, text, proposedBy } } }];
}

function recordDecision(data: Data<"RecordDecision">, state: CouncilState, ctx: CommandContext): Events {
  const { meeting, item } = getItem(state, data.itemId);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only the chair or a clerk records a decision.");
  const text = requireText(data.text, MAX_DECISION, { empty: "The decision needs a text.", name: "The decision" });
  requireOpen(meeting);
  const openVote = meeting.openVoteId === null ? undefined : state.votes.get(meeting.openVoteId);
  if (openVote?.itemId === item.id) throw conflict("A vote on this item is open: close it before recording the decision.");
  requireNoTiePending(state, item);
  return [{ type: "DecisionRecorded", data: { meetingId: meeting.id, itemId: item.id, text } }];
}

/**
 * A reservation against an item's decision (RULES.md 17; KL 4:27): entered by the chair or a clerk
 * for a member who took part in the decision, once it is recorded and before the meeting closes.
 */
function recordReservation(data: Data<"RecordReservation">, state: CouncilState, ctx: CommandContext): Events {
  const { meeting, item } = getItem(state, data.itemId);
  const assembly = getAssembly(state, meeting);
  requireRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only the chair or a clerk records a reservation.");
  const member = getMember(assembly, data.memberId);
  const text = data.text?.trim() || null;
  if (text !== null && text.length > MAX_RESERVATION) throw badInput(`The reservation's text is longer than ${MAX_RESERVATION} characters.`);
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed: reservations are recorded before it closes.");
  if (item.decision === null) throw conflict(`§${item.number} has no decision yet: a reservation is against a decision, so record the decision first.`);
  if (item.recusals.includes(member.id)) {
    throw conflict(`${member.name} declared jäv on §${item.number} and took no part in its decision, so cannot reserve against it.`);
  }
  const votes = votesOf(state, item);
  const participants = participantsOf(meeting, assembly, item, votes);
  if (participants === null) {
    throw conflict(`§${item.number} was decided without a vote and never taken up, so the record does not show who took part in its decision.`);
  }
  if (!participants.has(member.id)) {
    if (votes.filter((v) => v.status !== "CANCELLED").at(-1)?.eligible.includes(member.id)) {
      throw conflict(
        `${member.name} did not vote Ja or Nej in the vote that decided §${item.number} (abstained or did not answer), so took no part in its decision and cannot reserve against it.`,
      );
    }
    throw conflict(`${member.name} did not serve in a seat when §${item.number} was decided, so took no part in its decision and cannot reserve against it.`);
  }
  if (item.reservations.some((r) => r.memberId === member.id)) throw conflict(`${member.name} has already reserved against the decision on §${item.number}.`);
  return [{ type: "ReservationRecorded", data: { meetingId: meeting.id, itemId: item.id, memberId: member.id, text } }];
}

function closeMeeting(data: Data<"CloseMeeting">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  requireRole(state, meeting, ctx, ["CHAIR"], "Only the chair closes the meeting.");
  requireOpen(meeting);
  if (meeting.openVoteId !== null) throw conflict("A vote is open: close it before closing the meeting.");
  return [{ type: "MeetingClosed", data }];
}

// --- Shared rules -------------------------------------------------------------------------------

function requireRole(state: CouncilState, meeting: MeetingState, ctx: CommandContext, roles: readonly Role[], message: string): void {
  const held = meetingRolesOf(state, meeting, ctx.actor);
  if (!roles.some((r) => held.includes(r))) throw forbidden(message);
}

function requireOpen(meeting: MeetingState): void {
  if (meeting.status === "SCHEDULED") throw conflict("The meeting is not open yet.");
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed.");
}

function requireAttendanceChangeable(meeting: MeetingState): void {
  requireOpen(meeting);
  // RULES.md 2: attendance never changes during a vote.
  if (meeting.openVoteId !== null) throw conflict("A vote is open: attendance cannot change until it closes.");
}

/** The Ja and Nej sides name proposals on the item, and not the same one. */
function requireSides(item: ItemState, yes: string | null, no: string | null): void {
  for (const id of [yes, no]) {
    if (id !== null && !item.proposals.some((p) => p.id === id)) throw badInput(`Proposal ${id} is not on this item.`);
  }
  if (yes !== null && yes === no) throw badInput("The Ja and Nej sides must be different proposals.");
}

/** RULES.md 13: a proposal that lost a round is not put again. `earlier`: the votes held before this one. */
function requireInPlay(item: ItemState, earlier: readonly VoteState[], yes: string | null, no: string | null): void {
  const inPlay = new Set(remainingProposals(item, earlier).map((p) => p.id));
  for (const id of [yes, no]) {
    const proposal = item.proposals.find((p) => p.id === id);
    if (proposal && !inPlay.has(proposal.id)) throw conflict(`"${proposal.label}" lost an earlier round and is out of play.`);
  }
}

/**
 * RULES.md 13 for a vote that takes its place before others: the proposal it puts out (`loser`) must
 * not have been put in a vote held after it, or the record would show a lost proposal put again.
 */
function requireNotPutAgain(item: ItemState, later: readonly VoteState[], loser: string | null): void {
  if (loser === null) return;
  const again = later.find((v) => v.status !== "CANCELLED" && (v.yesProposalId === loser || v.noProposalId === loser));
  const proposal = item.proposals.find((p) => p.id === loser);
  if (again && proposal) {
    throw conflict(`"${proposal.label}" loses this vote, but was put again in round ${again.round}, held after it: check when it was counted.`);
  }
}

/** RULES.md 4: the meeting decides only while more than half of the seats are served. */
function requireQuorum(assembly: AssemblyState, seats: readonly SeatView[]): void {
  const quorum = quorumOf(assembly, seats);
  if (!quorum.met) {
    throw conflict(`The meeting is not quorate: ${quorum.present} seats are served, ${quorum.required} are needed.`);
  }
}

/** RULES.md 11: a tie the chair has not decided yet must be decided before the item goes on. */
function requireNoTiePending(state: CouncilState, item: ItemState): void {
  if (votesOf(state, item).some((v) => v.status === "CLOSED" && v.result?.outcome === "TIE")) {
    throw conflict(`A vote on §${item.number} ended in a tie the chair has not decided yet (resolveTie).`);
  }
}

/** RULES.md 3 (policy): a member who served and left does not serve again that day. */
function requireMayReturn(assembly: AssemblyState, meeting: MeetingState, memberId: string, name: string): void {
  if (assembly.settings.noReturnAfterLeaving && meeting.recordedAttendance.departed.has(memberId)) {
    throw conflict(`${name} left the meeting after serving and does not serve again today (the assembly's no-return rule).`);
  }
}

function requireVoteOpen(vote: VoteState): void {
  if (vote.status !== "OPEN") throw conflict(`The vote is ${vote.status === "CLOSED" ? "closed" : "cancelled"}.`);
}

/** Trimmed text, or BAD_INPUT when empty or too long. */
function requireText(value: string, max: number, messages: { empty: string; name: string }): string {
  const text = value.trim();
  if (text === "") throw badInput(messages.empty);
  if (text.length > max) throw badInput(`${messages.name} is longer than ${max} characters.`);
  return text;
}

/** RULES.md 12 (policy): where the assembly does not allow it, a first answer is final. */
function requireAnswerChangeable(state: CouncilState, meeting: MeetingState, vote: VoteState, memberId: string): void {
  if (!vote.ballots.has(memberId)) return;
  if (!getAssembly(state, meeting).settings.answerChangeWhileOpen) {
    throw conflict("This assembly does not allow an answer to be changed, and this member has answered.");
  }
}

function meetingOfVote(state: CouncilState, vote: VoteState): MeetingState {
  return getMeeting(state, vote.meetingId);
}

function requireKey(key: string): void {
  if (key.trim() === "" || key.length > MAX_KEY) throw badInput(`The idempotency key must be 1-${MAX_KEY} characters.`);
}

/** True when this key already recorded this answer: the retry appends nothing. */
function replayOf(vote: VoteState, ctx: CommandContext, key: string, memberId: string, choice: string): boolean {
  const earlier = vote.ballotKeys.get(ballotKey(ctx.actor, key));
  if (!earlier) return false;
  if (earlier.memberId === memberId && earlier.choice === choice) return true;
  throw conflict("This idempotency key was already used for a different answer; send a new key for a new answer.");
}

function ballotCast(vote: VoteState, memberId: string, choice: Data<"CastBallot">["choice"], source: "DEVICE" | "CLERK", key: string): CouncilEvent {
  return {
    type: "BallotCast",
    data: { meetingId: vote.meetingId, voteId: vote.id, memberId, choice, source, idempotencyKey: key },
  };
}

export function getMeeting(state: CouncilState, meetingId: string): MeetingState {
  const meeting = state.meetings.get(meetingId);
  if (!meeting) throw notFound(`Meeting ${meetingId}`);
  return meeting;
}

/** The meeting's assembly, with the roster the meeting is held with. */
function getAssembly(state: CouncilState, meeting: MeetingState): AssemblyState {
  const assembly = assemblyOfMeeting(state, meeting);
  if (!assembly) throw notFound(`Assembly ${meeting.assemblyId}`);
  return assembly;
}

function getMember(assembly: AssemblyState, memberId: string) {
  const member = assembly.members.get(memberId);
  if (!member) throw notFound(`Member ${memberId} of ${assembly.name}`);
  return member;
}

export function getVote(state: CouncilState, voteId: string): VoteState {
  const vote = state.votes.get(voteId);
  if (!vote) throw notFound(`Vote ${voteId}`);
  return vote;
}

export function findItem(state: CouncilState, itemId: string): { meeting: MeetingState; item: ItemState } | null {
  for (const meeting of state.meetings.values()) {
    const item = meeting.items.get(itemId);
    if (item) return { meeting, item };
  }
  return null;
}

function getItem(state: CouncilState, itemId: string): { meeting: MeetingState; item: ItemState } {
  const found = findItem(state, itemId);
  if (!found) throw notFound(`Agenda item ${itemId}`);
  return found;
}

export { DomainError, votesOf };
export { meetingRolesOf, rolesOf } from "./rosters.js";
