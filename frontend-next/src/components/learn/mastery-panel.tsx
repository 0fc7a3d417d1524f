"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ConceptMastery } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/states";
import { masteryKey, useMastery } from "./use-mastery";

function headline(item: ConceptMastery): string {
  if (item.score === null) return "Not known yet";
  return `${Math.round(item.score * 100)}%`;
}

/**
 * What the learner model holds about this concept: the score, why (its reasons, in words), the
 * questions missed last time; "I know this" and "Start over" correct it. docs/learner.md.
 */
export function MasteryPanel({ roadmapId, conceptId }: { roadmapId: string; conceptId: string }) {
  const queryClient = useQueryClient();
  const { mastery } = useMastery(roadmapId);
  const correct = useMutation({
    mutationFn: (correction: "known" | "reset") =>
      unwrap(api.PUT("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/mastery", { params: { path: { roadmap_id: roadmapId, concept_id: conceptId } }, body: { correction } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: masteryKey(roadmapId) });
      void queryClient.invalidateQueries({ queryKey: ["mastery"] });
    },
  });
  const item = mastery.data?.items.find((entry) => entry.concept_id === conceptId);
  if (!item) return null; // still loading, or the model cannot be read: the concept stands without it

  return (
    <section aria-labelledby="mastery-heading" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm no-print" data-testid="mastery" data-mastered={item.mastered} data-source={item.source}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 id="mastery-heading" className="font-medium">
          Your mastery
        </h3>
        <span data-testid="mastery-score" className="font-semibold" aria-live="polite">
          {headline(item)}
        </span>
        {item.mastered ? <Badge tone="success">Mastered</Badge> : null}
        {item.tested_out ? <Badge tone="info">★ Tested out</Badge> : null}
      </div>
      {item.reasons.length ? (
        <ul className="mt-1 list-disc pl-5 text-slate-700" data-testid="mastery-reasons">
          {item.reasons.map((reason, index) => (
            <li key={`${index}-${reason}`}>{reason.charAt(0).toUpperCase() + reason.slice(1)}</li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-slate-600">Take the quiz to show what you know.</p>
      )}
      {item.missed.length ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-slate-700">Missed on the last attempt ({item.missed.length})</summary>
          <ul className="mt-1 list-disc pl-5 text-slate-700" data-testid="mastery-missed">
            {item.missed.map((question) => (
              <li key={question.question_id} className="break-words">
                {question.prompt}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-2">
        {!item.mastered ? (
          <Button variant="secondary" className="min-h-8 px-2.5 py-1" onClick={() => correct.mutate("known")} disabled={correct.isPending}>
            I know this
          </Button>
        ) : null}
        {item.attempts > 0 || item.corrected === "known" ? (
          <Button variant="ghost" className="min-h-8 px-2.5 py-1" onClick={() => correct.mutate("reset")} disabled={correct.isPending}>
            Start over
          </Button>
        ) : null}
      </div>
      <InlineError error={correct.error} />
    </section>
  );
}
