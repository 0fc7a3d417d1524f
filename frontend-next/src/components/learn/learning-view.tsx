"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { api, unwrap } from "@/client/api";
import { usePageTitle } from "@/client/document-title";
import { MapPanel } from "@/components/map/map-panel";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { statesFromSummaries } from "@/lib/concept-state";
import { allConcepts, asFramework } from "@/lib/framework";
import { ConceptNavigator } from "./concept-navigator";
import { ConceptPanel } from "./concept-panel";
import { MentorPanel } from "./mentor-panel";
import { NotesPanel } from "./notes-panel";
import { PaceCard } from "./pace-card";
import { RoadmapToolbar } from "./roadmap-toolbar";
import { useMastery } from "./use-mastery";

/** The learning view: navigator, the selected concept, progress and pace, export and share. */
export function LearningView({ roadmapId }: { roadmapId: string }) {
  const selectedParam = useSearchParams().get("concept");
  const roadmap = useQuery({
    queryKey: ["roadmap", roadmapId],
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}", { params: { path: { roadmap_id: roadmapId } } })),
    refetchInterval: (query) => (query.state.data?.concepts.some((c) => Object.values(c.content).some((s) => s.status === "generating" || s.status === "pending")) ? 4_000 : false),
  });
  // the named concept loads beside the roadmap, not after it
  useQuery({
    queryKey: ["concept", roadmapId, selectedParam],
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}", { params: { path: { roadmap_id: roadmapId, concept_id: selectedParam! } } })),
    enabled: selectedParam !== null,
  });
  const { mastered } = useMastery(roadmapId);
  const [navigatorOpen, setNavigatorOpen] = useState(false);
  const concepts = roadmap.data?.concepts;
  const states = useMemo(() => statesFromSummaries(concepts ?? []), [concepts]);
  const rawFramework = roadmap.data?.framework;
  const framework = useMemo(() => (rawFramework ? asFramework(rawFramework) : null), [rawFramework]);
  const selectedTitle = concepts?.find((c) => c.concept_id === selectedParam)?.title ?? concepts?.find((c) => !c.completed)?.title;
  usePageTitle(roadmap.data ? (selectedTitle ? `${selectedTitle} · ${roadmap.data.title}` : roadmap.data.title) : null);
  const titles = useMemo(() => new Map((concepts ?? []).map((c) => [c.concept_id, c.title])), [concepts]);
  const hrefFor = useCallback((conceptId: string) => `/roadmaps/${roadmapId}?concept=${encodeURIComponent(conceptId)}`, [roadmapId]);
  if (roadmap.isPending) return <LoadingState label="Loading the roadmap…" />;
  if (roadmap.isError) return <ErrorState error={roadmap.error} onRetry={() => roadmap.refetch()} notFoundHint={<Link href="/dashboard" className="underline">Back to your dashboard</Link>} />;
  const data = roadmap.data;
  if (!framework) return <LoadingState label="Loading the roadmap…" />;
  const selected = selectedParam && data.concepts.some((c) => c.concept_id === selectedParam) ? selectedParam : (data.concepts.find((c) => !c.completed) ?? data.concepts[0])?.concept_id ?? null;
  const ordered = allConcepts(framework);
  const index = ordered.findIndex((c) => c.concept_id === selected);
  const [previous, next] = [ordered[index - 1], index >= 0 ? ordered[index + 1] : undefined];
  const navigator = <ConceptNavigator roadmapId={roadmapId} framework={framework} concepts={data.concepts} selected={selected} />;

  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold break-words" data-testid="roadmap-title">
          {data.title}
        </h1>
        {data.summary ? <p className="text-slate-700">{data.summary}</p> : null}
        <RoadmapToolbar roadmap={data} />
      </div>
      <details className="no-print rounded-lg border border-slate-200 bg-white p-3 sm:p-4" open data-testid="learning-map">
        <summary className="cursor-pointer font-medium">Roadmap map</summary>
        <div className="mt-3">
          <MapPanel framework={framework} states={states} current={selected} hrefFor={hrefFor} start="current" />
        </div>
      </details>
      <div className="grid gap-5 lg:grid-cols-[18rem_1fr] 2xl:grid-cols-[18rem_1fr_24rem]">
        <aside className="space-y-4">
          <PaceCard roadmap={data} mastered={mastered} />
          <details className="rounded-lg border border-slate-200 bg-white p-3 lg:hidden" onToggle={(event) => setNavigatorOpen(event.currentTarget.open)}>
            <summary className="cursor-pointer font-medium">All concepts</summary>
            {/* drawn once opened: a second copy of 150 links would slow the first paint */}
            {navigatorOpen ? <div className="mt-2">{navigator}</div> : null}
          </details>
          <div className="hidden rounded-lg border border-slate-200 bg-white p-3 lg:block">{navigator}</div>
        </aside>
        <section className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          {selected ? <ConceptPanel key={selected} roadmapId={roadmapId} conceptId={selected} testedOut={data.concepts.find((c) => c.concept_id === selected)?.tested_out === true} next={next ? { href: hrefFor(next.concept_id), title: next.title } : undefined} /> : <EmptyState title="This roadmap has no concepts" />}
          {previous || next ? (
            <nav aria-label="Previous and next concept" className="no-print mt-6 flex flex-wrap justify-between gap-3 border-t border-slate-100 pt-4 text-sm">
              {previous ? (
                <Link href={`/roadmaps/${roadmapId}?concept=${encodeURIComponent(previous.concept_id)}`} className="text-brand-700 hover:underline">
                  ← {previous.title}
                </Link>
              ) : (
                <span />
              )}
              {next ? (
                <Link href={`/roadmaps/${roadmapId}?concept=${encodeURIComponent(next.concept_id)}`} className="text-right text-brand-700 hover:underline">
                  {next.title} →
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>
        <aside className="no-print min-w-0 space-y-4 lg:col-start-2 2xl:col-start-auto" aria-label="Mentor and notes">
          {selected ? <MentorPanel key={selected} roadmapId={roadmapId} conceptId={selected} /> : null}
          <NotesPanel roadmapId={roadmapId} conceptId={selected} titles={titles} />
        </aside>
      </div>
    </div>
  );
}
