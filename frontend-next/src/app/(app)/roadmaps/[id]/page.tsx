import type { Metadata } from "next";
import { Suspense } from "react";
import { LearningView } from "@/components/learn/learning-view";
import { LoadingState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Roadmap" };

export default async function RoadmapPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState label="Loading the roadmap…" />}>
      <LearningView roadmapId={id} />
    </Suspense>
  );
}
