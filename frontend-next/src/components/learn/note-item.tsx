"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Note } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { InlineError } from "@/components/ui/states";

export const NOTE_MAX = 10_000;

export const notesKey = (roadmapId: string) => ["notes", roadmapId] as const;

/** Every note of a roadmap (the notes panel and the notes page share this query). */
export function useNotes(roadmapId: string) {
  return useQuery({
    queryKey: notesKey(roadmapId),
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}/notes", { params: { path: { roadmap_id: roadmapId } } })),
  });
}

/** One note, shown as text, edited and deleted in place; `context` (its concept's title) leads its line when given. */
export function NoteItem({ roadmapId, note, context }: { roadmapId: string; note: Note; context?: string | undefined }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const path = { roadmap_id: roadmapId, note_id: note.id };
  const refresh = () => void queryClient.invalidateQueries({ queryKey: notesKey(roadmapId) });
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
        {[context, note.source_message_id ? "from the mentor" : null, new Date(note.updated_at).toLocaleDateString()].filter(Boolean).join(" · ")}
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
