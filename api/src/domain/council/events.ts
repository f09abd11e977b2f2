/**
 * Everything that can happen to a council, past tense. Each event becomes one ledger entry; its
 * `data` is the entry's payload. Time and actor are not part of the data: the ledger entry carries
 * them (see EventMeta).
 */
export type Role = "ADMIN" | "CHAIR" | "CLERK" | "MEMBER" | "OBSERVER";
export type MemberKind = "ORDINARY" | "SUBSTITUTE";
export type Choice = "YES" | "NO" | "ABSTAIN";
export type VoteMethod = "ELECTRONIC" | "ROLL_CALL" | "HAND_COUNT";
export type Majority = "SIMPLE" | "TWO_THIRDS_OF_PRESENT";
export type Outcome = "YES" | "NO" | "TIE";
export type DecidedBy = "MAJORITY" | "CASTING_VOTE";
export type BallotSource = "DEVICE" | "CLERK";

export interface MemberRecord {
  readonly id: string;
  readonly name: string;
  readonly party: string;
  readonly kind: MemberKind;
  /** Ordinary members only. */
  readonly seat: number | null;
  /** Substitutes only: 1 is called first. */
  readonly substituteRank: number | null;
}

export interface UserRecord {
  readonly userId: string;
  readonly displayName: string;
  /** The member this user is in the assembly, if any. */
  readonly memberId: string | null;
  readonly roles: readonly Role[];
}

export interface ProposalRecord {
  readonly id: string;
  readonly label: string;
  readonly text: string;
  readonly proposedBy: string | null;
}

export interface AgendaItemRecord {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly caseNumber: string | null;
  readonly description: string | null;
  readonly documentUrls: readonly string[];
  readonly proposals: readonly ProposalRecord[];
}

export interface VoteResultRecord {
  readonly outcome: Outcome;
  readonly decidedBy: DecidedBy | null;
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly absent: number;
}

/**
 * How many served seats make the assembly quorate (RULES.md 4). MORE_THAN_HALF: KL 5:43 and 6:28
 * (kommunfullmäktige, nämnder); AT_LEAST_HALF: some boards' own rules; NONE: a parliament that
 * decides with whoever is present.
 */
export type QuorumRule = "MORE_THAN_HALF" | "AT_LEAST_HALF" | "NONE";

/** Procedure the law leaves to each assembly (RULES.md "policy"). */
export interface AssemblySettings {
  /** RULES.md 3: a member who was present and leaves (not for jäv) does not serve again that day. */
  readonly noReturnAfterLeaving: boolean;
  /** RULES.md 12: a member may change their answer while the vote is open; the last answer counts. */
  readonly answerChangeWhileOpen: boolean;
  /** Absent in entries written before assemblies had their own: MORE_THAN_HALF. */
  readonly quorum?: QuorumRule;
  /** The majority the chair's vote form starts from. Absent: SIMPLE. */
  readonly defaultMajority?: Majority;
  /** The assembly's clock, for the date a meeting is held on (roster changes take effect by date). Absent: Europe/Stockholm. */
  readonly timeZone?: string;
}

export const DEFAULT_SETTINGS: AssemblySettings = { noReturnAfterLeaving: true, answerChangeWhileOpen: true };
export const DEFAULT_TIME_ZONE = "Europe/Stockholm";

/** Who presides (KL 5:6, 5:11): the chair (ordförande) and the vice chairs in order. Member ids. */
export interface Presidium {
  readonly chairMemberId: string | null;
  readonly viceChairMemberIds: readonly string[];
}

/** An assembly with its roster: what RegisterAssembly asks for and AssemblyRegistered records. */
export interface AssemblyRegistration {
  readonly assemblyId: string;
  readonly name: string;
  readonly seatCount: number;
  readonly members: readonly MemberRecord[];
  readonly users: readonly UserRecord[];
  /** Defaults (DEFAULT_SETTINGS) where absent. */
  readonly settings?: AssemblySettings;
  /** Absent: the member of a user given the CHAIR role chairs, with no vice chairs. */
  readonly presidium?: Presidium;
}

/** One numbered place on the agenda: structural agenda changes say where every item stands after them. */
export interface AgendaNumber {
  readonly itemId: string;
  readonly number: number;
}

/** A meeting with its agenda: what ScheduleMeeting asks for and MeetingScheduled records. */
export interface MeetingPlan {
  readonly meetingId: string;
  readonly assemblyId: string;
  readonly title: string;
  readonly scheduledAt: string;
  readonly teamsMeetingId: string | null;
  readonly agenda: readonly AgendaItemRecord[];
}

/** What the chair puts to the vote. */
export interface VoteSpec {
  readonly itemId: string;
  readonly method: VoteMethod;
  readonly question: string;
  readonly yesProposalId: string | null;
  readonly noProposalId: string | null;
  readonly majority: Majority;
}

export type CouncilEvent =
  | { readonly type: "AssemblyRegistered"; readonly data: AssemblyRegistration }
  | { readonly type: "MeetingScheduled"; readonly data: MeetingPlan }
  | {
      /** The assembly's name and procedure settings, changed by an admin between meetings. */
      readonly type: "AssemblyChanged";
      readonly data: { readonly assemblyId: string; readonly name: string; readonly settings: AssemblySettings };
    }
  | {
      /**
       * A new roster version (a member resigns, a substitute moves up, a new term's import): the whole
       * roster as it stands from `effectiveFrom` (a date in the assembly's time zone). Meetings held
       * before that date keep the roster they had.
       */
      readonly type: "RosterChanged";
      readonly data: {
        readonly assemblyId: string;
        readonly version: number;
        readonly effectiveFrom: string;
        readonly reason: string;
        readonly seatCount: number;
        readonly members: readonly MemberRecord[];
        /** Who signs in as which member (roles are not part of a roster). */
        readonly users: readonly UserRecord[];
      };
    }
  | {
      readonly type: "RoleGranted";
      readonly data: { readonly assemblyId: string; readonly userId: string; readonly displayName: string; readonly role: Role };
    }
  | { readonly type: "RoleRevoked"; readonly data: { readonly assemblyId: string; readonly userId: string; readonly role: Role } }
  | { readonly type: "PresidiumSet"; readonly data: Presidium & { readonly assemblyId: string } }
  | {
      /** Who presides over the meeting from now on (a vice chair when the chair is absent or has jäv). */
      readonly type: "ChairTaken";
      readonly data: { readonly meetingId: string; readonly memberId: string };
    }
  | {
      readonly type: "MeetingRescheduled";
      readonly data: { readonly meetingId: string; readonly title: string; readonly scheduledAt: string };
    }
  | {
      /** An item put on the agenda; once the meeting is open, an extra (urgent) item the record shows as added. */
      readonly type: "AgendaItemAdded";
      readonly data: { readonly meetingId: string; readonly item: AgendaItemRecord; readonly numbering: readonly AgendaNumber[] };
    }
  | {
      /** An item's text, case number, documents or proposals, rewritten before the meeting opens. */
      readonly type: "AgendaItemChanged";
      readonly data: { readonly meetingId: string; readonly item: AgendaItemRecord };
    }
  | {
      readonly type: "AgendaItemRemoved";
      readonly data: { readonly meetingId: string; readonly itemId: string; readonly numbering: readonly AgendaNumber[] };
    }
  | { readonly type: "AgendaReordered"; readonly data: { readonly meetingId: string; readonly numbering: readonly AgendaNumber[] } }
  | {
      /** The whole agenda, as imported from a case-management system's export, before the meeting opens. */
      readonly type: "AgendaReplaced";
      readonly data: { readonly meetingId: string; readonly agenda: readonly AgendaItemRecord[] };
    }
  | { readonly type: "MeetingOpened"; readonly data: { readonly meetingId: string } }
  | {
      /** The Teams meeting this council meeting is held in (the configurable tab's setup). */
      readonly type: "TeamsMeetingLinked";
      readonly data: { readonly meetingId: string; readonly teamsMeetingId: string };
    }
  | {
      readonly type: "AttendanceRecorded";
      readonly data: { readonly meetingId: string; readonly memberId: string; readonly present: boolean };
    }
  | {
      /** RULES.md 16: a wrongly recorded attendance, corrected by a new entry that names it and says why. */
      readonly type: "AttendanceCorrected";
      readonly data: {
        readonly meetingId: string;
        readonly memberId: string;
        readonly present: boolean;
        readonly reason: string;
        readonly correctsSeq: number;
      };
    }
  | {
      /** RULES.md 16: a clerk-entered answer, corrected; a closed vote's result is computed again. */
      readonly type: "BallotCorrected";
      readonly data: {
        readonly meetingId: string;
        readonly voteId: string;
        readonly memberId: string;
        readonly choice: Choice;
        readonly reason: string;
        readonly correctsSeq: number;
        /** The result after the correction, for a closed vote. */
        readonly result: VoteResultRecord | null;
      };
    }
  | {
      readonly type: "SubstituteAssigned";
      readonly data: { readonly meetingId: string; readonly seat: number; readonly substituteId: string | null };
    }
  | { readonly type: "CurrentItemSet"; readonly data: { readonly meetingId: string; readonly itemId: string } }
  | {
      readonly type: "VoteOpened";
      readonly data: VoteSpec & {
        readonly meetingId: string;
        readonly voteId: string;
        readonly round: number;
        /** Member ids in call order (seat order, the chair last), frozen at open. */
        readonly eligible: readonly string[];
        /** The seat each eligible member serves in, in the same order (a substitute has no seat of their own). */
        readonly seats?: readonly number[];
        /** Seats served when the vote opened: the base of TWO_THIRDS_OF_PRESENT. */
        readonly present: number;
        /** The chairing member, whose side wins a tie (null if the chair does not serve). */
        readonly chairMemberId: string | null;
        /** A vote held on paper is entered afterwards: it opened when it was counted. */
        readonly openedAt?: string;
      };
    }
  | {
      readonly type: "BallotCast";
      readonly data: {
        readonly meetingId: string;
        readonly voteId: string;
        readonly memberId: string;
        readonly choice: Choice;
        readonly source: BallotSource;
        readonly idempotencyKey: string;
      };
    }
  | {
      readonly type: "VoteClosed";
      readonly data: { readonly meetingId: string; readonly voteId: string; readonly result: VoteResultRecord };
    }
  | {
      /** Jäv (RULES.md 5): the member takes no part in the item. */
      readonly type: "RecusalDeclared";
      readonly data: { readonly meetingId: string; readonly itemId: string; readonly memberId: string };
    }
  | {
      readonly type: "ProposalAdded";
      readonly data: { readonly meetingId: string; readonly itemId: string; readonly proposal: ProposalRecord };
    }
  | {
      readonly type: "VoteCancelled";
      readonly data: { readonly meetingId: string; readonly voteId: string; readonly reason: string };
    }
  | {
      /**
       * The manual fallback (RULES.md 14): a counted result. It closes the vote; device ballots already
       * cast stay in the ledger, superseded.
       */
      readonly type: "HandCountEntered";
      readonly data: {
        readonly meetingId: string;
        readonly voteId: string;
        readonly yes: number;
        readonly no: number;
        readonly abstain: number;
        readonly countedAt: string;
        readonly reason: string;
        readonly idempotencyKey: string;
        /** What the request asked for, so that a retry with the same key can be told from a different count. */
        readonly request: string;
        readonly result: VoteResultRecord;
      };
    }
  | {
      /** The chair decided a TIE (RULES.md 11): the result as decided. */
      readonly type: "TieResolved";
      readonly data: { readonly meetingId: string; readonly voteId: string; readonly choice: "YES" | "NO"; readonly result: VoteResultRecord };
    }
  | {
      readonly type: "DecisionRecorded";
      readonly data: { readonly meetingId: string; readonly itemId: string; readonly text: string };
    }
  | {
      /**
       * A reservation (reservation, KL 4:27) against the item's decision, by a member who took part in
       * it; `text` holds the written grounds, if given. Who entered it and when: the ledger entry.
       */
      readonly type: "ReservationRecorded";
      readonly data: { readonly meetingId: string; readonly itemId: string; readonly memberId: string; readonly text: string | null };
    }
  | { readonly type: "MeetingClosed"; readonly data: { readonly meetingId: string } };

export type CouncilEventType = CouncilEvent["type"];

/** What the ledger adds to every event: when, and who. */
export interface EventMeta {
  readonly at: string;
  readonly actor: string;
  /** The ledger entry's sequence number (a correction names the entry it corrects by it). */
  readonly seq?: number;
}

/** The meeting an event belongs to (the ledger's `meeting` column), or null. */
export function meetingOf(event: CouncilEvent): string | null {
  return "meetingId" in event.data ? event.data.meetingId : null;
}
