import type { RoadmapFramework } from "@/api/types";
import type { MapState } from "@/lib/concept-state";

/** What a page hands the map and its list twin. */
export type MapProps = {
  framework: RoadmapFramework;
  states: ReadonlyMap<string, MapState>;
  /** a short note drawn on a node: "new", "edited", "2 issues" */
  notes?: ReadonlyMap<string, string>;
  current?: string | null;
  /** a concept opens as a link… */
  hrefFor?: (conceptId: string) => string;
  /** …or by a callback (the review focuses the tree row) */
  onOpen?: (conceptId: string) => void;
  /** "fit" shows the whole roadmap; "current" starts on the current concept */
  start?: "fit" | "current";
};
