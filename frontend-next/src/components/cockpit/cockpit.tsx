"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ContentType } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { usePageTitle } from "@/client/document-title";
import { useTaskEvents } from "@/client/use-task-events";
import { MapPanel } from "@/components/map/map-panel";
import { Card } from "@/components/ui/card";
import { ErrorState, InlineError, LoadingState } from "@/components/ui/states";
import { ProgressBar, StatusBadge } from "@/components/ui/status";
import { buildBoard, cellKey, countCells } from "@/lib/board";
import { statesFromBoard } from "@/lib/concept-state";
import { asFramework } from "@/lib/framework";
import { STEP_LABELS } from "@/lib/describe-event";
import { derivePipeline, statusFromEvents, TERMINAL_STATUSES } from "@/lib/pipeline";
import { UnderstoodCard } from "@/components/learner/understood";
import { ContentBoard } from "./content-board";
import { PipelineMap } from "./pipeline-map";
import { TaskActions } from "./task-actions";
import { Timeline } from "./timeline";
import { UsagePanel } from "./usage-panel";

const ALL_TYPES: ContentType[] = ["tutorial", "resources", "quiz"];
const REFRESHING_EVENTS = new Set(["status", "review_required", "completed", "failed", "cancelled", "step"]);

/**
 * The task cockpit: one view built from the task row (GET), the persisted log and the live
 * stream, so a reload, a second tab or a finished task all look the same.
 */
export function Cockpit({ taskId }: { taskId: string }) {
  const queryClient = useQueryClient();
  const task = useQuery({
    queryKey: ["task", taskId],
    queryFn: () => unwrap(api.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: taskId } } })),
    refetchInterval: (query) => (query.state.data && !TERMINAL_STATUSES.has(query.state.data.status) ? 3_000 : false),
  });
  const stream = useTaskEvents(taskId);
  usePageTitle(task.data ? `${task.data.goal} · ${task.data.kind === "regenerate" ? "Regeneration" : "Task"}` : null);
  const roadmapId = task.data?.roadmap_id ?? null;
  // failed cells retried one by one: each runs as a regeneration task of its own, followed here
  // through the roadmap row (its events are not in this task's stream)
  const [retried, setRetried] = useState<ReadonlySet<string>>(new Set());
  const [sending, setSending] = useState<ReadonlySet<string>>(new Set());
  const roadmap = useQuery({
    queryKey: ["roadmap", roadmapId],
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}", { params: { path: { roadmap_id: roadmapId! } } })),
    enabled: roadmapId !== null,
    refetchInterval: (query) =>
      query.state.data?.concepts.some((c) => Object.entries(c.content).some(([type, state]) => retried.has(cellKey(c.concept_id, type)) && (state.status === "pending" || state.status === "generating")))
        ? 2_000
        : false,
  });
  const retryCell = useMutation({
    mutationFn: ({ conceptId, type }: { conceptId: string; type: ContentType }) =>
      unwrap(
        api.POST("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/regenerate", {
          params: { path: { roadmap_id: roadmapId!, concept_id: conceptId } },
          body: { content_types: [type] },
        }),
      ),
    onMutate: ({ conceptId, type }) => setSending((current) => new Set(current).add(cellKey(conceptId, type))),
    onSuccess: async (_, { conceptId, type }) => {
      setRetried((current) => new Set(current).add(cellKey(conceptId, type)));
      await queryClient.invalidateQueries({ queryKey: ["roadmap", roadmapId] });
    },
    onSettled: (_, __, { conceptId, type }) =>
      setSending((current) => {
        const next = new Set(current);
        next.delete(cellKey(conceptId, type));
        return next;
      }),
  });

  const newest = stream.events[stream.events.length - 1];
  useEffect(() => {
    if (newest && REFRESHING_EVENTS.has(newest.type)) void queryClient.invalidateQueries({ queryKey: ["task", taskId] });
    if (newest?.type === "completed" && roadmapId) void queryClient.invalidateQueries({ queryKey: ["roadmap", roadmapId] });
  }, [newest, queryClient, taskId, roadmapId]);

  const board = useMemo(() => buildBoard(roadmap.data, stream.events, retried), [roadmap.data, stream.events, retried]);
  const titles = useMemo(() => new Map((roadmap.data?.concepts ?? []).map((c) => [c.concept_id, c.title])), [roadmap.data]);
  // the roadmap row appears at hand-off: fetch it again when the board names concepts it lacks
  // (at most once per new event, so a concept the roadmap never lists cannot cause a loop)
  const missing = [...board.keys()].some((id) => !titles.has(id));
  const refetchRoadmap = roadmap.refetch;
  const eventCount = stream.events.length;
  useEffect(() => {
    if (missing && roadmapId) void refetchRoadmap();
  }, [missing, roadmapId, refetchRoadmap, eventCount]);

  // a retried task goes on: when a row read after the stream ended is active again, follow it again
  const { connection, error: streamError, resume, endedAt } = stream;
  const activeAfterEnd = task.data !== undefined && !TERMINAL_STATUSES.has(task.data.status) && task.dataUpdatedAt > endedAt;
  useEffect(() => {
    if (connection === "ended" && !streamError && activeAfterEnd) resume();
  }, [connection, streamError, activeAfterEnd, resume]);

  // the map: the roadmap's framework once handed off, the proposal while it waits for review
  const rawFramework = roadmap.data?.framework ?? task.data?.review?.framework;
  const framework = useMemo(() => (rawFramework ? asFramework(rawFramework) : null), [rawFramework]);
  const preferredTypes = task.data?.preferences["content_types"];
  const contentTypes = useMemo(() => (Array.isArray(preferredTypes) ? (preferredTypes as ContentType[]) : ALL_TYPES), [preferredTypes]);
  const mapStates = useMemo(() => statesFromBoard(board, contentTypes), [board, contentTypes]);
  const hrefFor = useCallback((conceptId: string) => `/roadmaps/${roadmapId}?concept=${encodeURIComponent(conceptId)}`, [roadmapId]);

  const pipeline = useMemo(() => derivePipeline(stream.events, task.data?.current_step, task.data?.kind), [stream.events, task.data?.current_step, task.data?.kind]);

  if (task.isPending) return <LoadingState label="Loading the task…" />;
  if (task.isError || stream.error?.status === 404) {
    const error = task.error ?? stream.error;
    return (
      <ErrorState
        error={error}
        onRetry={() => task.refetch()}
        notFoundHint={
          <Link href="/dashboard" className="underline">
            Back to your dashboard
          </Link>
        }
      />
    );
  }

  const data = task.data;
  // the stream stops at a terminal event; a newer row that is active again (a retry) wins
  const resumed = stream.connection === "ended" && activeAfterEnd;
  const status = stream.events.length && !resumed ? statusFromEvents(data.status, stream.events) : data.status;
  const types = contentTypes;
  const regenerateConcept = data.kind === "regenerate" ? String(data.preferences["concept_id"] ?? "") : null;
  const shownBoard = regenerateConcept ? new Map([...board].filter(([id]) => id === regenerateConcept)) : board;
  const failed = status === "failed" || status === "cancelled";
  const cells = countCells(shownBoard, types);
  const retrying = new Set([...sending, ...[...retried].filter((key) => {
    const [conceptId, type] = key.split("\u0000") as [string, ContentType];
    const state = shownBoard.get(conceptId)?.[type];
    return state === "pending" || state === "started";
  })]);
  const fanout = { done: cells.completed + cells.failed, total: shownBoard.size * types.length };

  return (
    <div className="space-y-5">
      <div className="space-y-3">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <p className="text-xs tracking-wide text-slate-500 uppercase">{data.kind === "regenerate" ? "Regeneration" : "Roadmap task"}</p>
            <h1 className="text-xl font-semibold break-words sm:text-2xl">{data.goal}</h1>
          </div>
          <StatusBadge status={status} />
        </div>
        <ProgressBar value={TERMINAL_STATUSES.has(status) && status === "completed" ? 100 : data.progress} label="Task progress" />
        <p className="text-sm text-slate-600" data-testid="current-step">
          {/* the live region announces a new step, not every progress tick */}
          <span aria-live="polite" data-testid="step-announcer">
            {STEP_LABELS[data.current_step]}
          </span>{" "}
          · {data.progress}%{stream.connection === "live" ? " · live" : stream.connection === "ended" ? "" : ` · ${stream.connection}`}
        </p>
        {stream.notice ? (
          <p role="status" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
            {stream.notice}
          </p>
        ) : null}
        {data.error ? (
          <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-900">
            {data.error}
          </p>
        ) : null}
        <TaskActions task={data} status={status} />
      </div>

      {data.kind === "regenerate" ? null : <UnderstoodCard intent={data.intent} pending={!TERMINAL_STATUSES.has(status)} />}

      <Card title="Pipeline">
        <PipelineMap state={pipeline} failed={failed} content={fanout} />
      </Card>

      <div className="grid gap-5 lg:grid-cols-5">
        <Card title={`Timeline (${stream.events.length} events)`} className="lg:col-span-3">
          <Timeline events={stream.events} conceptTitles={titles} />
        </Card>
        <Card title="Usage and cost" className="lg:col-span-2">
          <UsagePanel usage={data.usage} estimate={data.estimate} frozen={status !== "awaiting_review"} />
        </Card>
      </div>

      <Card title="Content">
        <ContentBoard
          board={shownBoard}
          types={types}
          titles={titles}
          framework={framework}
          roadmapId={roadmapId}
          onRetry={roadmapId && data.kind !== "regenerate" && TERMINAL_STATUSES.has(status) ? (conceptId, type) => retryCell.mutate({ conceptId, type }) : undefined}
          retrying={retrying}
        />
        <InlineError error={retryCell.error} />
      </Card>

      {framework ? (
        <Card title="Roadmap map">
          <MapPanel framework={framework} states={mapStates} hrefFor={roadmapId ? hrefFor : undefined} />
        </Card>
      ) : null}
    </div>
  );
}
