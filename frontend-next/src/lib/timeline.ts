import type { TaskEvent } from "@/api/types";
import { eventKey } from "./events";

/**
 * The cockpit timeline's pure parts: what kind an event is (for the filter), how long each
 * workflow step took, and "12 s ago".
 */
export const TIMELINE_FILTERS = ["all", "steps", "usage", "logs", "errors"] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];

export const FILTER_LABELS: Record<TimelineFilter, string> = { all: "All", steps: "Steps", usage: "Usage", logs: "Logs", errors: "Errors" };

export function isError(event: TaskEvent): boolean {
  return event.level === "error" || event.type === "failed" || (event.type === "concept" && event.data?.["state"] === "failed");
}

export function matchesFilter(event: TaskEvent, filter: TimelineFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "usage":
      return event.type === "usage";
    case "logs":
      return event.type === "log";
    case "errors":
      return isError(event);
    case "steps":
      return event.type !== "usage" && event.type !== "log";
  }
}

const STEP_ENDS = new Set<TaskEvent["type"]>(["step", "review_required", "completed", "failed", "cancelled"]);

/**
 * How long each step event's step lasted: until the next step (or review, or the end). The
 * step still running has no duration; `runningSince` gives its start instead.
 */
export function stepDurations(events: readonly TaskEvent[]): { durations: Map<string, number>; runningSince: number | null } {
  const durations = new Map<string, number>();
  let open: { key: string; at: number } | null = null;
  for (const event of events) {
    if (!STEP_ENDS.has(event.type) || !event.created_at) continue;
    const at = Date.parse(event.created_at);
    if (Number.isNaN(at)) continue;
    if (open) durations.set(open.key, Math.max(0, at - open.at));
    open = event.type === "step" ? { key: eventKey(event), at } : null;
  }
  return { durations, runningSince: open?.at ?? null };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "just now", "12 s ago", "3 min ago", "2 h ago", "4 days ago"; a date further back. */
export function relativeTime(iso: string | null | undefined, now: number): string {
  if (!iso) return "—";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "—";
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days} day${days === 1 ? "" : "s"} ago`;
  return new Date(at).toLocaleDateString();
}
