import type { RecoveryType, Step, TaskEvent } from "@/api/types";
import { formatUsd } from "./estimate";

export const STEP_LABELS: Record<Step, string> = {
  queued: "Queued",
  intent_analysis: "Reading your goal",
  curriculum_design: "Designing the curriculum",
  structure_validation: "Checking the structure",
  roadmap_edit: "Editing the roadmap",
  human_review: "Waiting for your review",
  content_generation_queued: "Content queued",
  content_generation: "Generating content",
  finalizing: "Finalizing",
  done: "Done",
};

const RECOVERY: Record<RecoveryType, string> = {
  resume_from_checkpoint: "resuming from the last checkpoint",
  resume_after_review: "continuing with the review decision already given",
  retry_failed_content: "generating the failed content again",
  restart_content_generation: "generating the missing content",
};

export function describeRecovery(recovery: string): string {
  return RECOVERY[recovery as RecoveryType] ?? recovery;
}

/** One line of plain text for the timeline (never HTML). */
export function describeEvent(event: TaskEvent, conceptTitles?: ReadonlyMap<string, string>): string {
  const data = event.data ?? {};
  switch (event.type) {
    case "step": {
      const label = event.step ? STEP_LABELS[event.step] : "Step";
      if (typeof data["concepts_queued"] === "number") return `${label}: ${data["concepts_queued"]} concepts queued`;
      return typeof data["progress"] === "number" ? `${label} (${data["progress"]}%)` : label;
    }
    case "status": {
      const parts = [`Status: ${String(data["status"] ?? "changed")}`];
      if (typeof data["decision"] === "string") parts.push(`your decision: ${data["decision"]}`);
      if (typeof data["recovery_type"] === "string") parts.push(`retry, ${describeRecovery(data["recovery_type"])}`);
      return parts.join(" — ");
    }
    case "review_required":
      return `Review required (round ${String(data["review_round"] ?? "?")})`;
    case "concept": {
      const id = String(data["concept_id"] ?? "?");
      const title = conceptTitles?.get(id) ?? id;
      const error = typeof data["error"] === "string" ? `: ${data["error"]}` : "";
      return `${title} · ${String(data["content_type"] ?? "content")} ${String(data["state"] ?? "")}${error}`;
    }
    case "usage": {
      const tokens = Number(data["prompt_tokens"] ?? 0) + Number(data["completion_tokens"] ?? 0);
      return `${String(data["role"] ?? "model")} call: ${tokens} tokens, ${formatUsd(Number(data["cost_usd"] ?? 0))}`;
    }
    case "completed":
      return event.message || `Finished: ${String(data["status"] ?? "completed")}${typeof data["failed"] === "number" && data["failed"] ? ` (${data["failed"]} items failed)` : ""}`;
    case "failed":
      return event.message ? `Failed: ${event.message}` : "Failed";
    case "cancelled":
      return event.message ? `Cancelled: ${event.message}` : "Cancelled";
    default:
      return event.message || event.type;
  }
}
