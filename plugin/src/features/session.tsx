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
  /** The live meetings: one subscription per meeting, however many parts of the page show it. */
  readonly feeds: MeetingFeeds;
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
 * The meetings as the server pushes them (meetingUpdated sends the state at once, then after every
 * change), one subscription per meeting shared by every part of the page that shows it (the tab bar
 * asks who presides; the page shows the rest). Each state is kept in the browser; while the API cannot
 * be reached, even after a reload, the last known state is shown (receivedAt says from when) rather
 * than nothing.
 */
export class MeetingFeeds {
  private readonly feeds = new Map<string, { state: LiveMeeting; listeners: Set<(state: LiveMeeting) => void>; stop: (() => void) | null; idle: ReturnType<typeof setTimeout> | null }>();

  constructor(
    private readonly api: ApiClient,
    private readonly store: LocalStore,
  ) {}

  /** The meeting as last known (from this browser until the server has answered). */
  current(meetingId: string): LiveMeeting {
    return this.feeds.get(meetingId)?.state ?? this.kept(meetingId);
  }

  /** Calls `listener` with each new state; the subscription runs while anyone watches. Returns unwatch. */
  watch(meetingId: string, listener: (state: LiveMeeting) => void): () => void {
    let feed = this.feeds.get(meetingId);
    if (!feed) {
      feed = { state: this.kept(meetingId), listeners: new Set(), stop: null, idle: null };
      this.feeds.set(meetingId, feed);
    }
    const own = feed;
    if (own.idle !== null) clearTimeout(own.idle);
    own.idle = null;
    own.listeners.add(listener);
    if (own.stop === null) {
      const publish = (next: LiveMeeting) => {
        own.state = next;
        for (const l of own.listeners) l(next);
      };
      own.stop = this.api.subscribe<{ meetingUpdated: MeetingView }>(
        MEETING_UPDATED,
        { m: meetingId },
        (data) => {
          const receivedAt = new Date().toISOString();
          this.store.saveMeeting(data.meetingUpdated, receivedAt);
          publish({ ...own.state, meeting: data.meetingUpdated, receivedAt });
        },
        (status, failure) => publish({ ...own.state, status, error: failure ? failure.message : null }),
      );
    }
    return () => {
      own.listeners.delete(listener);
      if (own.listeners.size > 0) return;
      // A page handing over to the next one (the user switching screens) keeps the stream open.
      own.idle = setTimeout(() => {
        if (own.listeners.size > 0) return;
        own.stop?.();
        this.feeds.delete(meetingId);
      }, 1000);
    };
  }

  private kept(meetingId: string): LiveMeeting {
    const snapshot = this.store.meeting(meetingId);
    return { meeting: snapshot?.meeting ?? null, status: "connecting", error: null, receivedAt: snapshot?.receivedAt ?? null };
  }
}

/** The meeting as the server pushes it, shared with the rest of the page (MeetingFeeds). */
export function useLiveMeeting(meetingId: string): LiveMeeting {
  const { feeds } = useSession();
  const [state, setState] = useState(() => feeds.current(meetingId));
  useEffect(() => {
    setState(feeds.current(meetingId));
    return feeds.watch(meetingId, setState);
  }, [feeds, meetingId]);
  return state;
}

/** The meeting's chair's controls are this user's: they preside over it (a vice chair who took the chair, not the chair who is away). */
export function presides(viewer: Viewer, meeting: MeetingView): boolean {
  const presiding = meeting.presiding ?? null;
  if (presiding === null) return hasRole(viewer, "CHAIR");
  return viewer.member !== null && viewer.member.id === presiding.id;
}
