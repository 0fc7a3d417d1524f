"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Note } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { InlineError, LoadingState } from "@/components/ui/states";

const NOTE_MAX = 10_000;

/** The learner's notes on this roadmap: shown as text, written, edited and deleted here. docs/web.md. */
export function NotesPanel({ roadmapId, conceptId, titles }: { roadmapId: string; conceptId: string | null; titles: ReadonlyMap<string, string> }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState("");
  const notes = useQuery({
    queryKey: ["notes", roadmapId],
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}/notes", { params: { path: { roadmap_id: roadmapId } } })),
  });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/roadmaps/{roadmap_id}/notes", { params: { path: { roadmap_id: roadmapId } }, body: { body: draft.trim(), ...(conceptId ? { concept_id: conceptId } : {}) } })),
    onSuccess: () => {
      setDraft("");
      void queryClient.invalidateQueries({ queryKey: ["notes", roadmapId] });
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
          <NoteItem key={note.id} roadmapId={roadmapId} note={note} conceptTitle={note.concept_id ? titles.get(note.concept_id) : undefined} />
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

function NoteItem({ roadmapId, note, conceptTitle }: { roadmapId: string; note: Note; conceptTitle: string | undefined }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const path = { roadmap_id: roadmapId, note_id: note.id };
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["notes", roadmapId] });
  const save = useMutation({
    mutationFn: (body: string) => unwrap(api.PUT("/api/v1/roadmaps/{roadmap_id}/notes/{note_id}", { params: { path }, body: { body } })),
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/roadmaps/{roadmap_id}/notes/{note_id}", { params: { path } })),
    onSuccess: refresh,
  });
  return (
    <li className="space-y-1 rounded-md border border-slate-200 p-2 text-sm" data-testid="note" data-note-id={note.id}>
      <p className="text-xs text-slate-500">
        {conceptTitle ?? "Whole roadmap"}
        {note.source_message_id ? " · from the mentor" : ""} · {new Date(note.updated_at).toLocaleDateString()}
      </p>
      {editing !== null ? (
        <form
          className="space-y-1"
          onSubmit={(event) => {
            event.preventDefault();
            if (editing.trim()) save.mutate(editing.trim());
          }}
        >
          <label htmlFor={`note-edit-${note.id}`} className="sr-only">
            Edit the note
          </label>
          <TextArea id={`note-edit-${note.id}`} rows={4} maxLength={NOTE_MAX} value={editing} onChange={(event) => setEditing(event.target.value)} data-testid="note-edit" />
          <div className="flex gap-2">
            <Button type="submit" className="text-xs" disabled={!editing.trim() || save.isPending} data-testid="note-save">
              Save
            </Button>
            <Button variant="ghost" className="text-xs" onClick={() => setEditing(null)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <p className="whitespace-pre-wrap break-words" data-testid="note-body">
          {note.body}
        </p>
      )}
      {editing === null ? (
        <div className="flex gap-2">
          <Button variant="ghost" className="text-xs" onClick={() => setEditing(note.body)} data-testid="note-edit-start">
            Edit
          </Button>
          {confirming ? (
            <>
              <Button variant="danger" className="text-xs" onClick={() => remove.mutate()} disabled={remove.isPending} data-testid="note-delete-confirm">
                Delete for good
              </Button>
              <Button variant="ghost" className="text-xs" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button variant="ghost" className="text-xs" onClick={() => setConfirming(true)} data-testid="note-delete">
              Delete
            </Button>
          )}
        </div>
      ) : null}
      <InlineError error={save.error ?? remove.error} />
    </li>
  );
}
