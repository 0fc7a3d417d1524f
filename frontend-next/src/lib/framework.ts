import type { Concept, Module, RoadmapFramework, Stage } from "@/api/types";

/**
 * Edits of a roadmap framework as pure functions: every edit returns a new framework and
 * leaves its input untouched. Nodes are addressed by their indexes.
 */
export type StagePath = { stage: number };
export type ModulePath = StagePath & { module: number };
export type ConceptPath = ModulePath & { concept: number };
export type NodePath = StagePath | ModulePath | ConceptPath;
export type NodeKind = "stage" | "module" | "concept";

export function kindOf(path: NodePath): NodeKind {
  return "concept" in path ? "concept" : "module" in path ? "module" : "stage";
}

export function pathKey(path: NodePath | null): string {
  if (!path) return "root";
  if ("concept" in path) return `s${path.stage}.m${path.module}.c${path.concept}`;
  if ("module" in path) return `s${path.stage}.m${path.module}`;
  return `s${path.stage}`;
}

export function allConcepts(framework: RoadmapFramework): Concept[] {
  return framework.stages.flatMap((stage) => stage.modules.flatMap((module) => module.concepts));
}

export function conceptPaths(framework: RoadmapFramework): { path: ConceptPath; concept: Concept }[] {
  return framework.stages.flatMap((stage, s) =>
    stage.modules.flatMap((module, m) => module.concepts.map((concept, c) => ({ path: { stage: s, module: m, concept: c }, concept }))),
  );
}

export function totalConceptHours(framework: RoadmapFramework): number {
  return round2(allConcepts(framework).reduce((sum, concept) => sum + concept.estimated_hours, 0));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function clone(framework: RoadmapFramework): RoadmapFramework {
  return structuredClone(framework);
}

/** The total follows the concepts' hours, so an edit never trips the hours check by itself. */
function withTotals(framework: RoadmapFramework): RoadmapFramework {
  const hours = totalConceptHours(framework);
  if (hours > 0) framework.total_estimated_hours = hours;
  framework.stages.forEach((stage, index) => (stage.order = index + 1));
  return framework;
}

export function getNode(framework: RoadmapFramework, path: NodePath): Stage | Module | Concept | undefined {
  const stage = framework.stages[path.stage];
  if (!stage || !("module" in path)) return stage;
  const group = stage.modules[path.module];
  if (!group || !("concept" in path)) return group;
  return group.concepts[path.concept];
}

function siblings(framework: RoadmapFramework, path: NodePath): unknown[] | undefined {
  if ("concept" in path) return framework.stages[path.stage]?.modules[path.module]?.concepts;
  if ("module" in path) return framework.stages[path.stage]?.modules;
  return framework.stages;
}

function indexOf(path: NodePath): number {
  return "concept" in path ? path.concept : "module" in path ? path.module : path.stage;
}

export type ConceptFields = Partial<Pick<Concept, "title" | "description" | "estimated_hours" | "difficulty" | "prerequisites">>;
export type GroupFields = Partial<Pick<Stage, "title" | "description">>;

/**
 * Change fields of one node. Only the nodes on its path are copied; every other stage, module
 * and concept keeps its identity, so a tree of 150 rows re-renders the one row typed into.
 */
export function updateNode(framework: RoadmapFramework, path: NodePath, fields: ConceptFields | GroupFields): RoadmapFramework {
  if (!getNode(framework, path)) return framework;
  const stages = framework.stages.map((stage, s) => {
    if (s !== path.stage) return stage;
    if (!("module" in path)) return { ...stage, ...(fields as GroupFields) };
    return {
      ...stage,
      modules: stage.modules.map((group, m) => {
        if (m !== path.module) return group;
        if (!("concept" in path)) return { ...group, ...(fields as GroupFields) };
        return { ...group, concepts: group.concepts.map((concept, c) => (c === path.concept ? { ...concept, ...(fields as ConceptFields) } : concept)) };
      }),
    };
  });
  const next = { ...framework, stages };
  const hours = totalConceptHours(next);
  return hours > 0 && hours !== next.total_estimated_hours ? { ...next, total_estimated_hours: hours } : next;
}

export function rename(framework: RoadmapFramework, path: NodePath, title: string): RoadmapFramework {
  return updateNode(framework, path, { title });
}

export function setFrameworkFields(
  framework: RoadmapFramework,
  fields: Partial<Pick<RoadmapFramework, "title" | "summary" | "recommended_weeks">>,
): RoadmapFramework {
  return withTotals({ ...clone(framework), ...fields });
}

/** An id like `prefix-3` that no node of the framework uses yet. */
export function freshId(framework: RoadmapFramework, prefix: "stage" | "module" | "concept"): string {
  const used = new Set<string>([
    ...framework.stages.map((s) => s.stage_id),
    ...framework.stages.flatMap((s) => s.modules.map((m) => m.module_id)),
    ...allConcepts(framework).map((c) => c.concept_id),
  ]);
  let n = 1;
  while (used.has(`${prefix}-new-${n}`)) n += 1;
  return `${prefix}-new-${n}`;
}

export function newConcept(framework: RoadmapFramework, title = "New concept"): Concept {
  return { concept_id: freshId(framework, "concept"), title, description: "", estimated_hours: 1, difficulty: "medium", prerequisites: [], keywords: [] };
}

/** Add a concept at the end of a module (or at `at`). */
export function addConcept(framework: RoadmapFramework, path: ModulePath, concept?: Concept, at?: number): RoadmapFramework {
  const next = clone(framework);
  const group = next.stages[path.stage]?.modules[path.module];
  if (!group) return framework;
  const added = concept ?? newConcept(framework);
  group.concepts.splice(at ?? group.concepts.length, 0, added);
  return withTotals(next);
}

export function addModule(framework: RoadmapFramework, path: StagePath, title = "New module"): RoadmapFramework {
  const next = clone(framework);
  const stage = next.stages[path.stage];
  if (!stage) return framework;
  // a module needs a concept to be valid: it starts with one
  const group: Module = { module_id: freshId(framework, "module"), title, description: "", concepts: [newConcept(framework)] };
  stage.modules.push(group);
  return withTotals(next);
}

export function addStage(framework: RoadmapFramework, title = "New stage"): RoadmapFramework {
  const withModule = clone(framework);
  const stage: Stage = { stage_id: freshId(framework, "stage"), title, description: "", order: framework.stages.length + 1, modules: [] };
  withModule.stages.push(stage);
  return addModule(withModule, { stage: withModule.stages.length - 1 });
}

/** Remove a node; prerequisites that pointed at a removed concept are dropped too. */
export function removeNode(framework: RoadmapFramework, path: NodePath): RoadmapFramework {
  const next = clone(framework);
  const list = siblings(next, path);
  if (!list || indexOf(path) >= list.length) return framework;
  list.splice(indexOf(path), 1);
  const remaining = new Set(allConcepts(next).map((c) => c.concept_id));
  const removed = new Set(allConcepts(framework).map((c) => c.concept_id).filter((id) => !remaining.has(id)));
  for (const concept of allConcepts(next)) {
    concept.prerequisites = (concept.prerequisites ?? []).filter((id) => !removed.has(id));
  }
  return withTotals(next);
}

/**
 * Move a node one place up or down. At the edge of its parent a concept (or module) moves into
 * the neighbouring module (or stage), so the keyboard reaches every position drag can.
 * Returns the framework and the node's new path.
 */
export function moveNode(framework: RoadmapFramework, path: NodePath, direction: -1 | 1): { framework: RoadmapFramework; path: NodePath } {
  const list = siblings(framework, path);
  const index = indexOf(path);
  if (!list) return { framework, path };
  const target = index + direction;
  if (target >= 0 && target < list.length) {
    const to = withIndex(path, target);
    return { framework: moveTo(framework, path, to), path: to };
  }
  const neighbour = neighbourParent(framework, path, direction);
  if (!neighbour) return { framework, path };
  const length = siblings(framework, neighbour)?.length ?? 0;
  const to = withIndex(neighbour, direction === 1 ? 0 : length);
  return { framework: moveTo(framework, path, to), path: to };
}

function withIndex(path: NodePath, index: number): NodePath {
  if ("concept" in path) return { ...path, concept: index };
  if ("module" in path) return { ...path, module: index };
  return { stage: index };
}

/** For a concept: the first path into the previous/next module (across stages); for a module: the next stage. */
function neighbourParent(framework: RoadmapFramework, path: NodePath, direction: -1 | 1): NodePath | null {
  if ("concept" in path) {
    const modules = framework.stages.flatMap((stage, s) => stage.modules.map((_, m) => ({ stage: s, module: m })));
    const here = modules.findIndex((p) => p.stage === path.stage && p.module === path.module);
    const other = modules[here + direction];
    return other ? { ...other, concept: 0 } : null;
  }
  if ("module" in path) {
    const stage = path.stage + direction;
    return stage >= 0 && stage < framework.stages.length ? { stage, module: 0 } : null;
  }
  return null;
}

/** Move a node to `to` (a path of the same kind, index counted after removal when in the same list). */
export function moveTo(framework: RoadmapFramework, from: NodePath, to: NodePath): RoadmapFramework {
  if (kindOf(from) !== kindOf(to)) return framework;
  const next = clone(framework);
  const source = siblings(next, from);
  if (!source || indexOf(from) >= source.length) return framework;
  const [node] = source.splice(indexOf(from), 1);
  const target = siblings(next, to);
  if (!target) return framework;
  target.splice(Math.min(indexOf(to), target.length), 0, node);
  return withTotals(next);
}

/** Concepts that come before `path` in reading order: the only valid prerequisites. */
export function earlierConcepts(framework: RoadmapFramework, path: ConceptPath): Concept[] {
  const ordered = conceptPaths(framework);
  const here = ordered.findIndex((p) => p.path.stage === path.stage && p.path.module === path.module && p.path.concept === path.concept);
  return ordered.slice(0, Math.max(0, here)).map((p) => p.concept);
}

/** Change the framework's recommended weeks so its hours fit the learner's weekly budget. */
export function fitWeeks(framework: RoadmapFramework, weeklyHours: number): RoadmapFramework {
  const weeks = Math.min(520, Math.max(1, Math.ceil(totalConceptHours(framework) / Math.max(0.5, weeklyHours))));
  return setFrameworkFields(framework, { recommended_weeks: weeks });
}

/** Read a framework from an API body (typed loosely there); throws when it is not one. */
export function asFramework(value: unknown): RoadmapFramework {
  const candidate = value as RoadmapFramework;
  if (!candidate || typeof candidate !== "object" || !Array.isArray(candidate.stages)) {
    throw new Error("not a roadmap framework");
  }
  return candidate;
}

/**
 * Where focus goes after removing the node at `path` (a path in the framework after removal):
 * the sibling that took its place, else the one before it, else its parent.
 */
export function focusAfterRemoval(after: RoadmapFramework, path: NodePath): NodePath | null {
  const list = siblings(after, path);
  const index = indexOf(path);
  if (list && list.length > 0) return withIndex(path, Math.min(index, list.length - 1));
  if ("concept" in path) return { stage: path.stage, module: path.module };
  if ("module" in path) return { stage: path.stage };
  return null;
}
