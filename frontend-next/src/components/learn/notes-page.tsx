"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Note } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { usePageTitle } from "@/client/document-title";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { NoteItem, useNotes } from "./note-item";

type Group = { conceptId: string | null; title: string; notes: Note[] };

/** The notes grouped by concept in the roadmap's order; notes on the whole roadmap come last. */
function groupByConcept(notes: Note[], concepts: { concept_id: string; title: string }[]): Group[] {
  const groups: Group[] = concepts.map((c) => ({ conceptId: c.concept_id, title: c.title, notes: notes.filter((n) => n.concept_id === c.concept_id) }));
  groups.push({ conceptId: null, title: "The whole roadmap", notes: notes.filter((n) => !n.concept_id || !concepts.some((c) => c.concept_id === n.concept_id)) });
  return groups.filter((g) => g.notes.length > 0);
}

/** Every note of one roadmap, by concept, edited and deleted here. docs/web.md, "Notes page". */
export function NotesPage({ roadmapId }: { roadmapId: string }) {
  const roadmap = useQuery({
    queryKey: ["roadmap", roadmapId],
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}", { params: { path: { roadmap_id: roadmapId } } })),
  });
  const notes = useNotes(roadmapId);
  usePageTitle(roadmap.data ? `Notes · ${roadmap.data.title}` : null);
  const back = `/roadmaps/${roadmapId}`;
  const failed = roadmap.error ?? notes.error;
  if (failed) {
    return <ErrorState error={failed} onRetry={() => void Promise.all([roadmap.refetch(), notes.refetch()])} notFoundHint={<Link href="/dashboard" className="underline">Back to your dashboard</Link>} />;
  }
  if (!roadmap.data || !notes.data) return <LoadingState label="Loading your notes…" />;
  const groups = groupByConcept(notes.data.items, roadmap.data.concepts);
  return (
    <div className="space-y-5" data-testid="notes-page">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold break-words">My notes</h1>
        <p className="text-slate-700">
          On <Link href={back} className="text-brand-700 underline">{roadmap.data.title}</Link> · {notes.data.items.length} {notes.data.items.length === 1 ? "note" : "notes"}
        </p>
      </div>
      {groups.length === 0 ? (
        <EmptyState title="No notes yet" action={<Link href={back} className="text-brand-700 underline">Back to the roadmap</Link>}>
          Write one beside a concept, or save a mentor answer as a note.
        </EmptyState>
      ) : null}
      {groups.map((group) => (
        <section key={group.conceptId ?? "roadmap"} aria-labelledby={`notes-${group.conceptId ?? "roadmap"}`} className="space-y-2" data-testid="notes-group">
          <h2 id={`notes-${group.conceptId ?? "roadmap"}`} className="font-semibold">
            {group.conceptId ? (
              <Link href={`${back}?concept=${encodeURIComponent(group.conceptId)}`} className="text-brand-700 hover:underline">
                {group.title}
              </Link>
            ) : (
              group.title
            )}
          </h2>
          <ul className="space-y-2" data-testid="notes-list">
            {group.notes.map((note) => (
              <NoteItem key={note.id} roadmapId={roadmapId} note={note} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
