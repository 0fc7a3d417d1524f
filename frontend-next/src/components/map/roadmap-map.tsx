"use client";
import "@xyflow/react/dist/base.css";
import { Controls, type Edge, Handle, MarkerType, type Node, type NodeProps, Position, ReactFlow, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import Link from "next/link";
import { type FocusEvent, type KeyboardEvent, memo, useCallback, useMemo, useRef, useState } from "react";
import type { RoadmapFramework } from "@/api/types";
import { type MapState, STATE_LABELS, STATE_MARKS } from "@/lib/concept-state";
import { layoutRoadmap, neighbour, type RoadmapLayout, structureKey } from "@/lib/roadmap-layout";
import { STATE_TONES } from "./styles";
import type { MapProps } from "./types";

type ConceptData = {
  title: string;
  state: MapState;
  note?: string;
  current: boolean;
  href?: string;
  onOpen?: (id: string) => void;
  onKey: (id: string, event: KeyboardEvent) => void;
  onFocusNode: (id: string) => void;
};
type GroupData = { title: string };
type ConceptNode = Node<ConceptData, "concept">;
type GroupNode = Node<GroupData, "stage" | "module">;

const reducedMotion = () => typeof window !== "undefined" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** The layout is computed once per structure (ids, order, prerequisites); titles come fresh. */
function useLayout(framework: RoadmapFramework): RoadmapLayout {
  const key = structureKey(framework);
  const [cached, setCached] = useState(() => ({ key, layout: layoutRoadmap(framework) }));
  if (cached.key === key) return cached.layout;
  const next = { key, layout: layoutRoadmap(framework) };
  setCached(next); // adjusting state while rendering: React renders again at once with it
  return next.layout;
}

const ConceptBox = memo(function ConceptBox({ id, data }: NodeProps<ConceptNode>) {
  const className = `flex h-full w-full items-center gap-1.5 rounded-md border-2 px-2 text-left text-xs leading-tight ${STATE_TONES[data.state]} ${data.current ? "ring-2 ring-brand-500 ring-offset-1" : ""}`;
  const label = `${data.title} (${STATE_LABELS[data.state]}${data.note ? `, ${data.note}` : ""})`;
  const body = (
    <>
      <span aria-hidden className="shrink-0 text-sm">
        {STATE_MARKS[data.state]}
      </span>
      <span className="line-clamp-2 min-w-0 flex-1 break-words">{data.title}</span>
      {data.note ? (
        <span aria-hidden className="shrink-0 rounded bg-black/10 px-1 text-[10px]">
          {data.note}
        </span>
      ) : null}
    </>
  );
  const common = {
    className,
    "aria-label": label,
    "data-map-concept": id,
    "data-state": data.state,
    onKeyDown: (event: KeyboardEvent) => data.onKey(id, event),
    // a keyboard move brings the node into view; a click must not pan the map between the
    // press and the release (the release would land beside the node and the click be lost)
    onFocus: (event: FocusEvent<HTMLElement>) => {
      if (event.currentTarget.matches(":focus-visible")) data.onFocusNode(id);
    },
  };
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} className="!h-1 !w-1 !min-w-0 !border-0 !bg-transparent" />
      {data.href ? (
        <Link href={data.href} aria-current={data.current ? "page" : undefined} {...common}>
          {body}
        </Link>
      ) : data.onOpen ? (
        <button type="button" onClick={() => data.onOpen?.(id)} {...common}>
          {body}
        </button>
      ) : (
        <div className={className} data-map-concept={id} data-state={data.state}>
          {body}
          <span className="sr-only"> ({STATE_LABELS[data.state]})</span>
        </div>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="!h-1 !w-1 !min-w-0 !border-0 !bg-transparent" />
    </>
  );
});

function StageBox({ data }: NodeProps<GroupNode>) {
  return (
    <div className="h-full w-full rounded-xl border border-slate-300 bg-slate-100/50 px-3 pt-2">
      <p className="truncate text-sm font-semibold text-slate-800">{data.title}</p>
    </div>
  );
}

function ModuleBox({ data }: NodeProps<GroupNode>) {
  return (
    <div className="h-full w-full rounded-lg border border-dashed border-slate-300 bg-white/60 px-3 pt-2">
      <p className="truncate text-[11px] font-medium tracking-wide text-slate-600 uppercase">{data.title}</p>
    </div>
  );
}

const NODE_TYPES = { concept: ConceptBox, stage: StageBox, module: ModuleBox };

function Canvas({ framework, states, notes, current, hrefFor, onOpen, start = "fit" }: MapProps) {
  const layout = useLayout(framework);
  const flow = useReactFlow();
  const container = useRef<HTMLDivElement | null>(null);
  const boxes = useMemo(() => new Map(layout.concepts.map((c) => [c.id, c])), [layout]);

  const ensureVisible = useCallback(
    (id: string) => {
      const box = boxes.get(id);
      const element = container.current;
      if (!box || !element) return;
      const { x, y, zoom } = flow.getViewport();
      const left = box.x * zoom + x;
      const top = box.y * zoom + y;
      const inView = left >= 0 && top >= 0 && left + box.width * zoom <= element.clientWidth && top + box.height * zoom <= element.clientHeight;
      if (inView) return;
      void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom: Math.max(zoom, 0.7), duration: reducedMotion() ? 0 : 200 });
    },
    [boxes, flow],
  );

  const onKey = useCallback(
    (id: string, event: KeyboardEvent) => {
      const direction = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 0;
      const target =
        event.key === "Home" ? layout.concepts[0]?.id : event.key === "End" ? layout.concepts[layout.concepts.length - 1]?.id : direction ? neighbour(layout, id, direction) : null;
      if (!target) return;
      event.preventDefault();
      container.current?.querySelector<HTMLElement>(`[data-map-concept="${CSS.escape(target)}"]`)?.focus();
    },
    [layout],
  );

  const titles = useMemo(() => {
    const map = new Map<string, string>();
    for (const stage of framework.stages) {
      map.set(stage.stage_id, stage.title);
      for (const group of stage.modules) {
        map.set(group.module_id, group.title);
        for (const concept of group.concepts) map.set(concept.concept_id, concept.title);
      }
    }
    return map;
  }, [framework]);

  const [cache] = useState(() => new Map<string, ConceptNode>());
  const nodes = useMemo<(ConceptNode | GroupNode)[]>(() => {
    const fixed = { draggable: false, selectable: false, focusable: false, connectable: false } as const;
    return [
      ...layout.stages.map((s): GroupNode => ({ id: `stage:${s.id}`, type: "stage", position: { x: s.x, y: s.y }, width: s.width, height: s.height, data: { title: titles.get(s.id) ?? s.title }, ...fixed })),
      ...layout.modules.map((m): GroupNode => ({ id: `module:${m.id}`, type: "module", position: { x: m.x, y: m.y }, width: m.width, height: m.height, data: { title: titles.get(m.id) ?? m.title }, ...fixed })),
      // eslint-disable-next-line react-hooks/refs -- onKey and ensureVisible read the container ref when a key is pressed, never while rendering
      ...layout.concepts.map((c): ConceptNode => {
        const data: ConceptData = {
          title: titles.get(c.id) ?? c.title,
          state: states.get(c.id) ?? "not_started",
          note: notes?.get(c.id),
          current: current === c.id,
          href: hrefFor?.(c.id),
          onOpen,
          onKey,
          onFocusNode: ensureVisible,
        };
        // the same node object when nothing on it changed: React Flow skips re-rendering it
        const previous = cache.get(c.id);
        const was = previous?.data;
        if (
          previous &&
          was &&
          previous.position.x === c.x &&
          previous.position.y === c.y &&
          was.title === data.title &&
          was.state === data.state &&
          was.note === data.note &&
          was.current === data.current &&
          was.href === data.href &&
          was.onOpen === onOpen &&
          was.onKey === onKey &&
          was.onFocusNode === ensureVisible
        ) {
          return previous;
        }
        const node: ConceptNode = {
          id: c.id,
          type: "concept",
          className: "!pointer-events-auto", // React Flow turns pointer events off on nodes it need not select or drag
          position: { x: c.x, y: c.y },
          width: c.width,
          height: c.height,
          data,
          ...fixed,
        };
        cache.set(c.id, node);
        return node;
      }),
    ];
  }, [layout, titles, states, notes, current, hrefFor, onOpen, onKey, ensureVisible, cache]);

  const edges = useMemo<Edge[]>(
    () =>
      layout.edges.map((edge) => {
        const lit = current !== null && current !== undefined && (edge.target === current || edge.source === current);
        return {
          ...edge,
          focusable: false,
          selectable: false,
          markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: lit ? "var(--color-brand-500)" : "var(--color-slate-500)" },
          style: { stroke: lit ? "var(--color-brand-500)" : "var(--color-slate-500)", strokeWidth: lit ? 2 : 1.25 },
        };
      }),
    [layout, current],
  );

  // The learning view starts on the current concept. The first viewport is computed from the
  // canvas's size before the graph is drawn: a pan after the nodes appear would move a node
  // from under a click already on its way.
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const measure = useCallback((element: HTMLDivElement | null) => {
    container.current = element;
    if (element) setSize((known) => known ?? { width: element.clientWidth, height: element.clientHeight });
  }, []);
  const centred = start === "current" && current ? boxes.get(current) : undefined;
  const firstViewport = centred && size ? { x: size.width / 2 - (centred.x + centred.width / 2), y: size.height / 2 - (centred.y + centred.height / 2), zoom: 1 } : undefined;
  const waitForSize = centred !== undefined && size === null;

  return (
    <div ref={measure} className="h-full w-full" data-testid="roadmap-map" data-concepts={layout.concepts.length}>
      {waitForSize ? null : (
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          defaultViewport={firstViewport}
          fitView={!firstViewport}
          fitViewOptions={{ padding: 0.04, minZoom: 0.2, maxZoom: 1 }}
          minZoom={0.1}
          maxZoom={1.5}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          disableKeyboardA11y
          zoomOnScroll={false}
          panOnScroll={false}
          preventScrolling={false}
          zoomOnDoubleClick={false}
          proOptions={{ hideAttribution: true }}
          ariaLabelConfig={{ "node.a11yDescription.default": "", "node.a11yDescription.keyboardDisabled": "", "node.a11yDescription.ariaLiveMessage": () => "" }}
        >
          <Controls showInteractive={false} position="bottom-right" fitViewOptions={{ padding: 0.04, duration: 0 }} />
        </ReactFlow>
      )}
    </div>
  );
}

/** The interactive roadmap map (loaded lazily: it brings the graph library with it). */
export default function RoadmapMap(props: MapProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}
