"use client";
import type { UseMutationResult } from "@tanstack/react-query";
import { useState } from "react";
import type { RoadmapFramework } from "@/api/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select, TextArea, TextInput } from "@/components/ui/field";
import { InlineError } from "@/components/ui/states";

export type Decision = { decision: "approve" } | { decision: "edit"; framework: RoadmapFramework; feedback?: string } | { decision: "reject"; feedback: string; wrong_assumption?: string };

const OTHER = "__other__";
const MAX_ASSUMPTION = 500;

/** Approve, save the edit, or reject with feedback (and, if one is, the assumption that is wrong). */
export function DecisionPanel({
  draft,
  unchanged,
  blocking,
  feedback,
  onFeedback,
  decide,
  assumptions = [],
}: {
  draft: RoadmapFramework;
  unchanged: boolean;
  blocking: number;
  feedback: string;
  onFeedback: (value: string) => void;
  decide: UseMutationResult<unknown, Error, Decision>;
  assumptions?: readonly string[];
}) {
  const [picked, setPicked] = useState("");
  const [other, setOther] = useState("");
  const wrong = (picked === OTHER ? other : picked).trim().slice(0, MAX_ASSUMPTION);
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
        <Field id="wrong-assumption" label="A wrong assumption (optional)" hint="Point at what Waymark assumed you know and you do not; the next proposal stops resting on it.">
          <Select id="wrong-assumption" value={picked} onChange={(e) => setPicked(e.target.value)}>
            <option value="">None</option>
            {assumptions.map((assumption, index) => (
              <option key={`${index}-${assumption}`} value={assumption}>
                {assumption}
              </option>
            ))}
            <option value={OTHER}>Another assumption…</option>
          </Select>
        </Field>
        {picked === OTHER ? (
          <Field id="wrong-assumption-other" label="Which assumption is wrong?">
            <TextInput id="wrong-assumption-other" maxLength={MAX_ASSUMPTION} value={other} onChange={(e) => setOther(e.target.value)} />
          </Field>
        ) : null}
        <Button
          variant="secondary"
          className="w-full"
          disabled={decide.isPending || !feedback.trim()}
          onClick={() => decide.mutate({ decision: "reject", feedback: feedback.trim(), ...(wrong ? { wrong_assumption: wrong } : {}) })}
        >
          Reject with feedback
        </Button>
        <InlineError error={decide.error} />
      </div>
    </Card>
  );
}
