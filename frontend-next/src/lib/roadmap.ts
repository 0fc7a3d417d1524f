import type { RoadmapOut, RoadmapSummary } from "@/api/types";
import { allConcepts, asFramework } from "./framework";
import type { PaceConcept } from "./pace";

/** The learner's weekly hours, when the roadmap knows them. */
export function weeklyHoursOf(roadmap: RoadmapSummary): number | null {
  return typeof roadmap.weekly_hours === "number" && roadmap.weekly_hours > 0 ? roadmap.weekly_hours : null;
}

/** The roadmap's concepts in reading order with their hours, the learner's marks and what the learner model counts as mastered. */
export function paceConcepts(roadmap: Pick<RoadmapOut, "framework" | "concepts">, mastered: ReadonlySet<string> = new Set()): PaceConcept[] {
  const completed = new Set(roadmap.concepts.filter((c) => c.completed).map((c) => c.concept_id));
  return allConcepts(asFramework(roadmap.framework)).map((concept) => ({
    id: concept.concept_id,
    title: concept.title,
    hours: concept.estimated_hours,
    completed: completed.has(concept.concept_id),
    mastered: mastered.has(concept.concept_id),
  }));
}
