import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { ApiClient, type ConnectionStatus } from "../graphql/client.js";
import { MEETING_UPDATED, type MeetingView, type Viewer } from "../graphql/documents.js";
import type { TeamsHost } from "../teams/teams.js";
import type { LocalStore } from "./offline.js";
import type { Outbox } from "./outbox.js";

export interface Session {
  readonly api: ApiClient;
  readonly viewer: Viewer;
  readonly teams: TeamsHost | null;
  readonly signOut: () => void;
  /** What this browser keeps for the signed-in user. */
  readonly store: LocalStore;
  /** Entries kept in this browser until the API has them (the clerk's hand counts). */
  readonly outbox: Outbox;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export function hasRole(viewer: Viewer, ...roles: Viewer["roles"]): boolean {
  return roles.some((r) => viewer.roles.includes(r));
}

export interface LiveMeeting {
  readonly meeting: MeetingView | null;
  readonly status: ConnectionStatus;
  readonly error: string | null;
  /** When the state shown was sent by the server: it is the last known state while not live. */
  readonly receivedAt: string | null;
}

/**
 * The meeting as the server pushes it (meetingUpdated sends it at once, then after every change).
 * Each state is kept in the browser; while the API cannot be reached, even after a reload, the page
 * shows the last known state (with receivedAt saying from when) rather than nothing.
 */
export function useLiveMeeting(meetingId: string): LiveMeeting {
  const { api, store } = useSession();
  const [snapshot, setSnapshot] = useState(() => store.meeting(meetingId) ?? null);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setSnapshot(store.meeting(meetingId) ?? null);
    return api.subscribe<{ meetingUpdated: MeetingView }>(
      MEETING_UPDATED,
      { m: meetingId },
      (data) => {
        const receivedAt = new Date().toISOString();
        setSnapshot({ meeting: data.meetingUpdated, receivedAt });
        store.saveMeeting(data.meetingUpdated, receivedAt);
      },
      (next, failure) => {
        setStatus(next);
        setError(failure ? failure.message : null);
      },
    );
  }, [api, store, meetingId]);
  return { meeting: snapshot?.meeting ?? null, status, error, receivedAt: snapshot?.receivedAt ?? null };
}
