"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/states";
import { askMentorAboutQuiz, useMentorBusy } from "./ask-mentor";
import { masteryKey } from "./use-mastery";

type Question = { id: string; type: "single" | "multiple" | "true_false"; prompt: string; options: string[] };

function questionsOf(body: { [key: string]: unknown } | null): Question[] {
  return Array.isArray(body?.["questions"]) ? (body["questions"] as Question[]) : [];
}

/** The quiz, answered in the page and graded by the server (which alone knows the answers). */
export function Quiz({ roadmapId, conceptId, body, version }: { roadmapId: string; conceptId: string; body: { [key: string]: unknown } | null; version: number | null }) {
  const questions = questionsOf(body);
  const mentorBusy = useMentorBusy();
  const [answers, setAnswers] = useState<Record<string, number[]>>({});
  const queryClient = useQueryClient();
  const grade = useMutation({
    // a graded attempt is new evidence for the learner model
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: masteryKey(roadmapId) }),
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/quiz/attempts", {
          params: { path: { roadmap_id: roadmapId, concept_id: conceptId } },
          body: { answers },
        }),
      ),
  });
  if (questions.length === 0) return <p className="text-sm text-slate-600">No quiz yet.</p>;
  const result = grade.data;
  const byQuestion = new Map(result?.results.map((r) => [r.question_id, r]));
  const choose = (question: Question, index: number, on: boolean) =>
    setAnswers((current) => {
      const chosen = new Set(question.type === "multiple" ? (current[question.id] ?? []) : []);
      if (on) chosen.add(index);
      else chosen.delete(index);
      return { ...current, [question.id]: [...chosen].sort() };
    });

  return (
    <form
      className="space-y-5"
      aria-label="Quiz"
      onSubmit={(event) => {
        event.preventDefault();
        grade.mutate();
      }}
    >
      {questions.map((question, q) => {
        const graded = byQuestion.get(question.id);
        return (
          <div key={question.id} className="space-y-1">
            <fieldset className="rounded-lg border border-slate-200 bg-white p-3" data-question={question.id} disabled={Boolean(result)}>
              <legend className="px-1 text-sm font-medium">
                {q + 1}. {question.prompt} {question.type === "multiple" ? <span className="text-xs text-slate-500">(choose all that apply)</span> : null}
              </legend>
              <div className="mt-1 space-y-1">
                {question.options.map((option, index) => {
                  const checked = (answers[question.id] ?? []).includes(index);
                  const right = graded?.answer.includes(index);
                  return (
                    <label key={index} className={`flex items-start gap-2 rounded px-1 py-0.5 text-sm ${graded && right ? "bg-emerald-50" : ""}`}>
                      <input
                        type={question.type === "multiple" ? "checkbox" : "radio"}
                        name={`q-${question.id}`}
                        className="mt-0.5 h-4 w-4"
                        checked={checked}
                        onChange={(event) => choose(question, index, event.target.checked)}
                      />
                      <span>
                        {option}
                        {graded && right ? <span className="ml-1 text-xs text-emerald-700">(correct answer)</span> : null}
                      </span>
                    </label>
                  );
                })}
              </div>
              {graded ? (
                <p className={`mt-2 text-sm ${graded.correct ? "text-emerald-800" : "text-red-800"}`} data-testid="question-result">
                  {graded.correct ? "Correct." : "Not quite."} {graded.explanation}
                </p>
              ) : null}
            </fieldset>
            {/* outside the fieldset, which is disabled once graded: after an attempt it asks for an explanation */}
            <Button variant="ghost" className="text-xs" disabled={mentorBusy} onClick={() => askMentorAboutQuiz({ quizQuestionId: question.id, number: q + 1, attempted: Boolean(result) })} data-testid="quiz-ask-mentor">
              {result ? "Ask the mentor to explain" : "Ask for a hint"}
            </Button>
          </div>
        );
      })}
      {result ? (
        <div role="status" className="rounded-lg bg-brand-50 p-3" data-testid="quiz-score">
          <p className="font-semibold">
            Score: {result.correct} / {result.total} ({Math.round(result.score * 100)}%)
          </p>
          <Button
            variant="secondary"
            className="mt-2"
            onClick={() => {
              grade.reset();
              setAnswers({});
            }}
          >
            Try again
          </Button>
        </div>
      ) : (
        <Button type="submit" disabled={grade.isPending}>
          {grade.isPending ? "Grading…" : "Check my answers"}
        </Button>
      )}
      <p className="text-xs text-slate-500">Quiz version {version ?? "?"}. Unanswered questions count as wrong.</p>
      <InlineError error={grade.error} />
    </form>
  );
}
