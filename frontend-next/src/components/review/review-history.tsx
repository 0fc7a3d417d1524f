"use client";
import { useQuery } from "@tanstack/react-query";
import type { HistoryRound } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { allConcepts, asFramework } from "@/lib/framework";

const DECISIONS: Record<string, string> = { approve: "Approved", edit: "Edited", reject: "Rejected" };

function conceptCount(framework: HistoryRound["proposal"]): number | null {
  if (!framework || !Array.isArray((framework as { stages?: unknown }).stages)) return null;
  return allConcepts(asFramework(framework)).length;
}

function Changes({ round }: { round: HistoryRound }) {
  const changes = round.changes;
  if (!changes) return null;
  const none = changes.added.length + changes.removed.length + changes.renamed.length === 0;
  if (none) return <p className="mt-1 text-slate-600">No concept added, removed or renamed.</p>;
  return (
    <ul className="mt-1 space-y-0.5" data-testid="round-changes">
      {changes.added.map((title, index) => (
        <li key={`a-${index}`} className="break-words">
          <span className="font-medium text-emerald-800">+ Added</span> {title}
        </li>
      ))}
      {changes.removed.map((title, index) => (
        <li key={`r-${index}`} className="break-words">
          <span className="font-medium text-red-800">− Removed</span> {title}
        </li>
      ))}
      {changes.renamed.map((rename) => (
        <li key={`n-${rename.concept_id}`} className="break-words">
          <span className="font-medium text-amber-900">Renamed</span> {rename.before} → {rename.after}
        </li>
      ))}
    </ul>
  );
}

/**
 * The review's edit history (GET /tasks/{id}/history): for each round, the proposal, the
 * learner's answer (an edit, or feedback and the assumption named as wrong) and what changed.
 */
export function ReviewHistory({ taskId, currentRound }: { taskId: string; currentRound: number }) {
  const history = useQuery({
    queryKey: ["task-history", taskId, currentRound],
    queryFn: () => unwrap(api.GET("/api/v1/tasks/{task_id}/history", { params: { path: { task_id: taskId } } })),
  });
  if (history.isPending) return <LoadingState label="Loading the review history…" />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => history.refetch()} />;
  const rounds = history.data.rounds;
  if (rounds.length <= 1 && rounds.every((r) => r.decision === null)) return null;
  return (
    <Card title="Review history">
      <ol className="space-y-3 text-sm" data-testid="review-history">
        {rounds.map((round) => {
          const count = conceptCount(round.proposal);
          return (
            <li key={round.round} data-testid="history-round" data-round={round.round} className="border-l-2 border-slate-200 pl-3">
              <p>
                <span className="font-medium">Round {round.round}</span> · {round.decision ? DECISIONS[round.decision] ?? round.decision : "awaits you"}
                {count !== null ? <span className="text-slate-600"> · proposed {count} concepts</span> : null}
              </p>
              {round.feedback ? <p className="mt-0.5 break-words whitespace-pre-wrap text-slate-700">“{round.feedback}”</p> : null}
              {round.wrong_assumption ? (
                <p className="mt-0.5 break-words text-slate-700" data-testid="round-wrong-assumption">
                  Wrong assumption: <span className="italic">{round.wrong_assumption}</span>
                </p>
              ) : null}
              <Changes round={round} />
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
