"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/states";
import { NOTE_MAX } from "./note-item";
import { announceRegeneration } from "./regeneration-event";

type Action = { type: string; label: string; body: Record<string, unknown> };

/** The actions an answer proposes, typed from its checks (anything unknown is left out). */
export function actionsOf(checks: Record<string, unknown>): Action[] {
  const raw = Array.isArray(checks["actions"]) ? (checks["actions"] as unknown[]) : [];
  return raw.flatMap((item) => {
    if (!item || typeof item !== "object") return [];
    const { type, label, body } = item as Record<string, unknown>;
    if (typeof type !== "string" || !["regenerate_tutorial", "mark_complete", "save_note"].includes(type)) return [];
    return [{ type, label: typeof label === "string" ? label : type, body: body && typeof body === "object" ? (body as Record<string, unknown>) : {} }];
  });
}

type Done = { text: string; taskId?: string };

/**
 * One proposed action: nothing happens until it is clicked, and then only the existing route
 * runs (regenerate, progress, notes), with a sentence saying what it did.
 */
export function MentorAction({ roadmapId, conceptId, messageId, content, action }: { roadmapId: string; conceptId: string; messageId: string; content: string; action: Action }) {
  const queryClient = useQueryClient();
  const path = { roadmap_id: roadmapId, concept_id: conceptId };
  const run = useMutation({
    mutationFn: async (): Promise<Done> => {
      if (action.type === "regenerate_tutorial") {
        const instructions = typeof action.body["instructions"] === "string" ? action.body["instructions"].slice(0, 2000) : undefined;
        const accepted = await unwrap(api.POST("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/regenerate", { params: { path }, body: { content_types: ["tutorial"], ...(instructions ? { instructions } : {}) } }));
        return { text: "Regeneration started; the current tutorial stays readable meanwhile.", taskId: accepted.task_id };
      }
      if (action.type === "mark_complete") {
        await unwrap(api.PUT("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/progress", { params: { path }, body: { completed: true } }));
        return { text: "Marked this concept complete." };
      }
      await saveAnswerAsNote(roadmapId, conceptId, messageId, content);
      return { text: "Saved as a note." };
    },
    onSuccess: (done) => {
      if (done.taskId) announceRegeneration(done.taskId);
      for (const key of [["concept", roadmapId, conceptId], ["roadmap", roadmapId], ["notes", roadmapId]]) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <div className="space-y-1">
      <Button variant="secondary" className="text-xs" onClick={() => run.mutate()} disabled={run.isPending || run.isSuccess} data-testid={`mentor-action-${action.type}`}>
        {action.label}
      </Button>
      {action.type === "regenerate_tutorial" && typeof action.body["instructions"] === "string" ? <p className="text-xs text-slate-500">Instructions: {action.body["instructions"]}</p> : null}
      {run.data ? (
        <p role="status" className="text-xs text-green-800" data-testid="mentor-action-done">
          {run.data.text}{" "}
          {run.data.taskId ? (
            <Link href={`/tasks/${run.data.taskId}`} className="underline">
              Watch the task
            </Link>
          ) : null}
        </p>
      ) : null}
      <InlineError error={run.error} />
    </div>
  );
}

export function saveAnswerAsNote(roadmapId: string, conceptId: string, messageId: string, content: string) {
  return unwrap(
    api.POST("/api/v1/roadmaps/{roadmap_id}/notes", {
      params: { path: { roadmap_id: roadmapId } },
      body: { body: content.trim().slice(0, NOTE_MAX), concept_id: conceptId, source_message_id: messageId },
    }),
  );
}
