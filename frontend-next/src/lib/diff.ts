import type { Concept, RoadmapFramework } from "@/api/types";
import { conceptPaths } from "./framework";

/** What an edit changes against the proposal, concept by concept (matched by id). */
export type ConceptChange =
  | { kind: "added"; id: string; title: string }
  | { kind: "removed"; id: string; title: string }
  | { kind: "changed"; id: string; title: string; fields: string[] };

export type FrameworkDiff = { concepts: ConceptChange[]; groups: string[] };

const FIELDS: (keyof Concept)[] = ["title", "description", "estimated_hours", "difficulty", "prerequisites"];

function placeOf(framework: RoadmapFramework): Map<string, { concept: Concept; stageId: string; moduleId: string; order: number }> {
  return new Map(
    conceptPaths(framework).map(({ path, concept }, order) => {
      const stage = framework.stages[path.stage]!;
      return [concept.concept_id, { concept, stageId: stage.stage_id, moduleId: stage.modules[path.module]!.module_id, order }];
    }),
  );
}

export function diffFrameworks(proposal: RoadmapFramework, edit: RoadmapFramework): FrameworkDiff {
  const before = placeOf(proposal);
  const after = placeOf(edit);
  const concepts: ConceptChange[] = [];
  const keptBefore = [...before.keys()].filter((id) => after.has(id));
  const keptAfter = [...after.keys()].filter((id) => before.has(id));
  for (const [id, now] of after) {
    const then = before.get(id);
    if (!then) {
      concepts.push({ kind: "added", id, title: now.concept.title });
      continue;
    }
    const fields: string[] = FIELDS.filter((field) => JSON.stringify(then.concept[field] ?? null) !== JSON.stringify(now.concept[field] ?? null));
    if (then.moduleId !== now.moduleId) fields.push("module");
    else if (keptBefore.indexOf(id) !== keptAfter.indexOf(id)) fields.push("position");
    if (fields.length) concepts.push({ kind: "changed", id, title: now.concept.title, fields });
  }
  for (const [id, then] of before) if (!after.has(id)) concepts.push({ kind: "removed", id, title: then.concept.title });

  const groups: string[] = [];
  const titles = (f: RoadmapFramework) => new Map(f.stages.flatMap((s) => [[s.stage_id, s.title] as const, ...s.modules.map((m) => [m.module_id, m.title] as const)]));
  const oldGroups = titles(proposal);
  const newGroups = titles(edit);
  for (const [id, title] of newGroups) {
    const old = oldGroups.get(id);
    if (old === undefined) groups.push(`added “${title}”`);
    else if (old !== title) groups.push(`renamed “${old}” to “${title}”`);
  }
  for (const [id, title] of oldGroups) if (!newGroups.has(id)) groups.push(`removed “${title}”`);
  if (proposal.title !== edit.title) groups.push(`roadmap renamed to “${edit.title}”`);
  if (proposal.recommended_weeks !== edit.recommended_weeks) groups.push(`weeks ${proposal.recommended_weeks} → ${edit.recommended_weeks}`);
  return { concepts, groups };
}

export function isUnchanged(diff: FrameworkDiff): boolean {
  return diff.concepts.length === 0 && diff.groups.length === 0;
}
