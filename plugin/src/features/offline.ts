import type { MeetingView, Viewer } from "../graphql/documents.js";

/**
 * What the tab keeps in this browser for when the API cannot be reached (DESIGN.md, Outages): who
 * is signed in, the meeting shown and its last known state. Kept per signed-in identity, so a shared
 * tablet never shows one user's state to another; the clerk's queued entries live beside it
 * (outbox.ts). localStorage: it survives a reload and a browser restart, and writes are synchronous.
 */

const PREFIX = "council-vote.v1";

export interface RememberedSession {
  readonly viewer: Viewer;
  readonly meetingId: string | null;
}

export interface MeetingSnapshot {
  readonly meeting: MeetingView;
  /** When the server sent this state (the page's clock). */
  readonly receivedAt: string;
}

function read<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

/** False when the browser would not keep it (storage full or disabled). */
export function writeJson(key: string, value: unknown): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function readJson<T>(key: string): T | null {
  return read<T>(key);
}

/** One identity's keys: the demo user's id, or the Teams user's. */
export class LocalStore {
  constructor(readonly identity: string) {}

  key(name: string): string {
    return `${PREFIX}.${encodeURIComponent(this.identity)}.${name}`;
  }

  session(): RememberedSession | null {
    return read<RememberedSession>(this.key("session"));
  }

  saveSession(session: RememberedSession): void {
    writeJson(this.key("session"), session);
  }

  meeting(meetingId: string): MeetingSnapshot | null {
    const snapshot = read<MeetingSnapshot>(this.key(`meeting.${meetingId}`));
    return snapshot?.meeting.id === meetingId ? snapshot : null;
  }

  saveMeeting(meeting: MeetingView, receivedAt: string): void {
    writeJson(this.key(`meeting.${meeting.id}`), { meeting, receivedAt } satisfies MeetingSnapshot);
  }

  /** Signing out forgets the session and the meetings seen; entries not yet sent are kept. */
  forget(): void {
    try {
      const mine = `${PREFIX}.${encodeURIComponent(this.identity)}.`;
      const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter(
        (k): k is string => k !== null && k.startsWith(mine) && !k.endsWith(".outbox"),
      );
      for (const k of keys) localStorage.removeItem(k);
    } catch {
      // storage unavailable: nothing kept
    }
  }
}
