"use client";
import { useMemo, useState } from "react";
import type { RoadmapFramework } from "@/api/types";
import { MapPanel } from "@/components/map/map-panel";
import { Card } from "@/components/ui/card";
import type { MapState } from "@/lib/concept-state";
import type { ConceptChange } from "@/lib/diff";
import { conceptPaths, pathKey } from "@/lib/framework";
import type { Issue } from "@/lib/validation";

const NO_STATES: ReadonlyMap<string, MapState> = new Map();
const CHANGE_NOTE: Record<ConceptChange["kind"], string> = { added: "new", changed: "edited", removed: "removed" };

/** The proposal and the learner's draft as maps; a node of the draft opens its row in the tree. */
export function ReviewMap({
  proposal,
  draft,
  issues,
  changes,
  onOpen,
}: {
  proposal: RoadmapFramework;
  draft: RoadmapFramework;
  issues: ReadonlyMap<string, Issue[]>;
  changes: ReadonlyMap<string, ConceptChange>;
  onOpen: (conceptId: string) => void;
}) {
  const [shown, setShown] = useState<"draft" | "proposal">("draft");
  const notes = useMemo(() => {
    const notes = new Map<string, string>();
    for (const { path, concept } of conceptPaths(draft)) {
      const parts = [];
      const change = changes.get(concept.concept_id);
      if (change) parts.push(CHANGE_NOTE[change.kind]);
      const count = issues.get(pathKey(path))?.length ?? 0;
      if (count) parts.push(`${count} issue${count === 1 ? "" : "s"}`);
      if (parts.length) notes.set(concept.concept_id, parts.join(" · "));
    }
    return notes;
  }, [draft, changes, issues]);
  return (
    <Card
      title="Map"
      actions={
        <div role="group" aria-label="Which roadmap the map shows" className="flex rounded-md border border-slate-300 text-xs">
          {(["draft", "proposal"] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={shown === option}
              onClick={() => setShown(option)}
              className={`px-2.5 py-1 first:rounded-l-md last:rounded-r-md ${shown === option ? "bg-accent text-on-accent" : "bg-white text-slate-700 hover:bg-slate-100"}`}
            >
              {option === "draft" ? "Your draft" : "The proposal"}
            </button>
          ))}
        </div>
      }
    >
      {shown === "draft" ? (
        <MapPanel key="draft" framework={draft} states={NO_STATES} notes={notes} onOpen={onOpen} height="h-[22rem]" />
      ) : (
        <MapPanel key="proposal" framework={proposal} states={NO_STATES} height="h-[22rem]" />
      )}
    </Card>
  );
}
