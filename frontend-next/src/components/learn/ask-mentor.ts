"use client";
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
