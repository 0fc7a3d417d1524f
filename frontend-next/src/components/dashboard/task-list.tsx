"use client";
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { TaskStatus } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { STATUS_LABELS, StatusBadge } from "@/components/ui/status";
import { useNow } from "@/client/use-now";
import { TERMINAL_STATUSES } from "@/lib/pipeline";
import { regeneratedConcept, taskTitle } from "@/lib/task-title";
import { relativeTime } from "@/lib/timeline";
import { PAGE_SIZE, Pager } from "./pager";

const FILTERS: TaskStatus[] = ["queued", "running", "awaiting_review", "completed", "partial_failure", "failed", "cancelled"];

export function TaskList() {
  const [status, setStatus] = useState<TaskStatus | null>(null);
  const [offset, setOffset] = useState(0);
  const now = useNow(30_000);
  const tasks = useQuery({
    queryKey: ["tasks", status, offset],
    queryFn: () => unwrap(api.GET("/api/v1/tasks", { params: { query: { limit: PAGE_SIZE, offset, ...(status ? { status } : {}) } } })),
    placeholderData: keepPreviousData,
    // keep the list moving while something runs
    refetchInterval: (query) => (query.state.data?.items.some((t) => !TERMINAL_STATUSES.has(t.status)) ? 5_000 : 15_000),
  });
  // a regeneration is named after its concept: read the titles from those roadmaps
  const roadmapIds = [...new Set((tasks.data?.items ?? []).filter((t) => regeneratedConcept(t) && t.roadmap_id).map((t) => t.roadmap_id!))];
  const roadmaps = useQueries({
    queries: roadmapIds.map((id) => ({
      queryKey: ["roadmap", id],
      queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}", { params: { path: { roadmap_id: id } } })),
      staleTime: 60_000,
    })),
  });
  const conceptTitles = new Map(roadmaps.flatMap((r) => (r.data?.concepts ?? []).map((c) => [c.concept_id, c.title] as const)));
  const counts = tasks.data?.status_counts ?? {};
  const all = Object.values(counts).reduce((sum, n) => sum + n, 0);

  return (
    <Card title="My tasks">
      <div role="group" aria-label="Filter tasks by status" className="mb-3 flex flex-wrap gap-2">
        <FilterButton active={status === null} onClick={() => (setStatus(null), setOffset(0))} label="All" count={all} />
        {FILTERS.map((value) => (
          <FilterButton key={value} active={status === value} onClick={() => (setStatus(value), setOffset(0))} label={STATUS_LABELS[value]} count={counts[value] ?? 0} />
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
        <>
        <ul className="divide-y divide-slate-100" aria-label="Tasks">
          {tasks.data.items.map((task) => (
            <li key={task.id} className="flex flex-wrap items-center justify-between gap-2 py-3" data-testid="task-row">
              <div className="min-w-0">
                <Link href={`/tasks/${task.id}`} className="block truncate font-medium text-brand-700 hover:underline" data-testid="task-title">
                  {taskTitle(task, conceptTitles)}
                </Link>
                <p className="text-xs text-slate-600">
                  <time dateTime={task.created_at} title={new Date(task.created_at).toLocaleString()}>
                    {relativeTime(task.created_at, now)}
                  </time>{" "}
                  · {task.progress}%
                </p>
              </div>
              <StatusBadge status={task.status} />
            </li>
          ))}
        </ul>
        <Pager offset={offset} total={tasks.data.total} onOffset={setOffset} label="tasks" />
        </>
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
      className={`rounded-full border px-3 py-1 text-xs font-medium ${active ? "border-brand-600 bg-accent text-on-accent" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
    >
      {label} <span aria-label={`${count} tasks`}>({count})</span>
    </button>
  );
}
