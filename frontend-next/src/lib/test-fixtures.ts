import type { RoadmapFramework, TaskEvent } from "@/api/types";

/** A small framework: 2 stages, 3 modules, 5 concepts, each requiring the one before. */
export function sampleFramework(): RoadmapFramework {
  const concept = (id: string, title: string, hours: number, prerequisites: string[] = []) => ({
    concept_id: id,
    title,
    description: "",
    estimated_hours: hours,
    difficulty: "medium" as const,
    prerequisites,
    keywords: [],
  });
  return {
    title: "Rust roadmap",
    summary: "",
    total_estimated_hours: 10,
    recommended_weeks: 2,
    stages: [
      {
        stage_id: "s1",
        title: "Foundations",
        order: 1,
        modules: [
          { module_id: "s1m1", title: "Basics", concepts: [concept("c1", "Ownership", 2), concept("c2", "Borrowing", 2, ["c1"])] },
          { module_id: "s1m2", title: "Types", concepts: [concept("c3", "Traits", 2, ["c2"])] },
        ],
      },
      {
        stage_id: "s2",
        title: "Practice",
        order: 2,
        modules: [{ module_id: "s2m1", title: "Projects", concepts: [concept("c4", "CLI tool", 2, ["c3"]), concept("c5", "Web server", 2, ["c4"])] }],
      },
    ],
  };
}

export function event(id: string, type: TaskEvent["type"], extra: Partial<TaskEvent> = {}): TaskEvent {
  return { id, task_id: "t1", type, step: null, message: "", level: "info", data: {}, created_at: null, ...extra };
}

/** A simulator-shaped framework: `stages` × `modules` × `concepts`, one chain of prerequisites. */
export function chainFramework(stages: number, modules: number, concepts: number): RoadmapFramework {
  let previous: string | null = null;
  let index = 0;
  return {
    title: "Big roadmap",
    summary: "",
    total_estimated_hours: stages * modules * concepts,
    recommended_weeks: 10,
    stages: Array.from({ length: stages }, (_, s) => ({
      stage_id: `s${s + 1}`,
      title: `Stage ${s + 1}`,
      order: s + 1,
      modules: Array.from({ length: modules }, (_, m) => ({
        module_id: `s${s + 1}m${m + 1}`,
        title: `Module ${m + 1}`,
        concepts: Array.from({ length: concepts }, () => {
          index += 1;
          const id = `c${index}`;
          const concept = { concept_id: id, title: `Concept ${index}`, description: "", estimated_hours: 1, difficulty: "medium" as const, prerequisites: previous ? [previous] : [], keywords: [] };
          previous = id;
          return concept;
        }),
      })),
    })),
  };
}
