import type { Step, TaskEvent, TaskStatus } from "@/api/types";

/**
 * The pipeline map: intent → design → validate ⇄ auto-edit → review ⇄ revise (reject/edit)
 * → content fan-out → done. Pure functions from a step (and what came before) to a node.
 */
export const MAP_NODES = ["intent", "design", "validate", "auto_edit", "review", "revise", "content", "done"] as const;
export type MapNode = (typeof MAP_NODES)[number];

export const MAP_LABELS: Record<MapNode, string> = {
  intent: "Intent",
  design: "Design",
  validate: "Validate",
  auto_edit: "Auto-edit",
  review: "Your review",
  revise: "Reject / edit",
  content: "Content fan-out",
  done: "Done",
};

/** Where a step sits on the map. `roadmap_edit` is the automatic fix unless it follows a rejection. */
export function mapNodeForStep(step: Step, afterRejection = false): MapNode | null {
  switch (step) {
    case "queued":
      return null;
    case "intent_analysis":
      return "intent";
    case "curriculum_design":
      return "design";
    case "structure_validation":
      return "validate";
    case "roadmap_edit":
      return afterRejection ? "revise" : "auto_edit";
    case "human_review":
      return "review";
    case "content_generation_queued":
    case "content_generation":
    case "finalizing":
      return "content";
    case "done":
      return "done";
  }
}

export type Rounds = Record<"validate" | "auto_edit" | "review" | "revise", number>;

export type PipelineState = {
  current: MapNode | null;
  visited: ReadonlySet<MapNode>;
  rounds: Rounds;
  lastDecision: "approve" | "edit" | "reject" | null;
};

/** Fold the task's events into the map: the lit node, the nodes passed and loop rounds. */
export function derivePipeline(events: readonly TaskEvent[], seedStep?: Step, kind?: string): PipelineState {
  const visited = new Set<MapNode>();
  const rounds: Rounds = { validate: 0, auto_edit: 0, review: 0, revise: 0 };
  let current: MapNode | null = null;
  let lastDecision: PipelineState["lastDecision"] = null;
  const enter = (node: MapNode | null) => {
    if (node === null) return;
    current = node;
    visited.add(node);
  };
  for (const event of events) {
    const decision = event.data?.["decision"];
    if (event.type === "status" && (decision === "approve" || decision === "edit" || decision === "reject")) {
      lastDecision = decision;
      if (decision === "edit") {
        rounds.revise += 1;
        enter("revise");
      }
    } else if (event.type === "step" && event.step) {
      const node = mapNodeForStep(event.step, lastDecision === "reject");
      if (node === "validate") rounds.validate += 1;
      if (node === "auto_edit") rounds.auto_edit += 1;
      if (node === "revise") {
        rounds.revise += 1;
        lastDecision = null;
      }
      if (node !== "review") enter(node);
    } else if (event.type === "review_required") {
      rounds.review = Math.max(rounds.review + 1, Number(event.data?.["review_round"]) || 0);
      enter("review");
    } else if (event.type === "completed" && event.data?.["status"] !== "partial_failure") {
      enter("done");
    }
  }
  if (current === null && seedStep) {
    // no events yet (or none kept): place the task from its row alone
    const node = mapNodeForStep(seedStep);
    if (node) enter(node);
  }
  if (kind === "regenerate" && current !== null && current !== "done") current = "content";
  return { current, visited, rounds, lastDecision };
}

/** The task's status as its events tell it (they replay from the first one); the row's when none. */
export function statusFromEvents(seed: TaskStatus, events: readonly TaskEvent[]): TaskStatus {
  let status = seed;
  for (const event of events) {
    const next = statusAfter(event);
    if (next) status = next;
  }
  return status;
}

function statusAfter(event: TaskEvent): TaskStatus | null {
  const data = event.data ?? {};
  switch (event.type) {
    case "status": {
      const value = data["status"];
      return isTaskStatus(value) ? value : null;
    }
    case "step":
      return "running";
    case "review_required":
      return "awaiting_review";
    case "completed":
      return data["status"] === "partial_failure" ? "partial_failure" : "completed";
    case "failed":
      return "failed";
    case "cancelled":
      return "cancelled";
    default:
      return null;
  }
}

const STATUSES: readonly TaskStatus[] = [
  "queued",
  "running",
  "awaiting_review",
  "completed",
  "partial_failure",
  "failed",
  "cancelled",
];

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === "string" && (STATUSES as readonly string[]).includes(value);
}

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(["completed", "partial_failure", "failed", "cancelled"]);

export function canCancel(status: TaskStatus): boolean {
  return !TERMINAL_STATUSES.has(status);
}

export function canRetry(status: TaskStatus): boolean {
  return status === "failed" || status === "partial_failure" || status === "cancelled";
}
