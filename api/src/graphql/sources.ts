/**
 * What each GraphQL object type is resolved from (nexus source types: the names match the types).
 * Most are the domain's read models as they are; a few carry the context a field needs.
 */
import type { AssemblySettings as Settings, MemberRecord, Presidium as PresidiumRecord, ProposalRecord, VoteResultRecord } from "../domain/council/events.js";
import type { AgendaDraftItem } from "../admin/agenda.js";
import type { QuorumState, SeatView } from "../domain/council/procedure.js";
import type {
  AssemblyState,
  BallotState,
  CorrectionRecord,
  HandCountState,
  ItemState,
  MeetingState,
  PresidingRecord,
  ReservationRecord,
  RosterVersion as RosterVersionState,
  VoteState,
} from "../domain/council/state.js";
import type { LedgerHead as Head, StoredEntry } from "../ledger/chain.js";
import type { Verification } from "../app/council.js";

export interface Viewer {
  readonly userId: string;
  readonly displayName: string;
  readonly memberId: string | null;
}
export type Assembly = AssemblyState;
export type AssemblySettings = Settings;
export type Member = MemberRecord;
export type Meeting = MeetingState;
export interface Seat {
  readonly meeting: MeetingState;
  readonly view: SeatView;
}
export type Quorum = QuorumState;
export type AgendaItem = ItemState;
export type Proposal = ProposalRecord;
export type Vote = VoteState;
export interface Ballot {
  readonly meetingId: string;
  readonly ballot: BallotState;
  /** A hand count replaced the vote's device ballots. */
  readonly superseded: boolean;
}
export interface Reservation {
  readonly meetingId: string;
  readonly reservation: ReservationRecord;
}
export interface Tally {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly notVoted: number;
  readonly eligible: number;
}
export type VoteResult = VoteResultRecord;
export type HandCount = HandCountState;
export type Correction = CorrectionRecord & { readonly meetingId: string };
export interface VoteSeat {
  readonly seat: number;
  readonly member: MemberRecord;
}
export interface BallotCorrection {
  readonly reason: string;
  readonly correctsSeq: number;
}
export type LedgerEntry = StoredEntry;
export type LedgerHead = Head;
export type LedgerVerification = Verification;

// Administration (types/Admin.ts).
export type Presidium = PresidiumRecord & { readonly assemblyId: string };
export type Presiding = PresidingRecord & { readonly assemblyId: string };
export type RosterVersion = RosterVersionState;
export type AgendaDraft = AgendaDraftItem;
