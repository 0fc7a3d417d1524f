"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { ContentType } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextArea } from "@/components/ui/field";
import { InlineError } from "@/components/ui/states";

const TYPES: ContentType[] = ["tutorial", "resources", "quiz"];

/** Regenerate a concept's content with instructions; the current version stays readable meanwhile. */
export function RegenerateButton({ roadmapId, conceptId, onStarted }: { roadmapId: string; conceptId: string; onStarted: (taskId: string) => void }) {
  const [open, setOpen] = useState(false);
  const [types, setTypes] = useState<ContentType[]>(["tutorial"]);
  const [instructions, setInstructions] = useState("");
  const start = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/regenerate", {
          params: { path: { roadmap_id: roadmapId, concept_id: conceptId } },
          body: { content_types: types, ...(instructions.trim() ? { instructions: instructions.trim() } : {}) },
        }),
      ),
    onSuccess: (accepted) => {
      setOpen(false);
      onStarted(accepted.task_id);
    },
  });
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Regenerate…
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Regenerate this concept" description="New versions are written beside the current ones; your completion mark stays.">
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate();
          }}
        >
          <fieldset>
            <legend className="text-sm font-medium">What to regenerate</legend>
            <div className="mt-1 flex flex-wrap gap-4">
              {TYPES.map((type) => (
                <label key={type} className="flex items-center gap-2 text-sm capitalize">
                  <input
                    type="checkbox"
                    className="h-4 w-4"
                    checked={types.includes(type)}
                    onChange={(event) => setTypes((current) => (event.target.checked ? [...current, type] : current.filter((t) => t !== type)))}
                  />
                  {type}
                </label>
              ))}
            </div>
          </fieldset>
          <Field id="regenerate-instructions" label="Instructions (optional)" hint="For example: more examples, less theory.">
            <TextArea id="regenerate-instructions" rows={3} maxLength={2000} value={instructions} onChange={(event) => setInstructions(event.target.value)} />
          </Field>
          <InlineError error={start.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Close
            </Button>
            <Button type="submit" disabled={start.isPending || types.length === 0}>
              {start.isPending ? "Starting…" : "Regenerate"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export function RegenerationNotice({ taskId }: { taskId: string }) {
  return (
    <p role="status" className="rounded-md bg-brand-50 p-2 text-sm text-brand-700" data-testid="regeneration-notice">
      Regenerating… the current version stays readable.{" "}
      <Link href={`/tasks/${taskId}`} className="underline">
        Watch the task
      </Link>
    </p>
  );
}
