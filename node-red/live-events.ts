/**
 * Zoom's meeting.live_streaming_started, heard by any zoom-webhook node, for any zoom-livestream
 * node confirming a start of that meeting: runtime-wide, by meeting ID, no wiring. An event that
 * came a moment before the start's confirmation began listening still counts (`since`).
 */

/** Meetings remembered at most: the oldest is forgotten first. */
const MAX_REMEMBERED = 10_000;

const heard = new Map<string, number>();
const listeners = new Map<string, Set<() => void>>();

/** A zoom-webhook node heard meeting.live_streaming_started for this meeting. */
export function liveStreamingStarted(meetingId: string, at = Date.now()): void {
  heard.delete(meetingId);
  heard.set(meetingId, at);
  if (heard.size > MAX_REMEMBERED) heard.delete(heard.keys().next().value as string);
  for (const listener of [...(listeners.get(meetingId) ?? [])]) listener();
}

/** Calls `listener` when the event arrives for the meeting (at once if it did since `since`); returns the unsubscribe. */
export function onLiveStreamingStarted(meetingId: string, since: number, listener: () => void): () => void {
  if ((heard.get(meetingId) ?? -Infinity) >= since) {
    listener();
    return () => undefined;
  }
  const set = listeners.get(meetingId) ?? new Set();
  set.add(listener);
  listeners.set(meetingId, set);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(meetingId);
  };
}
