import type { Minutes, MinutesVote } from "./minutes.js";

/**
 * One vote's voting list (voteringslista) as CSV (RFC 4180: comma-separated, CRLF line ends, fields
 * quoted where they hold a comma, a quote or a line end), UTF-8 with a byte-order mark so that Excel
 * reads å, ä and ö right. Every row carries the vote and the ledger head, so a single printed or
 * forwarded sheet can still be checked against the ledger. Values are as in the minutes, unchanged.
 */

export const VOTING_LIST_COLUMNS = [
  "seat",
  "member_id",
  "name",
  "party",
  "kind",
  "answer",
  "recorded_by",
  "superseded",
  "vote_id",
  "round",
  "question",
  "ledger_seq",
  "ledger_hash",
] as const;

const BOM = "\uFEFF";
const CRLF = "\r\n";

/** The vote with this id in the minutes, and the § it is on; null if the minutes have no such vote. */
export function findVote(minutes: Minutes, voteId: string): { readonly itemNumber: number; readonly vote: MinutesVote } | null {
  for (const item of minutes.items) {
    const vote = item.votes.find((v) => v.id === voteId);
    if (vote) return { itemNumber: item.number, vote };
  }
  return null;
}

export function votingListCsv(minutes: Minutes, vote: MinutesVote): string {
  const { seq, hash } = minutes.ledgerHead;
  const rows = vote.votingList.map((line) => [
    String(line.seat),
    line.member.id,
    line.member.name,
    line.member.party,
    line.member.kind,
    line.answer ?? "",
    line.recordedBy ?? "",
    String(line.superseded),
    vote.id,
    String(vote.round),
    vote.question,
    String(seq),
    hash,
  ]);
  return BOM + [[...VOTING_LIST_COLUMNS], ...rows].map((row) => row.map(field).join(",")).join(CRLF) + CRLF;
}

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
