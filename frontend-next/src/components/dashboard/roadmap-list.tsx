"use client";
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api, unwrap } from "@/client/api";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { ProgressBar } from "@/components/ui/status";
import { pacePlan, thisWeekSummary } from "@/lib/pace";
import { paceConcepts, weeklyHoursOf } from "@/lib/roadmap";
import { masteryQuery } from "@/components/learn/use-mastery";
import { PAGE_SIZE, Pager } from "./pager";

const WITH_PLAN = 6; // the newest roadmaps get their week's plan (one request each)

export function RoadmapList() {
  const [offset, setOffset] = useState(0);
  const roadmaps = useQuery({
    queryKey: ["roadmaps", offset],
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps", { params: { query: { limit: PAGE_SIZE, offset } } })),
    placeholderData: keepPreviousData,
  });
  const details = useQueries({
    queries: (roadmaps.data?.items ?? []).slice(0, WITH_PLAN).map((roadmap) => ({
      queryKey: ["roadmap", roadmap.id],
      queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}", { params: { path: { roadmap_id: roadmap.id } } })),
    })),
  });
  // mastered concepts leave the week's plan here too
  const masteries = useQueries({ queries: (roadmaps.data?.items ?? []).slice(0, WITH_PLAN).map((roadmap) => masteryQuery(roadmap.id)) });

  return (
    <Card title="My roadmaps">
      {roadmaps.isPending ? (
        <LoadingState label="Loading your roadmaps…" />
      ) : roadmaps.isError ? (
        <ErrorState error={roadmaps.error} onRetry={() => roadmaps.refetch()} />
      ) : roadmaps.data.items.length === 0 ? (
        <EmptyState
          title="No roadmaps yet"
          action={
            <Link href="/new" className={buttonClass("primary")}>
              Create your first roadmap
            </Link>
          }
        >
          Say what you want to learn; Waymark designs a roadmap, you review it, then it writes the tutorials, resources and quizzes.
        </EmptyState>
      ) : (
        <>
        <ul className="divide-y divide-slate-100" aria-label="Roadmaps">
          {roadmaps.data.items.map((roadmap, index) => {
            const detail = index < WITH_PLAN ? details[index]?.data : undefined;
            const masteryItems = index < WITH_PLAN ? masteries[index]?.data?.items : undefined;
            const mastered = new Set((masteryItems ?? []).filter((item) => item.mastered).map((item) => item.concept_id));
            const week = detail ? thisWeekSummary(pacePlan(paceConcepts(detail, mastered), weeklyHoursOf(roadmap))) : null;
            return (
              <li key={roadmap.id} className="py-3" data-testid="roadmap-row">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link href={`/roadmaps/${roadmap.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {roadmap.title}
                  </Link>
                  <span className="text-sm text-slate-600" data-testid="roadmap-progress">
                    {roadmap.progress.percent}% · {roadmap.progress.completed}/{roadmap.progress.concepts} concepts
                  </span>
                </div>
                <div className="mt-2">
                  <ProgressBar value={roadmap.progress.percent} label={`Progress of ${roadmap.title}`} />
                </div>
                {week ? <p className="mt-2 text-sm text-slate-700">{week}</p> : null}
              </li>
            );
          })}
        </ul>
        <Pager offset={offset} total={roadmaps.data.total} onOffset={setOffset} label="roadmaps" />
        </>
      )}
    </Card>
  );
}
