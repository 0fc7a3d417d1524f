"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { MentorMessage } from "@/api/types";
import { api, toApiError, unwrap } from "@/client/api";
import { ApiError } from "@/lib/errors";
import { SseParser } from "@/lib/mentor-sse";
import { splitCitations } from "@/lib/sections";
import { type BudgetSpent, MENTOR_BUDGET_KEY, budgetSpentOf } from "./mentor-budget";

/** A message as the panel shows it: the stored one, or one still arriving. */
export type ShownMessage = Pick<MentorMessage, "id" | "role" | "content" | "status" | "checks"> & { hint_level?: number | null; context?: string | null };

export type MentorPreset = "explain" | "another_example" | "simpler" | "test_me";

/** What one ask sends: a question or a preset, optionally about a quiz question; `shown` is the learner's side as the transcript shows it. */
export type MentorRequest = { shown: string; question?: string; preset?: MentorPreset; quizQuestionId?: string };

/**
 * One mentor conversation on a concept: ask (the answer streams in), stop, resume an earlier
 * session. The answer is kept as text; the panel renders it as text. docs/mentor.md.
 */
export function useMentor(roadmapId: string, conceptId: string) {
  const queryClient = useQueryClient();
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [messages, setMessages] = useState<ShownMessage[]>([]);
  const [streamingId, setStreamingId] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [finished, setFinished] = useState(0); // answers finished in this panel: the budget meter refetches after each
  const [announcement, setAnnouncement] = useState(""); // the last finished answer, said once by a polite live region
  const [budgetSpent, setBudgetSpent] = useState<BudgetSpent | null>(null);
  const abort = useRef<AbortController | null>(null);
  const path = { roadmap_id: roadmapId, concept_id: conceptId };

  useEffect(() => () => abort.current?.abort(), []);

  // asking opens again when the day's budget resets
  useEffect(() => {
    if (!budgetSpent) return;
    const timer = window.setTimeout(() => setBudgetSpent(null), Math.max(0, Date.parse(budgetSpent.resetsAt) - Date.now()) + 1_000);
    return () => window.clearTimeout(timer);
  }, [budgetSpent]);

  const replace = (id: string, change: (message: ShownMessage) => ShownMessage) => setMessages((all) => all.map((m) => (m.id === id ? change(m) : m)));

  const ask = useCallback(
    async (request: MentorRequest) => {
      setError(null);
      setAsking(true);
      const controller = new AbortController();
      abort.current = controller;
      const pendingQuestion = `pending-q-${Date.now()}`;
      setMessages((all) => [...all, { id: pendingQuestion, role: "user", content: request.shown, status: "complete", checks: {} }]);
      let answerId: string | null = null;
      let said = "";
      let ended = "stopped";
      try {
        const { data, response, error: body } = await api.POST("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/mentor", {
          params: { path },
          body: {
            ...(request.question ? { question: request.question } : {}),
            ...(request.preset ? { preset: request.preset } : {}),
            ...(request.quizQuestionId ? { quiz_question_id: request.quizQuestionId } : {}),
            ...(sessionId ? { session_id: sessionId } : {}),
          },
          headers: { Accept: "text/event-stream" },
          parseAs: "stream",
          signal: controller.signal,
        });
        if (!response.ok || !data) {
          setMessages((all) => all.filter((m) => m.id !== pendingQuestion));
          const refused: unknown = body ?? (await response.json().catch(() => null));
          const spent = budgetSpentOf(response.status, refused);
          if (spent) {
            setBudgetSpent(spent);
            return;
          }
          throw toApiError(response, refused);
        }
        const reader = (data as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        const parser = new SseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const { event, data: payload } of parser.feed(decoder.decode(value, { stream: true }))) {
            if (event === "start") {
              answerId = String(payload["message_id"]);
              const questionId = String(payload["question_id"]);
              setSessionId(String(payload["session_id"]));
              setStreamingId(answerId);
              const id = answerId;
              const hintLevel = typeof payload["hint_level"] === "number" ? payload["hint_level"] : null;
              const context = typeof payload["context"] === "string" ? payload["context"] : null;
              setMessages((all) => [...all.map((m) => (m.id === pendingQuestion ? { ...m, id: questionId } : m)), { id, role: "assistant", content: "", status: "streaming", checks: {}, hint_level: hintLevel, context }]);
            } else if (event === "token" && answerId) {
              const text = String(payload["text"] ?? "");
              said += text;
              replace(answerId, (m) => ({ ...m, content: m.content + text }));
            } else if (event === "error") {
              setError(new ApiError(502, String(payload["detail"] ?? "The mentor could not answer.")));
            } else if (event === "done" && answerId) {
              const stored = payload as unknown as ShownMessage;
              replace(answerId, (m) => ({ ...m, id: stored.id, role: "assistant", content: stored.content, status: stored.status, checks: stored.checks, hint_level: stored.hint_level ?? m.hint_level ?? null }));
              said = stored.content;
              ended = stored.status;
            }
          }
        }
      } catch (caught) {
        if (!(caught instanceof DOMException && caught.name === "AbortError")) {
          setError(caught instanceof ApiError ? caught : new ApiError(0, "The connection to the mentor was lost."));
        }
        if (answerId) replace(answerId, (m) => (m.status === "streaming" ? { ...m, status: "stopped" } : m));
      } finally {
        if (answerId) {
          setFinished((count) => count + 1);
          setAnnouncement(announce(ended, said));
        }
        setStreamingId(null);
        setAsking(false);
        abort.current = null;
        void queryClient.invalidateQueries({ queryKey: ["mentor-sessions", roadmapId, conceptId] });
        void queryClient.invalidateQueries({ queryKey: MENTOR_BUDGET_KEY });
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- path is built from these
    [roadmapId, conceptId, sessionId, queryClient],
  );

  /** Ask the server to stop (it ends the answer `stopped`, keeping what was sent); the stream then closes. */
  const stop = useCallback(async () => {
    if (!streamingId) {
      abort.current?.abort(); // not started yet: closing the request is the stop
      return;
    }
    const id = streamingId;
    try {
      await unwrap(api.POST("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/mentor/messages/{message_id}/stop", { params: { path: { roadmap_id: roadmapId, concept_id: conceptId, message_id: id } } }));
    } catch {
      abort.current?.abort(); // closing the stream stops it too
    }
  }, [streamingId, roadmapId, conceptId]);

  const resume = useCallback(
    async (id: string) => {
      setError(null);
      try {
        const transcript = await unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/mentor/sessions/{session_id}", { params: { path: { roadmap_id: roadmapId, concept_id: conceptId, session_id: id } } }));
        setSessionId(transcript.session.id);
        setMessages(transcript.messages.map(({ id: mid, role, content, status, checks, hint_level }) => ({ id: mid, role, content, status, checks, hint_level })));
      } catch (caught) {
        setError(caught);
      }
    },
    [roadmapId, conceptId],
  );

  const startOver = useCallback(() => {
    setSessionId(null);
    setMessages([]);
    setError(null);
  }, []);

  return { sessionId, messages, streaming: streamingId !== null, asking, error, finished, announcement, budgetSpent, ask, stop, resume, startOver };
}

function announce(status: string, text: string): string {
  const plain = splitCitations(text)
    .map((part) => (typeof part === "string" ? part : ""))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
  const lead = status === "complete" ? "The mentor answered" : status === "failed" ? "The answer failed" : "The answer was stopped";
  return plain ? `${lead}: ${plain}` : `${lead}.`;
}
