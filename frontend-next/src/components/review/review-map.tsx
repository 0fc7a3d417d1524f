"use client";
import { useMemo, useState } from "react";
import type { RoadmapFramework } from "@/api/types";
import { MapPanel } from "@/components/map/map-panel";
import { Card } from "@/components/ui/card";
import { Segmented } from "@/components/ui/segmented";
import type { MapState } from "@/lib/concept-state";
import type { ConceptChange } from "@/lib/diff";
import { conceptPaths, pathKey } from "@/lib/framework";
import type { Issue } from "@/lib/validation";

const SHOWN = ["draft", "proposal"] as const;
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
  const [shown, setShown] = useState<(typeof SHOWN)[number]>("draft");
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
        <Segmented label="Which roadmap the map shows" options={SHOWN} value={shown} onChange={setShown} labelOf={(option) => (option === "draft" ? "Your draft" : "The proposal")} />
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
