import type { TaskSummary } from "@/api/types";

/**
 * A task's title as a learner reads it. A regeneration's goal is written by the API as
 * "Regenerate <types> for <concept id>": it shows the concept's title instead, never its id.
 */
const REGENERATION = /^Regenerate (.+) for (\S+)$/;

export function regeneratedConcept(task: Pick<TaskSummary, "kind" | "goal">): string | null {
  if (task.kind !== "regenerate") return null;
  return REGENERATION.exec(task.goal)?.[2] ?? null;
}

export function taskTitle(task: Pick<TaskSummary, "kind" | "goal">, conceptTitles: ReadonlyMap<string, string>): string {
  if (task.kind !== "regenerate") return task.goal;
  const match = REGENERATION.exec(task.goal);
  if (!match) return "Regenerate content";
  const types = match[1]!.split(/,\s*/).join(", ");
  const title = conceptTitles.get(match[2]!);
  return title ? `Regenerate the ${types} of “${title}”` : `Regenerate the ${types} of a concept`;
}
