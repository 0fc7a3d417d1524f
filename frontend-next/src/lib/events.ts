import type { LogEntry, TaskEvent } from "@/api/types";
import { compareEventIds } from "./event-ids";

/**
 * The cockpit's event list: one entry per event id, in stream order, whatever mix of sources
 * (the persisted log, a first stream, a reconnected stream, a second tab) delivered them.
 */

/** A synthetic terminal event (stream expired) reuses the last real id: keep both. */
export function eventKey(event: TaskEvent): string {
  return event.data?.["replayed_from"] === "database" ? `${event.id}:database` : event.id;
}

export function fromLogEntry(entry: LogEntry, taskId: string): TaskEvent {
  return {
    id: entry.event_id,
    task_id: taskId,
    type: entry.type,
    step: entry.step,
    message: entry.message,
    level: entry.level,
    data: entry.data,
    created_at: entry.created_at,
  };
}

/** Merge new events into an ordered, duplicate-free list; returns the same array when nothing is new. */
export function mergeEvents(current: readonly TaskEvent[], incoming: readonly TaskEvent[]): TaskEvent[] {
  const seen = new Set(current.map(eventKey));
  const fresh: TaskEvent[] = [];
  for (const event of incoming) {
    const key = eventKey(event);
    if (!event.id || seen.has(key)) continue;
    seen.add(key);
    fresh.push(event);
  }
  if (fresh.length === 0) return current as TaskEvent[];
  const last = current[current.length - 1];
  const inOrder =
    fresh.every((event, i) => i === 0 || compareEventIds(fresh[i - 1]!.id, event.id) <= 0) &&
    (!last || compareEventIds(last.id, fresh[0]!.id) <= 0);
  const merged = [...current, ...fresh];
  if (!inOrder) merged.sort((a, b) => compareEventIds(a.id, b.id) || (eventKey(a) < eventKey(b) ? -1 : 1));
  return merged;
}

/** The id to resume the stream after (the newest real event we hold). */
export function resumeId(events: readonly TaskEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i]!;
    if (event.data?.["replayed_from"] !== "database" && /^\d+-\d+$/.test(event.id)) return event.id;
  }
  return null;
}

export const TERMINAL_EVENT_TYPES: ReadonlySet<TaskEvent["type"]> = new Set(["completed", "failed", "cancelled"]);

/** True when the newest event ends the task (a retry adds newer events after an old terminal one). */
export function endsTask(events: readonly TaskEvent[]): boolean {
  const newest = events[events.length - 1];
  return newest !== undefined && TERMINAL_EVENT_TYPES.has(newest.type);
}
