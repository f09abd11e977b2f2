import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { ApiClient, type ConnectionStatus } from "../graphql/client.js";
import { MEETING_UPDATED, type MeetingView, type Viewer } from "../graphql/documents.js";
import type { TeamsHost } from "../teams/teams.js";

export interface Session {
  readonly api: ApiClient;
  readonly viewer: Viewer;
  readonly teams: TeamsHost | null;
  readonly signOut: () => void;
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

/** The meeting as the server pushes it (meetingUpdated sends it at once, then after every change). */
export function useLiveMeeting(meetingId: string): { meeting: MeetingView | null; status: ConnectionStatus; error: string | null } {
  const { api } = useSession();
  const [meeting, setMeeting] = useState<MeetingView | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setMeeting(null);
    return api.subscribe<{ meetingUpdated: MeetingView }>(
      MEETING_UPDATED,
      { m: meetingId },
      (data) => setMeeting(data.meetingUpdated),
      (next, failure) => {
        setStatus(next);
        setError(failure ? failure.message : null);
      },
    );
  }, [api, meetingId]);
  return { meeting, status, error };
}
