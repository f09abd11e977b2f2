import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CHAIR, MEETING, RESERVATION_TEXT, StepClock, at, item, member, playOn, wholeMeeting } from "../minutes/testing.js";
import { codes, dataOf, startTestServer, type TestServer } from "../testing/server.js";

/** Reservations through the API (RULES.md 17): recordReservation, and AgendaItem.reservations. */

interface Reservation {
  member: { id: string; kind: string };
  text: string | null;
  recordedBy: string;
  recordedAt: string;
}

const RESERVE = `mutation($i: ID!, $m: ID!, $t: String) {
  recordReservation(itemId: $i, memberId: $m, text: $t) { id reservations { member { id kind } text recordedBy recordedAt } }
}`;

describe("recordReservation and AgendaItem.reservations", () => {
  const clock = new StepClock();
  let api: TestServer;
  before(async () => {
    api = await startTestServer(undefined, { clock: clock.read });
    await playOn(api.server.council, clock, wholeMeeting().steps);
    clock.now = at(58);
  });
  after(async () => {
    await api.dispose();
  });

  /** A refusal: its code, and nothing appended. */
  const refused = async (user: string, variables: Record<string, unknown>, code: string): Promise<string> => {
    const head = api.server.council.head;
    const response = await api.gql(user, RESERVE, variables);
    assert.deepEqual(codes(response), [code], JSON.stringify(response.errors));
    assert.deepEqual(api.server.council.head, head);
    return response.errors[0]?.message ?? "";
  };

  it("shows every signed-in user the item's reservations, in the order recorded", async () => {
    const { meeting } = dataOf(
      await api.gql<{ meeting: { agenda: Array<{ number: number; reservations: Reservation[] }> } }>(
        "observer",
        `query($m: ID!) { meeting(id: $m) { agenda { number reservations { member { id kind } text recordedBy recordedAt } } } }`,
        { m: MEETING },
      ),
    );
    assert.deepEqual(meeting.agenda.find((i) => i.number === 2)?.reservations, [
      { member: { id: member(13), kind: "ORDINARY" }, text: RESERVATION_TEXT, recordedBy: "clerk-1", recordedAt: at(27) },
      { member: { id: member(23), kind: "ORDINARY" }, text: null, recordedBy: CHAIR, recordedAt: at(27) },
    ]);
    assert.ok(meeting.agenda.filter((i) => i.number !== 2).every((i) => i.reservations.length === 0));
  });

  it("records a clerk's entry for a substitute who served, the text trimmed, and answers the item", async () => {
    const { recordReservation } = dataOf(
      await api.gql<{ recordReservation: { id: string; reservations: Reservation[] } }>("clerk-1", RESERVE, { i: item(2), m: "sub-S-1", t: "  Reservation.  " }),
    );
    assert.equal(recordReservation.id, item(2));
    assert.deepEqual(recordReservation.reservations.at(-1), { member: { id: "sub-S-1", kind: "SUBSTITUTE" }, text: "Reservation.", recordedBy: "clerk-1", recordedAt: at(58) });
  });

  it("refuses with the contract's codes, appending nothing", async () => {
    await refused("clerk-1", { i: "no-such-item", m: member(14) }, "NOT_FOUND");
    await refused(member(14), { i: item(2), m: member(14) }, "FORBIDDEN");
    await refused("admin", { i: item(2), m: member(14) }, "FORBIDDEN");
    await refused("clerk-1", { i: item(2), m: member(14), t: "x".repeat(2001) }, "BAD_INPUT");
    assert.match(await refused("clerk-1", { i: item(2), m: member(5) }, "CONFLICT"), /declared jäv on §2/);
    assert.match(await refused("clerk-1", { i: item(3), m: member(10) }, "CONFLICT"), /did not serve in a seat when §3 was decided/);
    assert.match(await refused(CHAIR, { i: item(2), m: member(13) }, "CONFLICT"), /already reserved/);
    assert.match(await refused(CHAIR, { i: item(5), m: member(13) }, "CONFLICT"), /a reservation is against a decision/);
  });
});
