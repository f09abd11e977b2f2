import type { Council } from "../app/council.js";
import type { CouncilCommand } from "../domain/council/commands.js";
import type { Choice } from "../domain/council/events.js";
import { DEMO_MEETING_ID } from "../demo/council.js";

/**
 * A whole meeting of the demo council, as the commands that make it (for the minutes' tests): a
 * roll-call with a substitute, jäv on an item, a contra-proposition round (electronic) and a main vote
 * (roll-call, a clerk-entered answer corrected), a reservation, a hand count replacing an electronic
 * vote, a vote held on paper entered afterwards, decisions, and an attendance correction. Each step
 * says who and when, so that it plays the same on the pure domain and on a server with a set clock.
 */

export interface Step {
  readonly command: CouncilCommand;
  readonly actor: string;
  readonly at: string;
}

export const MEETING = DEMO_MEETING_ID;
export const CHAIR = "member-1";
export const CLERK = "clerk-1";
export const item = (n: number): string => `${MEETING}-${n}`;
export const member = (seat: number): string => `member-${seat}`;
/** 17:mm on the meeting's day. */
export const at = (minute: number): string => new Date(Date.UTC(2026, 11, 14, 17, minute)).toISOString();

export const VOTES = { contra: "vote-contra", main: "vote-main", tax: "vote-tax", paper: "vote-paper" } as const;
export const PAPER_COUNTED_AT = at(45);
export const RESERVATION_TEXT = "Vi reserverar oss till förmån för Moderaternas budgetförslag.";

/** Every answer given in a vote, the last one per member, and who entered it. */
export interface Answer {
  readonly answer: Choice;
  readonly recordedBy: "MEMBER" | "CLERK";
}

const seats = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The members serving at item 2 in seat order: seat 3 its substitute, seat 5 the stand-in for jäv. */
export const SERVING_AT_ITEM_2: readonly string[] = seats(1, 45).map((s) => (s === 3 ? "sub-S-1" : s === 5 ? "sub-S-2" : member(s)));

export interface WholeMeeting {
  readonly steps: readonly Step[];
  /** The answers that count in each vote with ballots (by vote id, member id). */
  readonly answers: ReadonlyMap<string, ReadonlyMap<string, Answer>>;
  /** The step that closes the meeting (kept apart: minutes are made before and after it). */
  readonly close: Step;
}

export function wholeMeeting(): WholeMeeting {
  const steps: Step[] = [];
  const answers = new Map<string, Map<string, Answer>>();
  const run = (command: CouncilCommand, actor: string, minute: number) => steps.push({ command, actor, at: at(minute) });
  const cast = (voteId: string, memberId: string, choice: Choice, minute: number, key = `${voteId}-${memberId}-${choice}`) => {
    run({ type: "CastBallot", data: { voteId, choice, idempotencyKey: key } }, memberId, minute);
    answers.set(voteId, (answers.get(voteId) ?? new Map()).set(memberId, { answer: choice, recordedBy: "MEMBER" }));
  };
  const record = (voteId: string, memberId: string, choice: Choice, minute: number) => {
    run({ type: "RecordBallot", data: { voteId, memberId, choice, idempotencyKey: `${voteId}-${memberId}-${choice}` } }, CLERK, minute);
    answers.set(voteId, (answers.get(voteId) ?? new Map()).set(memberId, { answer: choice, recordedBy: "CLERK" }));
  };

  // Opening and roll-call (upprop): seat 3's holder absent, the party's first substitute serves.
  run({ type: "OpenMeeting", data: { meetingId: MEETING } }, CHAIR, 0);
  for (const seat of seats(1, 45)) run({ type: "SetAttendance", data: { meetingId: MEETING, memberId: member(seat), present: seat !== 3 } }, CLERK, 1);
  run({ type: "SetAttendance", data: { meetingId: MEETING, memberId: "sub-S-2", present: true } }, CLERK, 1);
  run({ type: "AssignSubstitute", data: { meetingId: MEETING, seat: 3, substituteId: "sub-S-1" } }, CLERK, 2);

  // § 1: decided by acclamation.
  run({ type: "SetCurrentItem", data: { meetingId: MEETING, itemId: item(1) } }, CHAIR, 3);
  run({ type: "RecordDecision", data: { itemId: item(1), text: "Fullmäktige väljer Erik Larsson (M) och Lena Mattsson (S) att justera protokollet." } }, CLERK, 4);

  // § 2, the budget: member-5 has jäv (sub-S-2 stands in); three proposals, so a contra-proposition round first.
  run({ type: "DeclareRecusal", data: { itemId: item(2), memberId: member(5) } }, CLERK, 5);
  run({ type: "SetCurrentItem", data: { meetingId: MEETING, itemId: item(2) } }, CHAIR, 6);
  run(
    {
      type: "OpenVote",
      data: {
        voteId: VOTES.contra,
        itemId: item(2),
        method: "ELECTRONIC",
        question: "Kontraproposition: Ja för Moderaternas förslag, nej för Sverigedemokraternas förslag",
        yesProposalId: `${item(2)}-b`,
        noProposalId: `${item(2)}-c`,
        majority: "SIMPLE",
      },
    },
    CHAIR,
    10,
  );
  for (const seat of [...seats(13, 22), ...seats(30, 33)]) cast(VOTES.contra, member(seat), "YES", 11);
  for (const seat of seats(23, 29)) cast(VOTES.contra, member(seat), "NO", 11);
  cast(VOTES.contra, "sub-S-2", "ABSTAIN", 12);
  // member-6 changes their answer while the vote is open: the last one counts (RULES.md 12).
  cast(VOTES.contra, member(6), "YES", 12);
  cast(VOTES.contra, member(6), "NO", 13);
  run({ type: "CloseVote", data: { voteId: VOTES.contra } }, CHAIR, 14);

  // The main vote by roll-call (namnupprop): the clerk enters the answers as called, one member answers from their tablet.
  run(
    {
      type: "OpenVote",
      data: {
        voteId: VOTES.main,
        itemId: item(2),
        method: "ROLL_CALL",
        question: "Huvudvotering: Ja för kommunstyrelsens förslag, nej för Moderaternas förslag",
        yesProposalId: `${item(2)}-a`,
        noProposalId: `${item(2)}-b`,
        majority: "SIMPLE",
      },
    },
    CHAIR,
    16,
  );
  const mainChoice = (seat: number): Choice | null => {
    if (seat === 45) return null; // does not answer: absent from the count
    if (seat <= 12 || (seat >= 30 && seat <= 37) || seat === 44) return "YES";
    if (seat >= 41 && seat <= 43) return "ABSTAIN";
    return "NO";
  };
  SERVING_AT_ITEM_2.forEach((id, i) => {
    const choice = mainChoice(i + 1);
    if (id === CHAIR || choice === null) return;
    if (id === member(14)) cast(VOTES.main, id, choice, 18);
    else if (id === member(20)) record(VOTES.main, id, "YES", 18);
    else record(VOTES.main, id, choice, 18);
  });
  record(VOTES.main, CHAIR, "YES", 19);
  // The clerk heard member-20 wrong, and corrects the entry (RULES.md 16).
  run({ type: "CorrectBallot", data: { voteId: VOTES.main, memberId: member(20), choice: "NO", reason: "Ledamoten svarade nej, inte ja." } }, CLERK, 20);
  answers.get(VOTES.main)?.set(member(20), { answer: "NO", recordedBy: "CLERK" });
  run({ type: "CloseVote", data: { voteId: VOTES.main } }, CHAIR, 25);
  run({ type: "RecordDecision", data: { itemId: item(2), text: "Fullmäktige fastställer budget 2027 och flerårsplan 2028–2029 enligt kommunstyrelsens förslag." } }, CLERK, 26);
  run({ type: "RecordReservation", data: { itemId: item(2), memberId: member(13), text: RESERVATION_TEXT } }, CLERK, 27);
  run({ type: "RecordReservation", data: { itemId: item(2), memberId: member(23), text: null } }, CHAIR, 27);
  // member-10 leaves during § 2: from § 3 their seat is empty.
  run({ type: "SetAttendance", data: { meetingId: MEETING, memberId: member(10), present: false } }, CLERK, 28);

  // § 3: an electronic vote, replaced by a hand count when the system fails (RULES.md 14).
  run({ type: "SetCurrentItem", data: { meetingId: MEETING, itemId: item(3) } }, CHAIR, 30);
  run(
    {
      type: "OpenVote",
      data: {
        voteId: VOTES.tax,
        itemId: item(3),
        method: "ELECTRONIC",
        question: "Ja för kommunstyrelsens förslag, nej för Moderaternas yrkande",
        yesProposalId: `${item(3)}-a`,
        noProposalId: `${item(3)}-b`,
        majority: "SIMPLE",
      },
    },
    CHAIR,
    31,
  );
  cast(VOTES.tax, member(2), "YES", 32);
  cast(VOTES.tax, member(4), "YES", 32);
  cast(VOTES.tax, member(13), "NO", 32);
  run(
    {
      type: "EnterHandCount",
      data: {
        voteId: VOTES.tax,
        newVoteId: "unused",
        itemId: null,
        question: null,
        yes: 22,
        no: 19,
        abstain: 2,
        countedAt: at(35),
        reason: "Röstningsanläggningen slutade fungera.",
        majority: "SIMPLE",
        yesProposalId: null,
        noProposalId: null,
        idempotencyKey: "hand-tax",
      },
    },
    CLERK,
    36,
  );
  run({ type: "RecordDecision", data: { itemId: item(3), text: "Skattesatsen för 2027 fastställs till 21,64 kronor per skattekrona." } }, CLERK, 37);
  // Recorded during § 3: sub-S-3 serves in seat 10 from § 4.
  run({ type: "AssignSubstitute", data: { meetingId: MEETING, seat: 10, substituteId: "sub-S-3" } }, CLERK, 38);

  // § 4 is voted on paper while the system is down (counted 17:45), entered afterwards during § 5.
  run({ type: "SetCurrentItem", data: { meetingId: MEETING, itemId: item(4) } }, CHAIR, 40);
  run({ type: "SetCurrentItem", data: { meetingId: MEETING, itemId: item(5) } }, CHAIR, 50);
  run(
    {
      type: "EnterHandCount",
      data: {
        voteId: null,
        newVoteId: VOTES.paper,
        itemId: item(4),
        question: "Ja för kommunstyrelsens förslag, nej för Vänsterpartiets yrkande",
        yes: 30,
        no: 12,
        abstain: 1,
        countedAt: PAPER_COUNTED_AT,
        reason: "Systemet låg nere; omröstning med handuppräckning.",
        majority: "SIMPLE",
        yesProposalId: `${item(4)}-a`,
        noProposalId: `${item(4)}-b`,
        idempotencyKey: "paper-item-4",
      },
    },
    CLERK,
    52,
  );
  run({ type: "RecordDecision", data: { itemId: item(4), text: "Motionen avslås." } }, CLERK, 53);
  // member-45 was marked present by mistake: corrected (takes effect from the next item).
  run({ type: "CorrectAttendance", data: { meetingId: MEETING, memberId: member(45), present: false, reason: "Fel ledamot prickades av vid uppropet." } }, CLERK, 55);

  return { steps, answers, close: { command: { type: "CloseMeeting", data: { meetingId: MEETING } }, actor: CHAIR, at: at(70) } };
}

/** A clock a test sets before each step, for a server that plays the steps. */
export class StepClock {
  now = at(0);
  readonly read = (): string => this.now;
}

/** Plays steps through the server's one writer path, each at its own time. */
export async function playOn(council: Council, clock: StepClock, steps: readonly Step[]): Promise<void> {
  for (const step of steps) {
    clock.now = step.at;
    await council.execute(step.command, step.actor);
  }
}
