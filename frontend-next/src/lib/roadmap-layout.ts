import { Graph, layout } from "@dagrejs/dagre";
import type { RoadmapFramework } from "@/api/types";

/**
 * Where every box of the roadmap map goes: stages side by side in reading order, each stage's
 * modules and each module's concepts laid out by dagre (top to bottom) along the prerequisite
 * edges that stay inside them, so independent concepts sit side by side and a chain reads
 * downwards. Laying out each level on its own keeps a 150-concept roadmap compact (one chain
 * of 150 would otherwise be 150 ranks long) and fast. Positions are absolute, top-left.
 * Only the structure matters (ids, order, prerequisites): see `structureKey`.
 */
export const CONCEPT = { width: 208, height: 48 };
const GAP = { concept: 14, rank: 22, module: 18, stage: 40 };
const PAD = { x: 12, top: 34, bottom: 12 };

export type Box = { x: number; y: number; width: number; height: number };
export type StageBox = Box & { id: string; title: string; index: number };
export type ModuleBox = Box & { id: string; title: string; stageId: string };
export type ConceptBox = Box & { id: string; title: string; moduleId: string; stageId: string; index: number };
export type MapEdge = { id: string; source: string; target: string };
export type RoadmapLayout = { stages: StageBox[]; modules: ModuleBox[]; concepts: ConceptBox[]; edges: MapEdge[]; width: number; height: number };

type Sized = { id: string; width: number; height: number };
type Placed = { x: number; y: number };

/** dagre on one level: node sizes and edges in, top-left positions and the bounding size out. */
function layoutLevel(nodes: readonly Sized[], edges: readonly [string, string][], nodesep: number, ranksep: number) {
  const graph = new Graph({ multigraph: false });
  graph.setGraph({ rankdir: "TB", nodesep, ranksep, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  for (const [from, to] of edges) if (from !== to && graph.hasNode(from) && graph.hasNode(to)) graph.setEdge(from, to);
  layout(graph);
  const placed = new Map<string, Placed>();
  let width = 0;
  let height = 0;
  for (const node of nodes) {
    const { x, y } = graph.node(node.id) as { x: number; y: number };
    const left = x - node.width / 2;
    const top = y - node.height / 2;
    placed.set(node.id, { x: left, y: top });
    width = Math.max(width, left + node.width);
    height = Math.max(height, top + node.height);
  }
  return { placed, width, height };
}

export function layoutRoadmap(framework: RoadmapFramework): RoadmapLayout {
  const moduleOf = new Map<string, string>();
  const stageOf = new Map<string, string>();
  for (const stage of framework.stages) {
    for (const group of stage.modules) {
      stageOf.set(group.module_id, stage.stage_id);
      for (const concept of group.concepts) {
        moduleOf.set(concept.concept_id, group.module_id);
        stageOf.set(concept.concept_id, stage.stage_id);
      }
    }
  }
  const stages: StageBox[] = [];
  const modules: ModuleBox[] = [];
  const concepts: ConceptBox[] = [];
  let conceptIndex = 0;
  let left = 0;
  let height = 0;

  framework.stages.forEach((stage, stageIndex) => {
    // concepts inside each module
    const inner = stage.modules.map((group) => {
      const ids = new Set(group.concepts.map((c) => c.concept_id));
      const edges = group.concepts.flatMap((c) => (c.prerequisites ?? []).filter((p) => ids.has(p)).map((p) => [p, c.concept_id] as [string, string]));
      const level = layoutLevel(group.concepts.map((c) => ({ id: c.concept_id, ...CONCEPT })), edges, GAP.concept, GAP.rank);
      return { group, level, width: Math.max(CONCEPT.width, level.width) + 2 * PAD.x, height: level.height + PAD.top + PAD.bottom };
    });
    // modules inside the stage, ordered by the prerequisites that cross between them
    const moduleEdges = new Set<string>();
    for (const { group } of inner) {
      for (const concept of group.concepts) {
        for (const prerequisite of concept.prerequisites ?? []) {
          const from = moduleOf.get(prerequisite);
          if (from && from !== group.module_id && stageOf.get(from) === stage.stage_id) moduleEdges.add(`${from}\u0000${group.module_id}`);
        }
      }
    }
    const level = layoutLevel(
      inner.map(({ group, width, height: h }) => ({ id: group.module_id, width, height: h })),
      [...moduleEdges].map((key) => key.split("\u0000") as [string, string]),
      GAP.module,
      GAP.module,
    );
    const stageWidth = level.width + 2 * PAD.x;
    const stageHeight = level.height + PAD.top + PAD.bottom;
    stages.push({ id: stage.stage_id, title: stage.title, index: stageIndex, x: left, y: 0, width: stageWidth, height: stageHeight });
    for (const { group, level: conceptLevel, width, height: h } of inner) {
      const at = level.placed.get(group.module_id)!;
      const moduleX = left + PAD.x + at.x;
      const moduleY = PAD.top + at.y;
      modules.push({ id: group.module_id, title: group.title, stageId: stage.stage_id, x: moduleX, y: moduleY, width, height: h });
      // centre the concepts in a module wider than they need
      const shift = (width - 2 * PAD.x - conceptLevel.width) / 2;
      for (const concept of group.concepts) {
        const spot = conceptLevel.placed.get(concept.concept_id)!;
        concepts.push({
          id: concept.concept_id,
          title: concept.title,
          moduleId: group.module_id,
          stageId: stage.stage_id,
          index: conceptIndex,
          x: moduleX + PAD.x + shift + spot.x,
          y: moduleY + PAD.top + spot.y,
          ...CONCEPT,
        });
        conceptIndex += 1;
      }
    }
    left += stageWidth + GAP.stage;
    height = Math.max(height, stageHeight);
  });

  const known = new Set(concepts.map((c) => c.id));
  const edges: MapEdge[] = [];
  for (const stage of framework.stages) {
    for (const group of stage.modules) {
      for (const concept of group.concepts) {
        for (const prerequisite of new Set(concept.prerequisites ?? [])) {
          if (known.has(prerequisite) && prerequisite !== concept.concept_id) {
            edges.push({ id: `${prerequisite}->${concept.concept_id}`, source: prerequisite, target: concept.concept_id });
          }
        }
      }
    }
  }
  concepts.sort((a, b) => a.index - b.index);
  return { stages, modules, concepts, edges, width: Math.max(0, left - GAP.stage), height };
}

/**
 * What the layout depends on: ids in order and prerequisites, never titles or hours. A rename
 * keeps the key, so the map keeps its layout (and is not laid out again) while the learner types.
 */
export function structureKey(framework: RoadmapFramework): string {
  return framework.stages
    .map((stage) => `${stage.stage_id}[${stage.modules.map((m) => `${m.module_id}(${m.concepts.map((c) => `${c.concept_id}<${(c.prerequisites ?? []).join(",")}`).join(";")})`).join("|")}]`)
    .join("/");
}

/** The concept ids in reading order, for moving through the map with the arrow keys. */
export function neighbour(layout: Pick<RoadmapLayout, "concepts">, id: string, direction: -1 | 1): string | null {
  const at = layout.concepts.findIndex((c) => c.id === id);
  if (at < 0) return null;
  return layout.concepts[at + direction]?.id ?? null;
}
