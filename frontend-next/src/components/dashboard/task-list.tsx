"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { TaskStatus } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { STATUS_LABELS, StatusBadge } from "@/components/ui/status";
import { TERMINAL_STATUSES } from "@/lib/pipeline";

const FILTERS: TaskStatus[] = ["queued", "running", "awaiting_review", "completed", "partial_failure", "failed", "cancelled"];

export function TaskList() {
  const [status, setStatus] = useState<TaskStatus | null>(null);
  const tasks = useQuery({
    queryKey: ["tasks", status],
    queryFn: () => unwrap(api.GET("/api/v1/tasks", { params: { query: { limit: 50, ...(status ? { status } : {}) } } })),
    placeholderData: keepPreviousData,
    // keep the list moving while something runs
    refetchInterval: (query) => (query.state.data?.items.some((t) => !TERMINAL_STATUSES.has(t.status)) ? 5_000 : 15_000),
  });
  const counts = tasks.data?.status_counts ?? {};
  const all = Object.values(counts).reduce((sum, n) => sum + n, 0);

  return (
    <Card title="My tasks">
      <div role="group" aria-label="Filter tasks by status" className="mb-3 flex flex-wrap gap-2">
        <FilterButton active={status === null} onClick={() => setStatus(null)} label="All" count={all} />
        {FILTERS.map((value) => (
          <FilterButton key={value} active={status === value} onClick={() => setStatus(value)} label={STATUS_LABELS[value]} count={counts[value] ?? 0} />
        ))}
      </div>
      {tasks.isPending ? (
        <LoadingState label="Loading your tasks…" />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => tasks.refetch()} />
      ) : tasks.data.items.length === 0 ? (
        <EmptyState
          title={status ? `No ${STATUS_LABELS[status].toLowerCase()} tasks` : "No tasks yet"}
          action={
            status ? undefined : (
              <Link href="/new" className={buttonClass("secondary")}>
                Start a roadmap
              </Link>
            )
          }
        />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Tasks">
          {tasks.data.items.map((task) => (
            <li key={task.id} className="flex flex-wrap items-center justify-between gap-2 py-3" data-testid="task-row">
              <div className="min-w-0">
                <Link href={`/tasks/${task.id}`} className="block truncate font-medium text-brand-700 hover:underline">
                  {task.kind === "regenerate" ? "Regenerate: " : ""}
                  {task.goal}
                </Link>
                <p className="text-xs text-slate-500">
                  {new Date(task.created_at).toLocaleString()} · {task.progress}%
                </p>
              </div>
              <StatusBadge status={task.status} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function FilterButton({ active, onClick, label, count }: { active: boolean; onClick: () => void; label: string; count: number }) {
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      className={`rounded-full border px-3 py-1 text-xs font-medium ${active ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
    >
      {label} <span aria-label={`${count} tasks`}>({count})</span>
    </button>
  );
}
