import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { codes, dataOf, startTestServer, type TestServer } from "../testing/server.js";

const MEETING = "kf-2026-12-14";
const TEAMS_ID = "MCMxOTptZWV0aW5nX05qQXdPVGxsWkRBdE9UZGpaUzAwTVRNM0xXRXlObVV0TURkak1tWTROV1EzWXpZeUB0aHJlYWQudjI=";

describe("linking a council meeting to its Teams meeting (the tab's configuration)", () => {
  let api: TestServer;
  before(async () => {
    api = await startTestServer();
  });
  after(async () => {
    await api.dispose();
  });

  const link = (user: string, meetingId: string, teamsMeetingId: string) =>
    api.gql<{ linkTeamsMeeting: { id: string; teamsMeetingId: string } }>(
      user,
      `mutation($m: ID!, $t: String!) { linkTeamsMeeting(meetingId: $m, teamsMeetingId: $t) { id teamsMeetingId } }`,
      { m: meetingId, t: teamsMeetingId },
    );

  it("refuses members and observers, unknown meetings and empty ids, changing nothing", async () => {
    const head = api.server.council.head;
    assert.deepEqual(codes(await link("member-2", MEETING, TEAMS_ID)), ["FORBIDDEN"]);
    assert.deepEqual(codes(await link("observer", MEETING, TEAMS_ID)), ["FORBIDDEN"]);
    assert.deepEqual(codes(await link("clerk-1", "nope", TEAMS_ID)), ["NOT_FOUND"]);
    assert.deepEqual(codes(await link("clerk-1", MEETING, "  ")), ["BAD_INPUT"]);
    assert.deepEqual(api.server.council.head, head);
  });

  it("links it for the chair, a clerk or an admin, and meetingForTeams then finds it", async () => {
    assert.deepEqual(dataOf(await link("admin", MEETING, TEAMS_ID)).linkTeamsMeeting, { id: MEETING, teamsMeetingId: TEAMS_ID });
    const head = api.server.council.head;
    dataOf(await link("clerk-1", MEETING, TEAMS_ID));
    assert.deepEqual(api.server.council.head, head, "linking again to the same Teams meeting appends nothing");
    const found = dataOf(await api.gql<{ meetingForTeams: { id: string } | null }>("member-7", `query($t: String!) { meetingForTeams(teamsMeetingId: $t) { id } }`, { t: TEAMS_ID }));
    assert.deepEqual(found.meetingForTeams, { id: MEETING });
    const none = dataOf(await api.gql<{ meetingForTeams: { id: string } | null }>("member-7", `{ meetingForTeams(teamsMeetingId: "other") { id } }`));
    assert.equal(none.meetingForTeams, null);
  });

  it("refuses a closed meeting", async () => {
    dataOf(await api.gql("member-1", `mutation { openMeeting(meetingId: "${MEETING}") { id } }`));
    dataOf(await api.gql("member-1", `mutation { closeMeeting(meetingId: "${MEETING}") { id } }`));
    assert.deepEqual(codes(await link("clerk-1", MEETING, "another")), ["CONFLICT"]);
  });
});
