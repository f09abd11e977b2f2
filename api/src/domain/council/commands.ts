import type { AgendaItemRecord, AssemblyRegistration, AssemblySettings, Choice, Majority, MeetingPlan, MemberRecord, Presidium, Role, UserRecord, VoteSpec } from "./events.js";

/** What a caller asks for, imperative. Ids and time arrive with the command: the domain makes none. */
export type CouncilCommand =
  | { readonly type: "RegisterAssembly"; readonly data: AssemblyRegistration }
  | { readonly type: "ScheduleMeeting"; readonly data: MeetingPlan }
  | { readonly type: "ChangeAssembly"; readonly data: { readonly assemblyId: string; readonly name: string; readonly settings: AssemblySettings } }
  | {
      /** A whole new roster from a date: the app layer has read the file or applied the edits, the domain guards it. */
      readonly type: "ChangeRoster";
      readonly data: {
        readonly assemblyId: string;
        readonly effectiveFrom: string;
        readonly reason: string;
        readonly seatCount: number;
        readonly members: readonly MemberRecord[];
        readonly users: readonly UserRecord[];
      };
    }
  | {
      readonly type: "GrantRole";
      readonly data: { readonly assemblyId: string; readonly userId: string; readonly displayName: string; readonly role: Role };
    }
  | { readonly type: "RevokeRole"; readonly data: { readonly assemblyId: string; readonly userId: string; readonly role: Role } }
  | { readonly type: "SetPresidium"; readonly data: Presidium & { readonly assemblyId: string } }
  | { readonly type: "TakeChair"; readonly data: { readonly meetingId: string; readonly memberId: string } }
  | { readonly type: "RescheduleMeeting"; readonly data: { readonly meetingId: string; readonly title: string; readonly scheduledAt: string } }
  | {
      /** `beforeItemId`: the item it goes before, or null for the end. Its number follows from its place. */
      readonly type: "AddAgendaItem";
      readonly data: { readonly meetingId: string; readonly item: Omit<AgendaItemRecord, "number">; readonly beforeItemId: string | null };
    }
  | { readonly type: "ChangeAgendaItem"; readonly data: { readonly item: Omit<AgendaItemRecord, "number"> } }
  | { readonly type: "RemoveAgendaItem"; readonly data: { readonly itemId: string } }
  | { readonly type: "ReorderAgenda"; readonly data: { readonly meetingId: string; readonly itemIds: readonly string[] } }
  | { readonly type: "ReplaceAgenda"; readonly data: { readonly meetingId: string; readonly agenda: readonly AgendaItemRecord[] } }
  | { readonly type: "OpenMeeting"; readonly data: { readonly meetingId: string } }
  | { readonly type: "LinkTeamsMeeting"; readonly data: { readonly meetingId: string; readonly teamsMeetingId: string } }
  | {
      readonly type: "SetAttendance";
      readonly data: { readonly meetingId: string; readonly memberId: string; readonly present: boolean };
    }
  | {
      readonly type: "AssignSubstitute";
      readonly data: { readonly meetingId: string; readonly seat: number; readonly substituteId: string | null };
    }
  | { readonly type: "SetCurrentItem"; readonly data: { readonly meetingId: string; readonly itemId: string } }
  | { readonly type: "OpenVote"; readonly data: VoteSpec & { readonly voteId: string } }
  | {
      readonly type: "CastBallot";
      readonly data: { readonly voteId: string; readonly choice: Choice; readonly idempotencyKey: string };
    }
  | {
      readonly type: "RecordBallot";
      readonly data: {
        readonly voteId: string;
        readonly memberId: string;
        readonly choice: Choice;
        readonly idempotencyKey: string;
      };
    }
  | { readonly type: "CloseVote"; readonly data: { readonly voteId: string } }
  | {
      readonly type: "EnterHandCount";
      readonly data: {
        /** The open vote the count replaces, or null for a vote held on paper. */
        readonly voteId: string | null;
        /** The id a paper vote gets. */
        readonly newVoteId: string;
        readonly itemId: string | null;
        readonly question: string | null;
        readonly yes: number;
        readonly no: number;
        readonly abstain: number;
        readonly countedAt: string;
        readonly reason: string;
        readonly majority: Majority;
        /** For a vote held on paper: the proposals put as Ja and Nej (an open vote keeps its own). */
        readonly yesProposalId: string | null;
        readonly noProposalId: string | null;
        readonly idempotencyKey: string;
      };
    }
  | {
      readonly type: "CorrectAttendance";
      readonly data: { readonly meetingId: string; readonly memberId: string; readonly present: boolean; readonly reason: string };
    }
  | {
      readonly type: "CorrectBallot";
      readonly data: { readonly voteId: string; readonly memberId: string; readonly choice: Choice; readonly reason: string };
    }
  | { readonly type: "DeclareRecusal"; readonly data: { readonly itemId: string; readonly memberId: string } }
  | { readonly type: "CancelVote"; readonly data: { readonly voteId: string; readonly reason: string } }
  | { readonly type: "ResolveTie"; readonly data: { readonly voteId: string; readonly choice: Choice } }
  | {
      readonly type: "AddProposal";
      readonly data: {
        readonly itemId: string;
        readonly proposalId: string;
        readonly label: string;
        readonly text: string;
        readonly proposedBy: string | null;
      };
    }
  | { readonly type: "RecordDecision"; readonly data: { readonly itemId: string; readonly text: string } }
  | {
      readonly type: "RecordReservation";
      /** `text`: the member's written grounds, if any (null: a reservation without a text). */
      readonly data: { readonly itemId: string; readonly memberId: string; readonly text: string | null };
    }
  | { readonly type: "CloseMeeting"; readonly data: { readonly meetingId: string } };

export type CouncilCommandType = CouncilCommand["type"];

/** Who asks, and when (the server's clock). */
export interface CommandContext {
  readonly actor: string;
  readonly at: string;
}

/** The actor that seeds an installation (demo council, migrations): never a signed-in user. */
export const SYSTEM_ACTOR = "system";

/** The prefix of the actor the admin CLI records: `cli:<the operating system's user>`. */
export const CLI_ACTOR_PREFIX = "cli:";

/**
 * The installation itself (its seeding, and IT staff at the admin CLI with the data directory in
 * hand): may set up assemblies and meetings without a role. Never a signed-in user: sign-ins are
 * e-mail names, object ids or demo ids, none of which look like these.
 */
export function isOperator(actor: string): boolean {
  return actor === SYSTEM_ACTOR || actor.startsWith(CLI_ACTOR_PREFIX);
}
