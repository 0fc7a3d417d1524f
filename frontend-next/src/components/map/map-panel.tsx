"use client";
import dynamic from "next/dynamic";
import { useEffect, useMemo, useState } from "react";
import { allConcepts } from "@/lib/framework";
import { countStates, MAP_STATES, STATE_LABELS, STATE_MARKS } from "@/lib/concept-state";
import { Segmented } from "@/components/ui/segmented";
import { ConceptList } from "./concept-list";
import { STATE_SWATCHES } from "./styles";
import type { MapProps } from "./types";

// the graph library (React Flow + dagre) loads only when a map is drawn
const RoadmapMap = dynamic(() => import("./roadmap-map"), {
  ssr: false,
  loading: () => <p className="p-4 text-sm text-slate-600">Drawing the map…</p>,
});

const VIEWS = ["map", "list"] as const;
type View = (typeof VIEWS)[number];

/** True once the browser is idle after the first paint: the map never delays the page's own content. */
function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (typeof window.requestIdleCallback !== "function") {
      const timer = setTimeout(() => setIdle(true), 50);
      return () => clearTimeout(timer);
    }
    const handle = window.requestIdleCallback(() => setIdle(true), { timeout: 1_000 });
    return () => window.cancelIdleCallback(handle);
  }, []);
  return idle;
}

/**
 * The roadmap as a map (stages → modules → concepts, prerequisite edges, one colour and mark per
 * state) or as its accessible twin, a list: a toggle switches between them.
 */
export function MapPanel({ title = "Roadmap map", height = "h-[26rem]", initialView = "map", ...props }: MapProps & { title?: string; height?: string; initialView?: View }) {
  const [view, setView] = useState<View>(initialView);
  const idle = useIdle();
  const ids = useMemo(() => allConcepts(props.framework).map((c) => c.concept_id), [props.framework]);
  const counts = countStates(props.states, ids);
  return (
    <section aria-label={title} className="min-w-0 space-y-2" data-testid="map-panel" data-view={view}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-700" aria-label="Legend" data-testid="map-legend">
          {MAP_STATES.map((state) => (
            <li key={state} className="flex items-center gap-1" data-state={state} data-count={counts[state]}>
              <span aria-hidden className={`inline-flex h-4 w-4 items-center justify-center rounded border-2 text-[10px] ${STATE_SWATCHES[state]}`}>
                {STATE_MARKS[state]}
              </span>
              {STATE_LABELS[state]} <span className="text-slate-500">({counts[state]})</span>
            </li>
          ))}
        </ul>
        <Segmented label="Show the roadmap as" options={VIEWS} value={view} onChange={setView} labelOf={(option) => (option === "map" ? "Map" : "List")} />
      </div>
      {view === "map" ? (
        <div className={`${height} w-full overflow-hidden rounded-lg border border-slate-200 bg-slate-50`}>
          {idle ? <RoadmapMap {...props} /> : <p className="p-4 text-sm text-slate-600">Drawing the map…</p>}
        </div>
      ) : (
        <div className="max-h-[32rem] overflow-y-auto rounded-lg border border-slate-200 bg-white p-3">
          <ConceptList {...props} />
        </div>
      )}
    </section>
  );
}
