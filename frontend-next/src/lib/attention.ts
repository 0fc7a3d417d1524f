import type { TaskStatus, TaskSummary } from "@/api/types";

/**
 * What deserves the learner's attention in their task list: reviews waiting, and which tasks
 * just changed to a state worth a notification (it needs them, or it finished). The caller
 * skips its very first look: what was already so when the page opened is not news.
 */
export type Attention = { kind: "review" | "finished" | "failed"; task: Pick<TaskSummary, "id" | "goal" | "kind">; url: string };

const FINISHED: ReadonlySet<TaskStatus> = new Set(["completed", "partial_failure"]);
const FAILED: ReadonlySet<TaskStatus> = new Set(["failed"]);

export function changesWorthNotifying(previous: ReadonlyMap<string, TaskStatus>, tasks: readonly Pick<TaskSummary, "id" | "goal" | "kind" | "status">[]): Attention[] {
  const changes: Attention[] = [];
  for (const task of tasks) {
    // a task first seen now (created since the last look) counts as a change too
    if (previous.get(task.id) === task.status) continue;
    if (task.status === "awaiting_review") changes.push({ kind: "review", task, url: `/tasks/${task.id}/review` });
    else if (FINISHED.has(task.status)) changes.push({ kind: "finished", task, url: `/tasks/${task.id}` });
    else if (FAILED.has(task.status)) changes.push({ kind: "failed", task, url: `/tasks/${task.id}` });
  }
  return changes;
}

export function notificationText(change: Attention): { title: string; body: string } {
  switch (change.kind) {
    case "review":
      return { title: "Review waiting", body: `Your roadmap “${change.task.goal}” waits for your review.` };
    case "finished":
      return { title: "Roadmap ready", body: `“${change.task.goal}” has finished.` };
    case "failed":
      return { title: "Task failed", body: `“${change.task.goal}” stopped with an error; you can retry it.` };
  }
}

/**
 * A learner with this tab in view, on the page of the very task that changed, already sees the
 * change there: a notification would only repeat it. Anywhere else, or with the tab hidden, it
 * is news.
 */
export function deservesNotification(change: Attention, where: { pathname: string; visible: boolean }): boolean {
  if (!where.visible) return true;
  const taskPage = `/tasks/${change.task.id}`;
  return where.pathname !== taskPage && !where.pathname.startsWith(`${taskPage}/`);
}
