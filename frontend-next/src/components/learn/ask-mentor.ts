"use client";
import { useSyncExternalStore } from "react";
/** Something outside the mentor panel (a quiz question) asks the mentor; the open panel takes it up. */
export const ASK_MENTOR_EVENT = "waymark:ask-mentor";

export type QuizAsk = { quizQuestionId: string; number: number; attempted: boolean };

export function askMentorAboutQuiz(ask: QuizAsk): void {
  window.dispatchEvent(new CustomEvent<QuizAsk>(ASK_MENTOR_EVENT, { detail: ask }));
}

const RUNGS: Record<number, string> = { 1: "a nudge", 2: "a targeted hint", 3: "a worked example" };

/** "Hint 2 of 3: a targeted hint": which rung of the hint ladder an answer is. */
export function hintLabel(level: number): string {
  return `Hint ${level} of 3: ${RUNGS[level] ?? "a hint"}`;
}

// whether the open panel can take a question now (not while an answer streams or the budget is spent)
let busy = false;
const listeners = new Set<() => void>();

export function setMentorBusy(value: boolean): void {
  if (busy === value) return;
  busy = value;
  listeners.forEach((listener) => listener());
}

/** True while the mentor cannot take a question: the quiz's buttons are off meanwhile. */
export function useMentorBusy(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => busy,
    () => false,
  );
}
