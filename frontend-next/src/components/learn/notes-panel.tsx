"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { InlineError, LoadingState } from "@/components/ui/states";
import { NOTE_MAX, NoteItem, notesKey, useNotes } from "./note-item";

/** The learner's notes on this roadmap: shown as text, written, edited and deleted here. docs/web.md. */
export function NotesPanel({ roadmapId, conceptId, titles }: { roadmapId: string; conceptId: string | null; titles: ReadonlyMap<string, string> }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState("");
  const notes = useNotes(roadmapId);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/roadmaps/{roadmap_id}/notes", { params: { path: { roadmap_id: roadmapId } }, body: { body: draft.trim(), ...(conceptId ? { concept_id: conceptId } : {}) } })),
    onSuccess: () => {
      setDraft("");
      void queryClient.invalidateQueries({ queryKey: notesKey(roadmapId) });
    },
  });
  const items = notes.data?.items ?? [];
  return (
    <section aria-labelledby="notes-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid="notes-panel">
      <h2 id="notes-title" className="font-semibold">
        My notes <span className="text-sm font-normal text-slate-500">({items.length})</span>
      </h2>
      {notes.isPending ? <LoadingState label="Loading your notes…" /> : null}
      <InlineError error={notes.error} />
      {items.length === 0 && notes.isSuccess ? <p className="text-sm text-slate-500">No notes yet. Write one below, or save a mentor answer.</p> : null}
      <ul className="max-h-[28rem] space-y-2 overflow-y-auto" data-testid="notes-list">
        {items.map((note) => (
          <NoteItem key={note.id} roadmapId={roadmapId} note={note} context={note.concept_id ? titles.get(note.concept_id) : "Whole roadmap"} />
        ))}
      </ul>
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim()) create.mutate();
        }}
      >
        <label htmlFor="note-new" className="text-sm font-medium">
          New note{conceptId && titles.get(conceptId) ? ` on ${titles.get(conceptId)}` : ""}
        </label>
        <TextArea id="note-new" rows={3} maxLength={NOTE_MAX} value={draft} onChange={(event) => setDraft(event.target.value)} data-testid="note-new" />
        <div className="flex items-center justify-between gap-2">
          <span className="text-xs text-slate-500">
            {draft.length} / {NOTE_MAX}
          </span>
          <Button type="submit" disabled={!draft.trim() || create.isPending} data-testid="note-add">
            Add note
          </Button>
        </div>
        <InlineError error={create.error} />
      </form>
    </section>
  );
}
