"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { RoadmapFramework, TaskOut } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { usePageTitle } from "@/client/document-title";
import { useNow } from "@/client/use-now";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { anchorIssues, issuesFrom422, issuesFromValidation, locateId, placeIssues } from "@/lib/api-issues";
import { diffFrameworks, isUnchanged } from "@/lib/diff";
import { ApiError } from "@/lib/errors";
import { scaleEstimate } from "@/lib/estimate";
import { allConcepts, asFramework, fitWeeks, type NodePath, pathKey, setFrameworkFields } from "@/lib/framework";
import { relativeTime } from "@/lib/timeline";
import { type Issue, issuesByNode, validateFramework } from "@/lib/validation";
import { type Decision, DecisionPanel } from "./decision-panel";
import { UnderstoodCard } from "@/components/learner/understood";
import { NodeIssues } from "./node-issues";
import { ReviewHistory } from "./review-history";
import { ReviewMap } from "./review-map";
import { DiffSummary, EstimateSummary } from "./review-summary";
import { type Edit, TreeEditor } from "./tree-editor";
import { useReviewDraft } from "./use-review-draft";

/** Load the task (and who is signed in: drafts are kept per user); the workbench needs it awaiting review. */
export function ReviewPage({ taskId }: { taskId: string }) {
  const task = useQuery({ queryKey: ["task", taskId], queryFn: () => unwrap(api.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: taskId } } })) });
  const me = useQuery({ queryKey: ["me"], queryFn: () => unwrap(api.GET("/api/v1/auth/me")), staleTime: 60_000 });
  usePageTitle(task.data ? `Review: ${task.data.goal}` : null);
  if (task.isPending || me.isPending) return <LoadingState label="Loading the proposal…" />;
  if (task.isError || me.isError) return <ErrorState error={task.error ?? me.error} onRetry={() => (task.isError ? task.refetch() : me.refetch())} notFoundHint={<Link href="/dashboard" className="underline">Back to your dashboard</Link>} />;
  if (task.data.status !== "awaiting_review" || !task.data.review) {
    return (
      <EmptyState title="Nothing to review right now" action={<Link href={`/tasks/${taskId}`} className={buttonClass("secondary")}>Back to the task</Link>}>
        This task is {task.data.status.replace("_", " ")}; a proposal appears here when the workflow pauses for your review.
      </EmptyState>
    );
  }
  return <Workbench key={task.data.review.round} task={task.data} userId={me.data.id} />;
}

function Workbench({ task, userId }: { task: TaskOut; userId: string }) {
  const router = useRouter();
  const review = task.review!;
  const proposal = useMemo(() => asFramework(review.framework), [review.framework]);
  const weeklyHours = Number(task.preferences["weekly_hours"] ?? 5) || 5;
  const work = useReviewDraft({ userId, taskId: task.id, round: review.round, proposal });
  const { draft, undo, redo, edit: record } = work;
  // the checks, the diff, the map and the estimate follow the draft a beat behind the typing
  const settled = useDeferredValue(draft);
  const [apiIssues, setApiIssues] = useState<Issue[]>([]);
  const [focus, setFocus] = useState<NodePath | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const reveal = useRef<string | null>(null);
  const now = useNow(30_000);

  // the proposal's own issues are tied to node ids: they stay on their node through a reorder
  const proposalIssues = useMemo(() => anchorIssues(proposal, issuesFromValidation(proposal, review.validation)), [proposal, review.validation]);
  const issues = useMemo(() => [...validateFramework(settled, weeklyHours), ...placeIssues(settled, proposalIssues), ...apiIssues], [settled, weeklyHours, proposalIssues, apiIssues]);
  const blocking = issues.filter((issue) => issue.source === "rules");
  const byNode = useMemo(() => issuesByNode(issues), [issues]);
  const diff = useMemo(() => diffFrameworks(proposal, settled), [proposal, settled]);
  const changes = useMemo(() => new Map(diff.concepts.map((change) => [change.id, change])), [diff]);
  const edited = task.estimate ? scaleEstimate(task.estimate, allConcepts(settled).length) : null;

  useEffect(() => {
    if (!focus) return;
    const target = document.querySelector<HTMLElement>(`[data-path-key="${pathKey(focus)}"] [data-handle]`) ?? document.querySelector<HTMLElement>("[data-add-stage]");
    target?.focus();
  }, [focus, draft]);

  // a map node opens its row: expand what hides it, then focus its title
  useEffect(() => {
    const conceptId = reveal.current;
    if (!conceptId) return;
    reveal.current = null;
    const input = document.querySelector<HTMLInputElement>(`[data-testid=tree-editor] li[data-concept-id="${CSS.escape(conceptId)}"] input`);
    input?.scrollIntoView({ block: "center", behavior: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
    input?.focus({ preventScroll: true });
  }, [collapsed]);

  // Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z or Ctrl+Y redoes — inside the title fields too
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) undo();
      else if ((key === "z" && event.shiftKey) || key === "y") redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo]);

  const decide = useMutation({
    mutationFn: (body: Decision) => unwrap(api.POST("/api/v1/tasks/{task_id}/review", { params: { path: { task_id: task.id } }, body })),
    onSuccess: () => {
      work.markSent();
      router.push(`/tasks/${task.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 422) setApiIssues(issuesFrom422(error.detail));
    },
  });

  // edits read the latest committed draft (a ref), so `edit` stays the same function and the
  // tree's memoised rows re-render only when their own concept changes
  const latest = useRef(draft);
  useLayoutEffect(() => {
    latest.current = draft;
  }, [draft]);
  const edit = useCallback<Edit>(
    (apply, group) => {
      const out = apply(latest.current);
      const [next, focusPath] = "stages" in out ? [out, null] : [out.framework, out.focus];
      latest.current = next;
      record(next, group ?? null);
      setApiIssues([]);
      setFocus(focusPath);
    },
    [record],
  );
  const change = (next: RoadmapFramework, group?: string) => edit(() => next, group);
  const toggle = useCallback(
    (id: string) =>
      setCollapsed((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const openConcept = useCallback(
    (conceptId: string) => {
      const path = locateId(draft, conceptId);
      const stage = path ? draft.stages[path.stage] : undefined;
      const group = path && "module" in path ? stage?.modules[path.module] : undefined;
      reveal.current = conceptId;
      // always a new set: the effect above runs once the row is rendered
      setCollapsed((current) => new Set([...current].filter((id) => id !== stage?.stage_id && id !== group?.module_id)));
    },
    [draft],
  );
  const unchanged = isUnchanged(diff);

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold sm:text-2xl">Review the proposal · round {review.round}</h1>
        <Link href={`/tasks/${task.id}`} className="text-sm text-brand-700 underline">
          Back to the task
        </Link>
      </div>
      {work.restoredAt !== null ? (
        <div role="status" className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-brand-100 bg-brand-50 p-3 text-sm text-brand-700" data-testid="draft-restored">
          <span>Your unsaved draft from {relativeTime(new Date(work.restoredAt).toISOString(), now)} is back.</span>
          <Button variant="ghost" onClick={work.discard}>
            Discard the draft
          </Button>
        </div>
      ) : null}
      <div className="grid gap-5 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Card>
            <div className="grid gap-3 sm:grid-cols-3">
              <div className="sm:col-span-2">
                <Field id="roadmap-title" label="Roadmap title">
                  <TextInput id="roadmap-title" value={draft.title} maxLength={300} onChange={(e) => change(setFrameworkFields(draft, { title: e.target.value }), "title:root")} />
                </Field>
              </div>
              <Field id="roadmap-weeks" label="Weeks" hint={`${draft.total_estimated_hours} h at ${weeklyHours} h/week`}>
                <TextInput id="roadmap-weeks" type="number" min={1} max={520} value={draft.recommended_weeks} onChange={(e) => change(setFrameworkFields(draft, { recommended_weeks: Math.max(1, e.target.valueAsNumber || 1) }), "weeks")} />
              </Field>
            </div>
            <NodeIssues issues={byNode.get("root")} />
            {byNode.get("root")?.some((i) => i.code === "over_budget") ? (
              <Button variant="secondary" className="mt-2" onClick={() => change(fitWeeks(draft, weeklyHours))}>
                Fit the weeks to my {weeklyHours} h/week
              </Button>
            ) : null}
          </Card>
          <ReviewMap proposal={proposal} draft={settled} issues={byNode} changes={changes} onOpen={openConcept} />
          <TreeEditor framework={draft} edit={edit} issues={byNode} changes={changes} collapsed={collapsed} onToggle={toggle} />
        </div>
        <div className="min-w-0 space-y-4 lg:sticky lg:top-3 lg:max-h-[calc(100vh-1.5rem)] lg:self-start lg:overflow-y-auto" data-testid="review-side">
          <DecisionPanel draft={draft} unchanged={unchanged} blocking={blocking.length} feedback={work.feedback} onFeedback={work.setFeedback} decide={decide} assumptions={task.intent?.assumed_knowledge ?? []} />
          <UnderstoodCard intent={task.intent} />
          <Card
            title="Your changes"
            actions={
              <div className="flex gap-1">
                <Button variant="secondary" className="min-h-8 px-2.5 py-1" onClick={undo} disabled={!work.canUndo} aria-keyshortcuts="Control+Z Meta+Z">
                  Undo
                </Button>
                <Button variant="secondary" className="min-h-8 px-2.5 py-1" onClick={redo} disabled={!work.canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y">
                  Redo
                </Button>
              </div>
            }
          >
            <DiffSummary diff={diff} />
            {!unchanged ? (
              <Button variant="ghost" className="mt-2" onClick={() => change(proposal)}>
                Undo all changes
              </Button>
            ) : null}
          </Card>
          <Card title="Content estimate">
            <EstimateSummary original={task.estimate} edited={edited} />
          </Card>
          <ReviewHistory taskId={task.id} currentRound={review.round} />
        </div>
      </div>
    </div>
  );
}
