import { must, type E2EServer } from "./server.js";

/** The demo meeting, and its budget item with two proposals (KS's and M's). */
export const MEETING = "kf-2026-12-14";
export const BUDGET = `${MEETING}-2`;

/**
 * Opens the demo meeting, calls the roll (every holder present but those in `absent`), makes the
 * budget item current and opens an electronic vote on it. Returns the vote id.
 */
export async function meetingWithOpenVote(server: E2EServer, absent: readonly number[] = [12]): Promise<string> {
  await must(server, "member-1", `mutation { openMeeting(meetingId: "${MEETING}") { id } }`);
  for (let seat = 1; seat <= 45; seat += 1) {
    await must(server, "clerk-1", `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${seat}", present: ${!absent.includes(seat)}) { id } }`);
  }
  await must(server, "member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${BUDGET}") { id } }`);
  const data = await must<{ openVote: { id: string } }>(
    server,
    "member-1",
    `mutation { openVote(input: { itemId: "${BUDGET}", method: ELECTRONIC, question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag",
       yesProposalId: "${BUDGET}-a", noProposalId: "${BUDGET}-b" }) { id } }`,
  );
  return data.openVote.id;
}
