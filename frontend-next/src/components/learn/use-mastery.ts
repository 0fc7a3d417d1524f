"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, unwrap } from "@/client/api";

export const masteryKey = (roadmapId: string) => ["mastery", roadmapId] as const;

export function masteryQuery(roadmapId: string) {
  return {
    queryKey: masteryKey(roadmapId),
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/{roadmap_id}/mastery", { params: { path: { roadmap_id: roadmapId } } })),
  };
}

/** The learner model of one roadmap, and the ids it counts as mastered (for the pace plan). */
export function useMastery(roadmapId: string) {
  const mastery = useQuery(masteryQuery(roadmapId));
  const items = mastery.data?.items;
  const mastered = useMemo(() => new Set((items ?? []).filter((item) => item.mastered).map((item) => item.concept_id)), [items]);
  return { mastery, mastered };
}
