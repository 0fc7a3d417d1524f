import type { TaskStatus } from "@/api/types";
import { Badge, type Tone } from "./badge";

const STATUS: Record<TaskStatus, { label: string; tone: Tone }> = {
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "info" },
  awaiting_review: { label: "Awaiting review", tone: "warning" },
  completed: { label: "Completed", tone: "success" },
  partial_failure: { label: "Partly failed", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export const STATUS_LABELS: Record<TaskStatus, string> = Object.fromEntries(
  Object.entries(STATUS).map(([status, { label }]) => [status, label]),
) as Record<TaskStatus, string>;

export function StatusBadge({ status }: { status: TaskStatus }) {
  const { label, tone } = STATUS[status];
  return (
    <span data-testid="task-status" data-status={status}>
      <Badge tone={tone}>{label}</Badge>
    </span>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped)} className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
      <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${clamped}%` }} />
    </div>
  );
}
