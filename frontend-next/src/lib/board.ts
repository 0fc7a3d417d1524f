import type { ContentStatus, ContentType, RoadmapFramework, RoadmapOut, TaskEvent } from "@/api/types";

/** The concept × content-type board: each cell's newest state, from the roadmap row and the events. */
export type CellState = "pending" | "started" | "completed" | "failed";
export type Board = Map<string, Partial<Record<ContentType, CellState>>>;

const FROM_STATUS: Record<ContentStatus, CellState> = {
  pending: "pending",
  generating: "started",
  completed: "completed",
  failed: "failed",
};

export function cellKey(conceptId: string, type: string): string {
  return `${conceptId}\u0000${type}`;
}

/**
 * `fromRoadmap`: cells retried since (a regeneration of one cell runs as its own task, whose
 * events this stream never sees): there the roadmap row's newer state wins over old events.
 */
export function buildBoard(roadmap: Pick<RoadmapOut, "concepts"> | undefined, events: readonly TaskEvent[], fromRoadmap: ReadonlySet<string> = new Set()): Board {
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
    fromEvents.set(cellKey(conceptId, type), state);
  }
  for (const [key, state] of fromEvents) {
    if (fromRoadmap.has(key)) continue;
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

/** The board's concepts grouped by stage and module, in the roadmap's reading order. */
export type BoardGroup = { stageId: string; stageTitle: string; modules: { moduleId: string; moduleTitle: string; conceptIds: string[] }[] };

export function groupBoard(board: Board, framework: Pick<RoadmapFramework, "stages"> | null): BoardGroup[] {
  const placed = new Set<string>();
  const groups: BoardGroup[] = [];
  for (const stage of framework?.stages ?? []) {
    const modules = stage.modules
      .map((group) => ({ moduleId: group.module_id, moduleTitle: group.title, conceptIds: group.concepts.map((c) => c.concept_id).filter((id) => board.has(id)) }))
      .filter((group) => group.conceptIds.length > 0);
    for (const group of modules) group.conceptIds.forEach((id) => placed.add(id));
    if (modules.length) groups.push({ stageId: stage.stage_id, stageTitle: stage.title, modules });
  }
  const rest = [...board.keys()].filter((id) => !placed.has(id));
  if (rest.length) groups.push({ stageId: "", stageTitle: framework ? "Other concepts" : "", modules: [{ moduleId: "", moduleTitle: "", conceptIds: rest }] });
  return groups;
}
