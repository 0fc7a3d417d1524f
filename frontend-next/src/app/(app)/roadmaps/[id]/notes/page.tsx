import type { Metadata } from "next";
import { NotesPage } from "@/components/learn/notes-page";

export const metadata: Metadata = { title: "Notes" };

export default async function RoadmapNotesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <NotesPage roadmapId={id} />;
}
