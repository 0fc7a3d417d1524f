"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import type { RoadmapFramework, TaskOut } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { usePageTitle } from "@/client/document-title";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, TextArea, TextInput } from "@/components/ui/field";
import { EmptyState, ErrorState, InlineError, LoadingState } from "@/components/ui/states";
import { issuesFrom422, issuesFromValidation } from "@/lib/api-issues";
import { diffFrameworks, isUnchanged } from "@/lib/diff";
import { ApiError } from "@/lib/errors";
import { scaleEstimate } from "@/lib/estimate";
import { allConcepts, asFramework, fitWeeks, type NodePath, pathKey, setFrameworkFields } from "@/lib/framework";
import { type Issue, issuesByNode, validateFramework } from "@/lib/validation";
import { EarlierRounds } from "./earlier-rounds";
import { NodeIssues } from "./node-issues";
import { ReviewMap } from "./review-map";
import { DiffSummary, EstimateSummary } from "./review-summary";
import { TreeEditor } from "./tree-editor";

type Decision = { decision: "approve" } | { decision: "edit"; framework: RoadmapFramework; feedback?: string } | { decision: "reject"; feedback: string };

/** Load the task; the workbench proper needs it awaiting review. */
export function ReviewPage({ taskId }: { taskId: string }) {
  const task = useQuery({ queryKey: ["task", taskId], queryFn: () => unwrap(api.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: taskId } } })) });
  usePageTitle(task.data ? `Review: ${task.data.goal}` : null);
  if (task.isPending) return <LoadingState label="Loading the proposal…" />;
  if (task.isError) return <ErrorState error={task.error} onRetry={() => task.refetch()} notFoundHint={<Link href="/dashboard" className="underline">Back to your dashboard</Link>} />;
  if (task.data.status !== "awaiting_review" || !task.data.review) {
    return (
      <EmptyState title="Nothing to review right now" action={<Link href={`/tasks/${taskId}`} className={buttonClass("secondary")}>Back to the task</Link>}>
        This task is {task.data.status.replace("_", " ")}; a proposal appears here when the workflow pauses for your review.
      </EmptyState>
    );
  }
  return <Workbench key={task.data.review.round} task={task.data} />;
}

function Workbench({ task }: { task: TaskOut }) {
  const router = useRouter();
  const review = task.review!;
  const proposal = useMemo(() => asFramework(review.framework), [review.framework]);
  const weeklyHours = Number(task.preferences["weekly_hours"] ?? 5) || 5;
  const [draft, setDraft] = useState<RoadmapFramework>(proposal);
  const [apiIssues, setApiIssues] = useState<Issue[]>([]);
  const [feedback, setFeedback] = useState("");
  const [focus, setFocus] = useState<NodePath | null>(null);

  const issues = useMemo(
    () => [...validateFramework(draft, weeklyHours), ...issuesFromValidation(draft, review.validation), ...apiIssues],
    [draft, weeklyHours, review.validation, apiIssues],
  );
  const blocking = issues.filter((issue) => issue.source === "rules");
  const byNode = useMemo(() => issuesByNode(issues), [issues]);
  const diff = useMemo(() => diffFrameworks(proposal, draft), [proposal, draft]);
  const changes = useMemo(() => new Map(diff.concepts.map((change) => [change.id, change])), [diff]);
  const edited = task.estimate ? scaleEstimate(task.estimate, allConcepts(draft).length) : null;

  useEffect(() => {
    if (!focus) return;
    document.querySelector<HTMLElement>(`[data-path-key="${pathKey(focus)}"] [data-handle]`)?.focus();
  }, [focus, draft]);

  const decide = useMutation({
    mutationFn: (body: Decision) => unwrap(api.POST("/api/v1/tasks/{task_id}/review", { params: { path: { task_id: task.id } }, body })),
    onSuccess: () => router.push(`/tasks/${task.id}`),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 422) setApiIssues(issuesFrom422(error.detail));
    },
  });

  const change = (next: RoadmapFramework, focusPath?: NodePath) => {
    setDraft(next);
    setApiIssues([]);
    setFocus(focusPath ?? null);
  };
  const unchanged = isUnchanged(diff);

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold sm:text-2xl">Review the proposal · round {review.round}</h1>
        <Link href={`/tasks/${task.id}`} className="text-sm text-brand-700 underline">
          Back to the task
        </Link>
      </div>
      <div className="grid gap-5 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card>
            <div className="grid gap-3 sm:grid-cols-3">
              <div className="sm:col-span-2">
                <Field id="roadmap-title" label="Roadmap title">
                  <TextInput id="roadmap-title" value={draft.title} maxLength={300} onChange={(e) => change(setFrameworkFields(draft, { title: e.target.value }))} />
                </Field>
              </div>
              <Field id="roadmap-weeks" label="Weeks" hint={`${draft.total_estimated_hours} h at ${weeklyHours} h/week`}>
                <TextInput id="roadmap-weeks" type="number" min={1} max={520} value={draft.recommended_weeks} onChange={(e) => change(setFrameworkFields(draft, { recommended_weeks: Math.max(1, e.target.valueAsNumber || 1) }))} />
              </Field>
            </div>
            <NodeIssues issues={byNode.get("root")} />
            {byNode.get("root")?.some((i) => i.code === "over_budget") ? (
              <Button variant="secondary" className="mt-2" onClick={() => change(fitWeeks(draft, weeklyHours))}>
                Fit the weeks to my {weeklyHours} h/week
              </Button>
            ) : null}
          </Card>
          <ReviewMap proposal={proposal} draft={draft} issues={byNode} changes={changes} />
          <TreeEditor framework={draft} onChange={change} issues={byNode} changes={changes} />
        </div>
        <div className="space-y-4">
          <Card title="Your changes" headingLevel={2}>
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
          <EarlierRounds task={task} />
          <Card title="Decide">
            <div className="space-y-3">
              {unchanged ? (
                <Button className="w-full" disabled={decide.isPending} onClick={() => decide.mutate({ decision: "approve" })}>
                  Approve and generate content
                </Button>
              ) : (
                <Button className="w-full" disabled={decide.isPending || blocking.length > 0} onClick={() => decide.mutate({ decision: "edit", framework: draft, ...(feedback.trim() ? { feedback: feedback.trim() } : {}) })}>
                  Save my edit and generate content
                </Button>
              )}
              {!unchanged && blocking.length > 0 ? <p className="text-xs text-red-700">Fix the {blocking.length} issue(s) marked on the tree first.</p> : null}
              <Field id="review-feedback" label="Feedback for a new proposal" hint="Rejecting asks the designer for another round with your feedback.">
                <TextArea id="review-feedback" rows={3} maxLength={4000} value={feedback} onChange={(e) => setFeedback(e.target.value)} />
              </Field>
              <Button variant="secondary" className="w-full" disabled={decide.isPending || !feedback.trim()} onClick={() => decide.mutate({ decision: "reject", feedback: feedback.trim() })}>
                Reject with feedback
              </Button>
              <InlineError error={decide.error} />
            </div>
          </Card>
        </div>
      </div>
    </div>
  );
}
