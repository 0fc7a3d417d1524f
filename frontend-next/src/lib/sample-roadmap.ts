import type { RoadmapFramework } from "@/api/types";
import type { MapState } from "./concept-state";

/** A static sample for the front door: what a roadmap looks like, no API call. */
const concept = (id: string, title: string, prerequisites: string[] = []) => ({ concept_id: id, title, description: "", estimated_hours: 2, difficulty: "medium" as const, prerequisites, keywords: [] });

export const SAMPLE_ROADMAP: RoadmapFramework = {
  title: "Rust for embedded work",
  summary: "From ownership to a sensor driver on a microcontroller.",
  total_estimated_hours: 24,
  recommended_weeks: 4,
  stages: [
    {
      stage_id: "foundations",
      title: "Foundations",
      order: 1,
      modules: [
        { module_id: "language", title: "The language", concepts: [concept("ownership", "Ownership"), concept("borrowing", "Borrowing", ["ownership"]), concept("traits", "Traits", ["borrowing"])] },
        { module_id: "tools", title: "Tools", concepts: [concept("cargo", "Cargo and crates"), concept("testing", "Testing", ["cargo"])] },
      ],
    },
    {
      stage_id: "embedded",
      title: "Embedded",
      order: 2,
      modules: [
        { module_id: "bare-metal", title: "Bare metal", concepts: [concept("no-std", "no_std", ["traits"]), concept("hal", "Hardware abstraction", ["no-std"])] },
        { module_id: "project", title: "Project", concepts: [concept("driver", "A sensor driver", ["hal", "testing"]), concept("ship", "Flash and debug", ["driver"])] },
      ],
    },
  ],
};

export const SAMPLE_STATES: ReadonlyMap<string, MapState> = new Map([
  ["ownership", "completed"],
  ["borrowing", "completed"],
  ["cargo", "tested_out"],
  ["traits", "ready"],
  ["testing", "ready"],
  ["no-std", "ready"],
  ["hal", "generating"],
  ["driver", "not_started"],
  ["ship", "not_started"],
]);
