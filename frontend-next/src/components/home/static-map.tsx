import type { RoadmapFramework } from "@/api/types";
import { type MapState, STATE_LABELS, STATE_MARKS } from "@/lib/concept-state";
import { layoutRoadmap } from "@/lib/roadmap-layout";

const FILL: Record<MapState, { fill: string; stroke: string }> = {
  not_started: { fill: "var(--color-white)", stroke: "var(--color-slate-400)" },
  generating: { fill: "var(--color-brand-50)", stroke: "var(--color-brand-500)" },
  ready: { fill: "var(--color-sky-50)", stroke: "var(--color-sky-500)" },
  completed: { fill: "var(--color-emerald-50)", stroke: "var(--color-emerald-600)" },
  tested_out: { fill: "var(--color-violet-50)", stroke: "var(--color-violet-600)" },
  failed: { fill: "var(--color-red-50)", stroke: "var(--color-red-600)" },
};

/**
 * The roadmap map drawn on the server as SVG: the same layout as the interactive map, no
 * script at all (the front door's sample).
 */
export function StaticMap({ framework, states, label }: { framework: RoadmapFramework; states: ReadonlyMap<string, MapState>; label: string }) {
  const layout = layoutRoadmap(framework);
  const boxes = new Map(layout.concepts.map((c) => [c.id, c]));
  return (
    <svg viewBox={`-4 -4 ${layout.width + 8} ${layout.height + 8}`} role="img" aria-label={label} className="h-auto w-full" data-testid="static-map">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--color-slate-500)" />
        </marker>
      </defs>
      {layout.stages.map((stage) => (
        <g key={stage.id}>
          <rect x={stage.x} y={stage.y} width={stage.width} height={stage.height} rx={12} fill="var(--color-slate-100)" stroke="var(--color-slate-300)" />
          <text x={stage.x + 12} y={stage.y + 22} fontSize={14} fontWeight={600} fill="var(--color-slate-800)">
            {stage.title}
          </text>
        </g>
      ))}
      {layout.modules.map((group) => (
        <g key={group.id}>
          <rect x={group.x} y={group.y} width={group.width} height={group.height} rx={8} fill="var(--color-white)" fillOpacity={0.6} stroke="var(--color-slate-300)" strokeDasharray="4 3" />
          <text x={group.x + 12} y={group.y + 20} fontSize={11} fill="var(--color-slate-600)">
            {group.title.toUpperCase()}
          </text>
        </g>
      ))}
      {layout.edges.map((edge) => {
        const from = boxes.get(edge.source)!;
        const to = boxes.get(edge.target)!;
        const [x1, y1, x2, y2] = [from.x + from.width / 2, from.y + from.height, to.x + to.width / 2, to.y];
        const bend = Math.max(20, Math.abs(y2 - y1) / 2);
        return <path key={edge.id} d={`M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y2 - bend}, ${x2} ${y2 - 2}`} fill="none" stroke="var(--color-slate-500)" strokeWidth={1.25} markerEnd="url(#arrow)" />;
      })}
      {layout.concepts.map((concept) => {
        const state = states.get(concept.id) ?? "not_started";
        return (
          <g key={concept.id} data-state={state}>
            <title>{`${concept.title}: ${STATE_LABELS[state]}`}</title>
            <rect x={concept.x} y={concept.y} width={concept.width} height={concept.height} rx={6} fill={FILL[state].fill} stroke={FILL[state].stroke} strokeWidth={2} />
            <text x={concept.x + 12} y={concept.y + concept.height / 2 + 5} fontSize={13} fill="var(--color-slate-900)">
              {STATE_MARKS[state]} {concept.title}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
