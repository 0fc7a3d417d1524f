import type { ContentStatus, ContentType, RoadmapOut, TaskEvent } from "@/api/types";

/** The concept × content-type board: each cell's newest state, from the roadmap row and the events. */
export type CellState = "pending" | "started" | "completed" | "failed";
export type Board = Map<string, Partial<Record<ContentType, CellState>>>;

const FROM_STATUS: Record<ContentStatus, CellState> = {
  pending: "pending",
  generating: "started",
  completed: "completed",
  failed: "failed",
};

export function buildBoard(roadmap: Pick<RoadmapOut, "concepts"> | undefined, events: readonly TaskEvent[]): Board {
  const board: Board = new Map();
  for (const concept of roadmap?.concepts ?? []) {
    const row: Partial<Record<ContentType, CellState>> = {};
    for (const [type, state] of Object.entries(concept.content) as [ContentType, { status: ContentStatus }][]) {
      row[type] = FROM_STATUS[state.status];
    }
    board.set(concept.concept_id, row);
  }
  // Events are replayed in order from the task's start, so the newest one per cell wins.
  const fromEvents = new Map<string, CellState>();
  for (const event of events) {
    if (event.type !== "concept") continue;
    const { concept_id: conceptId, content_type: type, state } = event.data as Record<string, unknown>;
    if (typeof conceptId !== "string" || typeof type !== "string" || !isCellState(state)) continue;
    fromEvents.set(`${conceptId}\u0000${type}`, state);
  }
  for (const [key, state] of fromEvents) {
    const [conceptId, type] = key.split("\u0000") as [string, ContentType];
    const row = board.get(conceptId) ?? {};
    row[type] = state;
    board.set(conceptId, row);
  }
  return board;
}

function isCellState(value: unknown): value is CellState {
  return value === "started" || value === "completed" || value === "failed" || value === "pending";
}

export function countCells(board: Board, types: readonly ContentType[]): Record<CellState, number> {
  const counts: Record<CellState, number> = { pending: 0, started: 0, completed: 0, failed: 0 };
  for (const row of board.values()) for (const type of types) counts[row[type] ?? "pending"] += 1;
  return counts;
}
