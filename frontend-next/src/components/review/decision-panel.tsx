"use client";
import type { UseMutationResult } from "@tanstack/react-query";
import type { RoadmapFramework } from "@/api/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, TextArea } from "@/components/ui/field";
import { InlineError } from "@/components/ui/states";

export type Decision = { decision: "approve" } | { decision: "edit"; framework: RoadmapFramework; feedback?: string } | { decision: "reject"; feedback: string };

/** Approve, save the edit, or reject with feedback. */
export function DecisionPanel({
  draft,
  unchanged,
  blocking,
  feedback,
  onFeedback,
  decide,
}: {
  draft: RoadmapFramework;
  unchanged: boolean;
  blocking: number;
  feedback: string;
  onFeedback: (value: string) => void;
  decide: UseMutationResult<unknown, Error, Decision>;
}) {
  return (
    <Card title="Decide">
      <div className="space-y-3" data-testid="decision-panel">
        {unchanged ? (
          <Button className="w-full" disabled={decide.isPending} onClick={() => decide.mutate({ decision: "approve" })}>
            Approve and generate content
          </Button>
        ) : (
          <Button
            className="w-full"
            disabled={decide.isPending || blocking > 0}
            onClick={() => decide.mutate({ decision: "edit", framework: draft, ...(feedback.trim() ? { feedback: feedback.trim() } : {}) })}
          >
            Save my edit and generate content
          </Button>
        )}
        {!unchanged && blocking > 0 ? <p className="text-xs text-red-700">Fix the {blocking} issue(s) marked on the tree first.</p> : null}
        <Field id="review-feedback" label="Feedback for a new proposal" hint="Rejecting asks the designer for another round with your feedback.">
          <TextArea id="review-feedback" rows={3} maxLength={4000} value={feedback} onChange={(e) => onFeedback(e.target.value)} />
        </Field>
        <Button variant="secondary" className="w-full" disabled={decide.isPending || !feedback.trim()} onClick={() => decide.mutate({ decision: "reject", feedback: feedback.trim() })}>
          Reject with feedback
        </Button>
        <InlineError error={decide.error} />
      </div>
    </Card>
  );
}
