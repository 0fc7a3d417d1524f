import type { RoadmapFramework } from "@/api/types";
import { allConcepts, conceptPaths, type NodePath, pathKey } from "./framework";

/**
 * The API's structure rules (backend/waymark/workflow/validation.py and the RoadmapFramework
 * schema limits), checked in the browser so an edit shows its problems before it is sent.
 * Codes match the API's, so an issue looks the same from either side.
 */
export const HOURS_TOLERANCE = 0.15;
export const BUDGET_TOLERANCE = 0.25;
export const LIMITS = { stages: 10, modulesPerStage: 12, conceptsPerModule: 20, concepts: 150, title: 200, hours: 200, prerequisites: 20 };

export type Issue = { code: string; message: string; path: NodePath | null; field?: string; source: "rules" | "api" | "quality" };

export function validateFramework(framework: RoadmapFramework, weeklyHours: number): Issue[] {
  return [...limitIssues(framework), ...idIssues(framework), ...emptyIssues(framework), ...prerequisiteIssues(framework), ...hoursIssues(framework, weeklyHours)];
}

function issue(code: string, message: string, path: NodePath | null, field?: string): Issue {
  return { code, message, path, field, source: "rules" };
}

function limitIssues(framework: RoadmapFramework): Issue[] {
  const issues: Issue[] = [];
  if (framework.stages.length === 0) issues.push(issue("too_few_stages", "the roadmap needs at least one stage", null));
  if (framework.stages.length > LIMITS.stages) issues.push(issue("too_many_stages", `at most ${LIMITS.stages} stages`, null));
  const total = allConcepts(framework).length;
  if (total > LIMITS.concepts) issues.push(issue("too_many_concepts", `at most ${LIMITS.concepts} concepts in a roadmap (this one has ${total})`, null));
  if (!framework.title.trim()) issues.push(issue("missing_title", "the roadmap needs a title", null, "title"));
  framework.stages.forEach((stage, s) => {
    if (!stage.title.trim()) issues.push(issue("missing_title", "a stage needs a title", { stage: s }, "title"));
    if (stage.title.length > LIMITS.title) issues.push(issue("title_too_long", `titles have at most ${LIMITS.title} characters`, { stage: s }, "title"));
    if (stage.modules.length > LIMITS.modulesPerStage) issues.push(issue("too_many_modules", `at most ${LIMITS.modulesPerStage} modules in a stage`, { stage: s }));
    stage.modules.forEach((module, m) => {
      if (!module.title.trim()) issues.push(issue("missing_title", "a module needs a title", { stage: s, module: m }, "title"));
      if (module.title.length > LIMITS.title) issues.push(issue("title_too_long", `titles have at most ${LIMITS.title} characters`, { stage: s, module: m }, "title"));
      if (module.concepts.length > LIMITS.conceptsPerModule) issues.push(issue("too_many_concepts", `at most ${LIMITS.conceptsPerModule} concepts in a module`, { stage: s, module: m }));
    });
  });
  for (const { path, concept } of conceptPaths(framework)) {
    if (!concept.title.trim()) issues.push(issue("missing_title", "a concept needs a title", path, "title"));
    if (concept.title.length > LIMITS.title) issues.push(issue("title_too_long", `titles have at most ${LIMITS.title} characters`, path, "title"));
    if (!(concept.estimated_hours > 0) || concept.estimated_hours > LIMITS.hours) {
      issues.push(issue("bad_hours", `hours must be more than 0 and at most ${LIMITS.hours}`, path, "estimated_hours"));
    }
    if ((concept.prerequisites ?? []).length > LIMITS.prerequisites) {
      issues.push(issue("too_many_prerequisites", `at most ${LIMITS.prerequisites} prerequisites`, path, "prerequisites"));
    }
  }
  return issues;
}

function idIssues(framework: RoadmapFramework): Issue[] {
  const issues: Issue[] = [];
  const check = (kind: string, entries: { id: string; path: NodePath }[]) => {
    const seen = new Set<string>();
    for (const { id, path } of entries) {
      if (seen.has(id)) issues.push(issue(`duplicate_${kind}_id`, `${kind} id '${id}' is used more than once`, path));
      seen.add(id);
    }
  };
  check("stage", framework.stages.map((s, i) => ({ id: s.stage_id, path: { stage: i } })));
  check("module", framework.stages.flatMap((s, i) => s.modules.map((m, j) => ({ id: m.module_id, path: { stage: i, module: j } }))));
  check("concept", conceptPaths(framework).map(({ path, concept }) => ({ id: concept.concept_id, path })));
  return issues;
}

function emptyIssues(framework: RoadmapFramework): Issue[] {
  const issues: Issue[] = [];
  framework.stages.forEach((stage, s) => {
    if (stage.modules.length === 0) issues.push(issue("empty_stage", "stage has no modules", { stage: s }));
    stage.modules.forEach((module, m) => {
      if (module.concepts.length === 0) issues.push(issue("empty_module", "module has no concepts", { stage: s, module: m }));
    });
  });
  return issues;
}

function prerequisiteIssues(framework: RoadmapFramework): Issue[] {
  const ordered = conceptPaths(framework);
  const position = new Map(ordered.map(({ concept }, i) => [concept.concept_id, i]));
  const titles = new Map(ordered.map(({ concept }) => [concept.concept_id, concept.title]));
  const issues: Issue[] = [];
  ordered.forEach(({ path, concept }, index) => {
    for (const prerequisite of concept.prerequisites ?? []) {
      const at = position.get(prerequisite);
      if (at === undefined) issues.push(issue("unknown_prerequisite", `prerequisite '${prerequisite}' does not exist`, path, "prerequisites"));
      else if (prerequisite === concept.concept_id) issues.push(issue("self_prerequisite", "concept requires itself", path, "prerequisites"));
      else if (at > index) issues.push(issue("prerequisite_not_earlier", `prerequisite '${titles.get(prerequisite)}' comes later in the roadmap`, path, "prerequisites"));
    }
  });
  const graph = new Map(ordered.map(({ concept }) => [concept.concept_id, (concept.prerequisites ?? []).filter((p) => position.has(p))]));
  const cycle = findCycle(graph);
  if (cycle) {
    const first = ordered[position.get(cycle[0]!)!]!;
    issues.push(issue("prerequisite_cycle", `prerequisites form a cycle: ${cycle.join(" -> ")}`, first.path, "prerequisites"));
  }
  return issues;
}

export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  const visit = (node: string, path: string[]): string[] | null => {
    state.set(node, 1);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 1) return path.includes(next) ? [...path.slice(path.indexOf(next)), next] : [node, next];
      if (!state.has(next)) {
        const found = visit(next, [...path, next]);
        if (found) return found;
      }
    }
    state.set(node, 2);
    return null;
  };
  for (const start of graph.keys()) {
    if (!state.has(start)) {
      const found = visit(start, [start]);
      if (found) return found;
    }
  }
  return null;
}

function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function hoursIssues(framework: RoadmapFramework, weeklyHours: number): Issue[] {
  const issues: Issue[] = [];
  const conceptHours = allConcepts(framework).reduce((sum, c) => sum + c.estimated_hours, 0);
  const total = framework.total_estimated_hours;
  if (conceptHours && Math.abs(total - conceptHours) > HOURS_TOLERANCE * conceptHours) {
    issues.push(issue("hours_mismatch", `total_estimated_hours ${fmt(total)} but concepts add up to ${fmt(conceptHours)}`, null));
  }
  const budget = weeklyHours * framework.recommended_weeks;
  if (weeklyHours > 0 && total > budget * (1 + BUDGET_TOLERANCE)) {
    issues.push(
      issue("over_budget", `${fmt(total)} h does not fit ${fmt(weeklyHours)} h/week × ${framework.recommended_weeks} weeks = ${fmt(budget)} h`, null, "recommended_weeks"),
    );
  }
  return issues;
}

/** Group issues by the node they concern (`pathKey`), for drawing them on the tree. */
export function issuesByNode(issues: readonly Issue[]): Map<string, Issue[]> {
  const grouped = new Map<string, Issue[]>();
  for (const item of issues) {
    const key = pathKey(item.path);
    grouped.set(key, [...(grouped.get(key) ?? []), item]);
  }
  return grouped;
}
