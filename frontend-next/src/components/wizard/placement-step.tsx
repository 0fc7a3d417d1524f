"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { PlacementOut, PlacementResult } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";
import { InlineError, LoadingState } from "@/components/ui/states";

type Level = "beginner" | "intermediate" | "advanced";

/**
 * The optional placement check (docs/learner.md): questions written by the assessor on the
 * goal's prerequisites and first concepts, graded on the server. What it shows known is tested
 * out of the roadmap (kept, no content generated); its verified level becomes the level.
 * Inside the wizard's form: buttons only, no nested form.
 */
export function PlacementStep({ goal, level, onResult }: { goal: string; level: Level; onResult: (placement: PlacementOut, result: PlacementResult) => void }) {
  const [answers, setAnswers] = useState<Record<string, number[]>>({});
  const start = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/placement", { body: { goal, level } })) });
  const submit = useMutation({
    mutationFn: (placement: PlacementOut) => unwrap(api.POST("/api/v1/placement/{placement_id}/answers", { params: { path: { placement_id: placement.id } }, body: { answers } })),
    onSuccess: (result, placement) => onResult(placement, result),
  });
  const placement = start.data;
  const result = submit.data;

  if (!placement) {
    return (
      <div className="space-y-3 text-sm">
        <p className="text-slate-700">
          About ten questions on what “{goal}” builds on and its first concepts. Concepts you clearly know are kept in the roadmap but marked <strong>tested out</strong>: no content
          is generated for them (you can ask for it later), and the level becomes the one the check verifies. Skip it with “Next”.
        </p>
        {start.isPending ? (
          <LoadingState label="Writing your questions…" />
        ) : (
          <Button variant="secondary" onClick={() => start.mutate()} data-step-focus>
            Start the placement check
          </Button>
        )}
        <InlineError error={start.error} />
      </div>
    );
  }

  const graded = new Map(result?.results.map((r) => [r.question_id, r]));
  const choose = (id: string, multiple: boolean, index: number, on: boolean) =>
    setAnswers((current) => {
      const chosen = new Set(multiple ? (current[id] ?? []) : []);
      if (on) chosen.add(index);
      else chosen.delete(index);
      return { ...current, [id]: [...chosen].sort() };
    });

  return (
    <div className="space-y-4" data-testid="placement">
      {placement.questions.map((question, q) => {
        const mark = graded.get(question.id);
        const multiple = question.type === "multiple";
        return (
          <fieldset key={question.id} className="rounded-lg border border-slate-200 p-3" data-placement-question={question.id} disabled={Boolean(result)}>
            <legend className="px-1 text-sm font-medium">
              {q + 1}. {question.prompt} {multiple ? <span className="text-xs text-slate-500">(choose all that apply)</span> : null}
            </legend>
            <p className="px-1 text-xs text-slate-500">On: {question.concept}</p>
            <div className="mt-1 space-y-1">
              {question.options.map((option, index) => (
                <label key={index} className={`flex items-start gap-2 rounded px-1 py-0.5 text-sm ${mark?.answer.includes(index) ? "bg-emerald-50" : ""}`}>
                  <input
                    type={multiple ? "checkbox" : "radio"}
                    name={`placement-${question.id}`}
                    className="mt-0.5 h-4 w-4"
                    checked={(answers[question.id] ?? []).includes(index)}
                    onChange={(event) => choose(question.id, multiple, index, event.target.checked)}
                  />
                  <span>
                    {option}
                    {mark?.answer.includes(index) ? <span className="ml-1 text-xs text-emerald-700">(correct answer)</span> : null}
                  </span>
                </label>
              ))}
            </div>
            {mark ? (
              <p className={`mt-1 text-sm ${mark.correct ? "text-emerald-800" : "text-red-800"}`}>
                {mark.correct ? "Correct." : "Not quite."} {mark.explanation}
              </p>
            ) : null}
          </fieldset>
        );
      })}
      {result ? (
        <PlacementSummary result={result} />
      ) : (
        <Button variant="secondary" onClick={() => submit.mutate(placement)} disabled={submit.isPending}>
          {submit.isPending ? "Grading…" : "Grade my answers"}
        </Button>
      )}
      <InlineError error={submit.error} />
    </div>
  );
}

const LEVELS: Record<Level, string> = { beginner: "Beginner", intermediate: "Intermediate", advanced: "Advanced" };

export function PlacementSummary({ result }: { result: PlacementResult }) {
  return (
    <div role="status" className="rounded-lg bg-brand-50 p-3 text-sm" data-testid="placement-result">
      <p className="font-semibold">
        {result.correct} of {result.total} right · verified level: {LEVELS[result.verified_level]}
      </p>
      <p className="mt-1">
        {result.known_concepts.length
          ? `Tested out (kept in the roadmap, no content generated): ${result.known_concepts.join(", ")}.`
          : "No concept tested out: the roadmap covers everything."}
      </p>
      {result.gaps.length ? <p className="mt-1">To work on: {result.gaps.join(", ")}.</p> : null}
    </div>
  );
}
