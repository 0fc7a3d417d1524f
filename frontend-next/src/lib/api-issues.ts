import type { RoadmapFramework } from "@/api/types";
import { conceptPaths, getNode, type NodePath } from "./framework";
import type { Issue } from "./validation";

/**
 * Issues the API reports, placed on the nodes they concern:
 * - a 422 from an edit: `loc` like ["body","framework","stages",0,"modules",1,"concepts",2,"prerequisites"];
 * - the proposal's validation: structure issues `{code, message, location}` (an id, or "a -> b")
 *   and the quality review's notes (sentences, placed where they name a node).
 */
export function pathFromLoc(loc: readonly (string | number)[]): { path: NodePath | null; field?: string } {
  // a 422 says ["body", "framework", "stages", …]; a proposal's own issues start at "stages"
  const start = loc.indexOf("framework");
  const rest = start >= 0 ? loc.slice(start + 1) : loc[0] === "body" ? [] : loc;
  let path: NodePath | null = null;
  let field: string | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    const part = rest[i];
    const index = Number(rest[i + 1]);
    if (part === "stages" && Number.isInteger(index)) {
      path = { stage: index };
      i += 1;
    } else if (part === "modules" && path && Number.isInteger(index)) {
      path = { stage: path.stage, module: index };
      i += 1;
    } else if (part === "concepts" && path && "module" in path && Number.isInteger(index)) {
      path = { stage: path.stage, module: path.module, concept: index };
      i += 1;
    } else if (typeof part === "string") {
      field = part;
      break;
    }
  }
  return { path, field };
}

type ApiErrorItem = { loc?: unknown; msg?: unknown; type?: unknown };

export function issuesFrom422(detail: unknown): Issue[] {
  if (!Array.isArray(detail)) {
    return [{ code: "invalid", message: typeof detail === "string" ? detail : "The edit was refused", path: null, source: "api" }];
  }
  return (detail as ApiErrorItem[]).map((item) => {
    const loc = Array.isArray(item.loc) ? (item.loc as (string | number)[]) : [];
    const { path, field } = pathFromLoc(loc);
    return { code: String(item.type ?? "invalid"), message: String(item.msg ?? "invalid"), path, field, source: "api" as const };
  });
}

/** Where an id lives in the framework (stage, module or concept). */
export function locateId(framework: RoadmapFramework, id: string): NodePath | null {
  for (const [s, stage] of framework.stages.entries()) {
    if (stage.stage_id === id) return { stage: s };
    for (const [m, module] of stage.modules.entries()) {
      if (module.module_id === id) return { stage: s, module: m };
      const c = module.concepts.findIndex((concept) => concept.concept_id === id);
      if (c >= 0) return { stage: s, module: m, concept: c };
    }
  }
  return null;
}

type StructureIssue = { code?: unknown; message?: unknown; location?: unknown; loc?: unknown };
type Validation = { issues?: unknown; quality?: { issues?: unknown } | null } | null | undefined;

export function issuesFromValidation(framework: RoadmapFramework, validation: Validation): Issue[] {
  const issues: Issue[] = [];
  const structure = Array.isArray(validation?.issues) ? (validation.issues as StructureIssue[]) : [];
  for (const item of structure) {
    const location = typeof item.location === "string" ? item.location.split(" -> ")[0]!.trim() : "";
    const fromLoc = Array.isArray(item.loc) && item.loc.length ? pathFromLoc(item.loc as (string | number)[]) : null;
    issues.push({
      code: String(item.code ?? "structure"),
      message: String(item.message ?? ""),
      path: fromLoc ? fromLoc.path : location ? locateId(framework, location) : null,
      field: fromLoc?.field,
      source: "api",
    });
  }
  const notes = Array.isArray(validation?.quality?.issues) ? (validation.quality.issues as unknown[]) : [];
  for (const note of notes) {
    if (typeof note !== "string" || !note.trim()) continue;
    issues.push({ code: "quality_note", message: note, path: nodeNamedIn(framework, note), source: "quality" });
  }
  return issues;
}

/** The first concept, module or stage whose id or title the sentence mentions. */
export function nodeNamedIn(framework: RoadmapFramework, sentence: string): NodePath | null {
  const text = sentence.toLowerCase();
  for (const { path, concept } of conceptPaths(framework)) {
    if (text.includes(concept.concept_id.toLowerCase()) || (concept.title.length > 3 && text.includes(concept.title.toLowerCase()))) return path;
  }
  for (const [s, stage] of framework.stages.entries()) {
    for (const [m, module] of stage.modules.entries()) {
      if (text.includes(module.module_id.toLowerCase()) || (module.title.length > 3 && text.includes(module.title.toLowerCase()))) return { stage: s, module: m };
    }
    if (text.includes(stage.stage_id.toLowerCase()) || (stage.title.length > 3 && text.includes(stage.title.toLowerCase()))) return { stage: s };
  }
  return null;
}

/** An issue tied to a node by its id, so it stays on that node when the tree is reordered. */
export type AnchoredIssue = Issue & { nodeId: string | null };

function nodeId(framework: RoadmapFramework, path: NodePath | null): string | null {
  if (!path) return null;
  const node = getNode(framework, path);
  if (!node) return null;
  return "concept_id" in node ? node.concept_id : "module_id" in node ? node.module_id : node.stage_id;
}

/** Tie each issue (placed by index on `framework`, the proposal) to its node's id. */
export function anchorIssues(framework: RoadmapFramework, issues: readonly Issue[]): AnchoredIssue[] {
  return issues.map((item) => ({ ...item, nodeId: nodeId(framework, item.path) }));
}

/** Place anchored issues on an edited framework: each follows its node; a removed node's issues go. */
export function placeIssues(framework: RoadmapFramework, issues: readonly AnchoredIssue[]): Issue[] {
  const placed: Issue[] = [];
  for (const { nodeId: id, ...item } of issues) {
    if (id === null) {
      placed.push({ ...item, path: null });
      continue;
    }
    const path = locateId(framework, id);
    if (path) placed.push({ ...item, path });
  }
  return placed;
}
