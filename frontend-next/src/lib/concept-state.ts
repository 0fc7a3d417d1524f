import type { ConceptSummary, ContentType } from "@/api/types";
import type { Board, CellState } from "./board";

/**
 * One concept's state on the roadmap map, from whatever the page knows: the roadmap's concept
 * summaries (learning view) or the live board (cockpit). The learner's own marks win over the
 * content's state; "tested out" is read when the API sends it (a `tested_out` flag or a
 * `state`/`progress` of "tested_out") and lights up without a change here.
 */
export const MAP_STATES = ["not_started", "generating", "ready", "completed", "tested_out", "failed"] as const;
export type MapState = (typeof MAP_STATES)[number];

export const STATE_LABELS: Record<MapState, string> = {
  not_started: "Not started",
  generating: "Generating",
  ready: "Ready",
  completed: "Completed",
  tested_out: "Tested out",
  failed: "Failed",
};

/** A mark beside the colour, so a state never rests on colour alone. */
export const STATE_MARKS: Record<MapState, string> = {
  not_started: "○",
  generating: "◌",
  ready: "●",
  completed: "✓",
  tested_out: "★",
  failed: "✕",
};

type SummaryLike = Pick<ConceptSummary, "completed" | "content"> & { tested_out?: unknown; state?: unknown; progress?: unknown };

function testedOut(summary: SummaryLike): boolean {
  return summary.tested_out === true || summary.state === "tested_out" || summary.progress === "tested_out";
}

/** From the content statuses alone: failed beats generating beats ready; nothing yet is "not started". */
export function contentState(statuses: readonly (string | undefined)[]): MapState {
  const known = statuses.filter((s): s is string => typeof s === "string");
  if (known.includes("failed")) return "failed";
  if (known.some((s) => s === "generating" || s === "started")) return "generating";
  if (known.length > 0 && known.every((s) => s === "completed")) return "ready";
  if (known.some((s) => s === "completed")) return "generating"; // some done, some still pending
  return "not_started";
}

export function stateFromSummary(summary: SummaryLike | undefined): MapState {
  if (!summary) return "not_started";
  if (testedOut(summary)) return "tested_out";
  if (summary.completed) return "completed";
  return contentState(Object.values(summary.content ?? {}).map((c) => c?.status));
}

export function statesFromSummaries(summaries: readonly (SummaryLike & { concept_id: string })[]): Map<string, MapState> {
  return new Map(summaries.map((s) => [s.concept_id, stateFromSummary(s)]));
}

/** The cockpit's live states: each concept's cells of the content types being generated. */
export function statesFromBoard(board: Board, types: readonly ContentType[]): Map<string, MapState> {
  const states = new Map<string, MapState>();
  for (const [conceptId, row] of board) {
    const cells: CellState[] = types.map((type) => row[type] ?? "pending");
    states.set(conceptId, cells.every((c) => c === "pending") ? "not_started" : contentState(cells));
  }
  return states;
}

export function countStates(states: ReadonlyMap<string, MapState>, ids: Iterable<string>): Record<MapState, number> {
  const counts = Object.fromEntries(MAP_STATES.map((s) => [s, 0])) as Record<MapState, number>;
  for (const id of ids) counts[states.get(id) ?? "not_started"] += 1;
  return counts;
}
