import { MAP_LABELS, MAP_NODES, type MapNode, type PipelineState } from "@/lib/pipeline";

const LOOPS: Partial<Record<MapNode, { with: MapNode; round: keyof PipelineState["rounds"]; label: string }>> = {
  auto_edit: { with: "validate", round: "auto_edit", label: "automatic edit rounds" },
  revise: { with: "review", round: "revise", label: "revision rounds after your review" },
};

/**
 * The workflow as a map: intent → design → validate ⇄ auto-edit → review ⇄ reject/edit →
 * content fan-out → done. The current node is lit; loop nodes show how many rounds ran.
 */
export function PipelineMap({ state, failed, content }: { state: PipelineState; failed: boolean; content?: { done: number; total: number } }) {
  return (
    <ol aria-label="Pipeline" className="flex flex-wrap items-stretch gap-2" data-testid="pipeline-map" data-current={state.current ?? "queued"}>
      {MAP_NODES.map((node, index) => {
        const current = state.current === node;
        const visited = state.visited.has(node);
        const loop = LOOPS[node];
        const rounds = loop ? state.rounds[loop.round] : node === "validate" ? state.rounds.validate : node === "review" ? state.rounds.review : 0;
        const tone = current
          ? failed
            ? "border-red-500 bg-red-50 text-red-900 ring-2 ring-red-300"
            : "border-brand-600 bg-accent text-on-accent ring-2 ring-brand-100"
          : visited
            ? "border-brand-200 bg-brand-50 text-brand-700"
            : "border-slate-200 bg-white text-slate-500";
        return (
          <li key={node} className="flex items-center gap-2" data-node={node} aria-current={current ? "step" : undefined}>
            {index > 0 ? (
              <span aria-hidden className="text-slate-400">
                {loop ? "⇄" : "→"}
              </span>
            ) : null}
            <span className={`rounded-md border px-3 py-1.5 text-sm font-medium ${tone}`}>
              {MAP_LABELS[node]}
              {rounds > 0 && (loop || node === "validate" || node === "review") ? (
                <span className="ml-1.5 rounded bg-black/10 px-1 text-xs" aria-label={`${rounds} ${loop?.label ?? "rounds"}`} data-testid={`rounds-${node}`}>
                  ×{rounds}
                </span>
              ) : null}
              {node === "content" && content && content.total > 0 ? (
                <span className="ml-1.5 rounded bg-black/10 px-1 text-xs" data-testid="content-fanout">
                  {content.done}/{content.total}
                  <span className="sr-only"> content items settled</span>
                </span>
              ) : null}
              {current ? <span className="sr-only"> (current step{failed ? ", stopped here" : ""})</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
