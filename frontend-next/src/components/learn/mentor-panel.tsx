"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { InlineError } from "@/components/ui/states";
import { paragraphsOf, splitCitations } from "@/lib/sections";
import { ASK_MENTOR_EVENT, type QuizAsk, hintLabel, setMentorBusy } from "./ask-mentor";
import { showCitation } from "./cite";
import { MentorAction, actionsOf, saveAnswerAsNote } from "./mentor-actions";
import { BudgetSpentNotice, MentorBudgetMeter } from "./mentor-budget";
import { MentorPresets } from "./mentor-presets";
import { usageText } from "./mentor-usage";
import { type ShownMessage, useMentor } from "./use-mentor";

const QUESTION_MAX = 2000;

/**
 * The mentor beside the open concept: ask, the answer streams in as text with its citations
 * as buttons, stop it, resume an earlier session, carry out a proposed action. docs/web.md.
 */
export function MentorPanel({ roadmapId, conceptId }: { roadmapId: string; conceptId: string }) {
  const mentor = useMentor(roadmapId, conceptId);
  const [question, setQuestion] = useState("");
  const sessions = useQuery({
    queryKey: ["mentor-sessions", roadmapId, conceptId],
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/mentor/sessions", { params: { path: { roadmap_id: roadmapId, concept_id: conceptId } } })),
  });
  const trimmed = question.trim();
  const earlier = (sessions.data?.items ?? []).filter((s) => s.id !== mentor.sessionId);
  const current = sessions.data?.items.find((s) => s.id === mentor.sessionId);
  const panel = useRef<HTMLElement>(null);
  const { asking, ask } = mentor;
  const blocked = asking || mentor.budgetSpent !== null;

  // a quiz question's "Ask for a hint" / "Ask the mentor to explain"
  useEffect(() => {
    const onAsk = (event: Event) => {
      const { quizQuestionId, number, attempted } = (event as CustomEvent<QuizAsk>).detail;
      if (blocked) return;
      panel.current?.scrollIntoView({ block: "nearest" });
      const shown = attempted ? `Explain quiz question ${number}.` : `A hint for quiz question ${number}, please.`;
      void ask({ shown, question: shown, quizQuestionId });
    };
    window.addEventListener(ASK_MENTOR_EVENT, onAsk);
    return () => window.removeEventListener(ASK_MENTOR_EVENT, onAsk);
  }, [blocked, ask]);
  useEffect(() => {
    setMentorBusy(blocked);
    return () => setMentorBusy(false);
  }, [blocked]);

  return (
    <section ref={panel} aria-labelledby="mentor-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid="mentor-panel">
      <div className="flex items-center justify-between gap-2">
        <h2 id="mentor-title" className="font-semibold">
          Mentor
        </h2>
        {mentor.messages.length > 0 && !mentor.asking ? (
          <Button variant="ghost" className="text-xs" onClick={mentor.startOver}>
            New session
          </Button>
        ) : null}
      </div>
      <p className="text-xs text-slate-500">Answers come from this concept&apos;s material and cite it. The mentor changes nothing unless you click an action.</p>
      {current ? (
        <p className="text-xs text-slate-500" data-testid="mentor-session-usage">
          This session: {usageText(current)}
        </p>
      ) : null}
      {earlier.length > 0 ? (
        <details className="text-sm" data-testid="mentor-sessions">
          <summary className="cursor-pointer">Earlier sessions ({earlier.length})</summary>
          <ul className="mt-1 space-y-1">
            {earlier.map((session) => (
              <li key={session.id}>
                <button type="button" className="text-left text-brand-700 underline disabled:opacity-50" disabled={mentor.asking} onClick={() => void mentor.resume(session.id)} data-testid="mentor-session">
                  {session.title || "Untitled session"} <span className="text-xs text-slate-500">
                    · {new Date(session.updated_at).toLocaleString()} · {usageText(session)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {mentor.messages.length > 0 ? (
        <ol className="max-h-[32rem] space-y-3 overflow-y-auto" aria-label="Conversation" data-testid="mentor-transcript">
          {mentor.messages.map((message) => (
            <li key={message.id}>
              {message.role === "user" ? (
                <p className="rounded-md bg-slate-100 p-2 text-sm whitespace-pre-wrap break-words" data-testid="mentor-question">
                  <span className="sr-only">You asked: </span>
                  {message.content}
                </p>
              ) : (
                <Answer roadmapId={roadmapId} conceptId={conceptId} message={message} />
              )}
            </li>
          ))}
        </ol>
      ) : null}
      <MentorBudgetMeter />
      {mentor.budgetSpent ? <BudgetSpentNotice spent={mentor.budgetSpent} /> : null}
      <MentorPresets disabled={blocked} onAsk={(request) => void mentor.ask(request)} />
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (!trimmed || blocked) return;
          setQuestion("");
          void mentor.ask({ shown: trimmed, question: trimmed });
        }}
      >
        <label htmlFor="mentor-question" className="text-sm font-medium">
          {mentor.sessionId ? "Ask a follow-up" : "Ask about this concept"}
        </label>
        <TextArea id="mentor-question" rows={3} maxLength={QUESTION_MAX} value={question} onChange={(event) => setQuestion(event.target.value)} aria-describedby="mentor-question-count" data-testid="mentor-input" />
        <div className="flex items-center justify-between gap-2">
          <span id="mentor-question-count" className="text-xs text-slate-500" data-testid="mentor-count">
            {question.length} / {QUESTION_MAX}
          </span>
          {mentor.asking ? (
            <Button variant="danger" onClick={() => void mentor.stop()} data-testid="mentor-stop">
              Stop
            </Button>
          ) : (
            <Button type="submit" disabled={!trimmed || blocked} data-testid="mentor-ask">
              Ask
            </Button>
          )}
        </div>
      </form>
      <InlineError error={mentor.error} />
      {/* one polite announcement per finished answer, never per token */}
      <p role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="mentor-announcement">
        {mentor.asking ? "" : mentor.announcement}
      </p>
    </section>
  );
}

type ParagraphCheck = { from_material?: unknown };

function Answer({ roadmapId, conceptId, message }: { roadmapId: string; conceptId: string; message: ShownMessage }) {
  const paragraphs = paragraphsOf(message.content);
  const checks = Array.isArray(message.checks["paragraphs"]) ? (message.checks["paragraphs"] as ParagraphCheck[]) : [];
  const labelled = message.status !== "streaming" && checks.length === paragraphs.length;
  const actions = message.status === "complete" ? actionsOf(message.checks) : [];
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-2 text-sm" data-testid="mentor-answer" data-status={message.status}>
      <span className="sr-only">The mentor answered: </span>
      {message.hint_level ? (
        <p className="text-xs font-semibold text-brand-700" data-testid="mentor-hint-level">
          {hintLabel(message.hint_level)}
        </p>
      ) : null}
      {message.context === "short" ? (
        <p className="text-xs text-slate-600" data-testid="mentor-short-context">
          Your mentor budget is low today, so this answer was given a shorter context.
        </p>
      ) : null}
      {paragraphs.length === 0 && message.status === "streaming" ? <p className="text-slate-500">Thinking…</p> : null}
      {paragraphs.map((paragraph, index) => (
        <div key={index} className="space-y-1">
          <p className="whitespace-pre-wrap break-words">
            {splitCitations(paragraph).map((part, at) =>
              typeof part === "string" ? (
                <span key={at}>{part}</span>
              ) : (
                <button key={at} type="button" className="mx-0.5 rounded bg-brand-50 px-1 text-xs text-brand-700 underline" onClick={() => showCitation(part.id)} data-testid="mentor-citation" data-cite={part.id}>
                  {citationLabel(part.kind, part.id)}
                </button>
              ),
            )}
          </p>
          {labelled && checks[index]?.from_material === false ? (
            <p className="text-xs font-medium text-amber-800" data-testid="not-from-material">
              Not from your material
            </p>
          ) : null}
        </div>
      ))}
      {message.status === "stopped" ? (
        <p className="text-xs font-medium text-slate-600" data-testid="answer-stopped">
          Stopped: the answer ends here.
        </p>
      ) : null}
      {message.status === "failed" ? <p className="text-xs font-medium text-red-700">This answer failed.</p> : null}
      {message.status !== "streaming" && message.content.trim() ? (
        <div className="flex flex-wrap gap-2">
          {actions.map((action) => (
            <MentorAction key={action.type} roadmapId={roadmapId} conceptId={conceptId} messageId={message.id} content={message.content} action={action} />
          ))}
          {actions.some((a) => a.type === "save_note") ? null : <SaveAsNote roadmapId={roadmapId} conceptId={conceptId} message={message} />}
        </div>
      ) : null}
    </div>
  );
}

function citationLabel(kind: string, id: string): string {
  return kind === "section" ? `§ ${id === "sec-intro" ? "introduction" : id.slice(4).replace(/-/g, " ")}` : kind === "resource" ? "resource" : kind === "quiz" ? "quiz question" : kind === "note" ? "your note" : "source";
}

function SaveAsNote({ roadmapId, conceptId, message }: { roadmapId: string; conceptId: string; message: ShownMessage }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => saveAnswerAsNote(roadmapId, conceptId, message.id, message.content),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["notes", roadmapId] }),
  });
  return (
    <div className="space-y-1">
      <Button variant="secondary" className="text-xs" onClick={() => save.mutate()} disabled={save.isPending || save.isSuccess} data-testid="mentor-save-note">
        Save this answer as a note
      </Button>
      {save.isSuccess ? (
        <p role="status" className="text-xs text-green-800" data-testid="mentor-action-done">
          Saved as a note.
        </p>
      ) : null}
      <InlineError error={save.error} />
    </div>
  );
}
