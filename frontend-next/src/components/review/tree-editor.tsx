"use client";
import { useState, type DragEvent, type ReactNode } from "react";
import type { RoadmapFramework } from "@/api/types";
import type { ConceptChange } from "@/lib/diff";
import {
  addConcept,
  addModule,
  addStage,
  type ConceptPath,
  kindOf,
  type ModulePath,
  moveNode,
  moveTo,
  type NodePath,
  pathKey,
  removeNode,
  rename,
  updateNode,
} from "@/lib/framework";
import type { Issue } from "@/lib/validation";
import { ConceptDetails } from "./concept-details";
import { NodeIssues } from "./node-issues";
import { RowControls } from "./row-controls";

type Props = {
  framework: RoadmapFramework;
  onChange: (next: RoadmapFramework, focus?: NodePath) => void;
  issues: ReadonlyMap<string, Issue[]>;
  changes: ReadonlyMap<string, ConceptChange>;
};

const CHANGE_BADGE: Record<ConceptChange["kind"], string> = { added: "new", changed: "edited", removed: "removed" };

/** The proposal as an editable tree: stages → modules → concepts. */
export function TreeEditor({ framework, onChange, issues, changes }: Props) {
  const [dragging, setDragging] = useState<NodePath | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const move = (path: NodePath, direction: -1 | 1) => {
    const moved = moveNode(framework, path, direction);
    onChange(moved.framework, moved.path);
  };
  const dropProps = (path: NodePath, target: NodePath = path) => ({
    onDragOver: (event: DragEvent) => {
      if (dragging && kindOf(dragging) === kindOf(target)) event.preventDefault();
    },
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      event.stopPropagation();
      if (dragging && kindOf(dragging) === kindOf(target)) onChange(moveTo(framework, dragging, target), target);
      setDragging(null);
    },
  });
  const dragProps = (path: NodePath) => ({
    draggable: true,
    onDragStart: (event: DragEvent) => {
      event.stopPropagation();
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", pathKey(path));
      setDragging(path);
    },
    onDragEnd: () => setDragging(null),
  });

  return (
    <div className="space-y-4" data-testid="tree-editor">
      <ol className="space-y-4" aria-label="Stages">
        {framework.stages.map((stage, s) => {
          const stagePath = { stage: s };
          return (
            <li key={`${stage.stage_id}-${s}`} data-path-key={pathKey(stagePath)} className="rounded-lg border border-slate-200 bg-white p-3" {...dropProps(stagePath)}>
              <Row {...dragProps(stagePath)} issues={issues.get(pathKey(stagePath))}>
                <TitleInput label={`Title of stage ${s + 1}`} value={stage.title} onChange={(title) => onChange(rename(framework, stagePath, title))} strong />
                <RowControls label={`stage “${stage.title}”`} onMove={(d) => move(stagePath, d)} onRemove={() => onChange(removeNode(framework, stagePath))} canRemove={framework.stages.length > 1} />
              </Row>
              <ol className="mt-2 space-y-3 border-l-2 border-slate-100 pl-2 sm:pl-4" aria-label={`Modules of ${stage.title}`}>
                {stage.modules.map((module, m) => {
                  const modulePath: ModulePath = { stage: s, module: m };
                  return (
                    <li key={`${module.module_id}-${m}`} data-path-key={pathKey(modulePath)} {...dropProps(modulePath)}>
                      <Row {...dragProps(modulePath)} issues={issues.get(pathKey(modulePath))}>
                        <TitleInput label={`Title of module ${module.title}`} value={module.title} onChange={(title) => onChange(rename(framework, modulePath, title))} />
                        <RowControls label={`module “${module.title}”`} onMove={(d) => move(modulePath, d)} onRemove={() => onChange(removeNode(framework, modulePath))} canRemove />
                      </Row>
                      <ol className="mt-1 space-y-1 pl-2 sm:pl-4" aria-label={`Concepts of ${module.title}`} {...dropProps(modulePath, { ...modulePath, concept: module.concepts.length })}>
                        {module.concepts.map((concept, c) => {
                          const conceptPath: ConceptPath = { stage: s, module: m, concept: c };
                          const key = pathKey(conceptPath);
                          const change = changes.get(concept.concept_id);
                          return (
                            <li key={`${concept.concept_id}-${c}`} data-path-key={key} data-concept-id={concept.concept_id} className="rounded-md border border-slate-100 p-1.5" {...dropProps(conceptPath)}>
                              <Row {...dragProps(conceptPath)} issues={issues.get(key)}>
                                <TitleInput label={`Title of concept ${concept.title}`} value={concept.title} onChange={(title) => onChange(rename(framework, conceptPath, title))} />
                                <span className="shrink-0 text-xs text-slate-500">{concept.estimated_hours} h</span>
                                {change ? <span className="shrink-0 rounded bg-brand-50 px-1 text-xs text-brand-700">{CHANGE_BADGE[change.kind]}</span> : null}
                                <button type="button" aria-expanded={open === key} aria-label={`Details of ${concept.title}`} className="shrink-0 rounded px-1.5 py-1 text-xs text-slate-600 hover:bg-slate-100" onClick={() => setOpen(open === key ? null : key)}>
                                  {open === key ? "Hide" : "Details"}
                                </button>
                                <RowControls label={`concept “${concept.title}”`} onMove={(d) => move(conceptPath, d)} onRemove={() => onChange(removeNode(framework, conceptPath))} canRemove />
                              </Row>
                              {open === key ? <ConceptDetails framework={framework} path={conceptPath} concept={concept} onChange={(fields) => onChange(updateNode(framework, conceptPath, fields))} /> : null}
                            </li>
                          );
                        })}
                      </ol>
                      <button type="button" className="mt-1 ml-2 text-xs text-brand-700 hover:underline sm:ml-4" onClick={() => onChange(addConcept(framework, modulePath), { ...modulePath, concept: module.concepts.length })}>
                        + Add concept to {module.title}
                      </button>
                    </li>
                  );
                })}
              </ol>
              <button type="button" className="mt-2 text-xs text-brand-700 hover:underline" onClick={() => onChange(addModule(framework, stagePath), { stage: s, module: stage.modules.length })}>
                + Add module to {stage.title}
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" className="text-sm text-brand-700 hover:underline" onClick={() => onChange(addStage(framework), { stage: framework.stages.length })}>
        + Add stage
      </button>
    </div>
  );
}

type DragHandlers = { draggable: boolean; onDragStart: (event: DragEvent) => void; onDragEnd: () => void };

function Row({ children, issues, ...drag }: { children: ReactNode; issues: Issue[] | undefined } & DragHandlers) {
  return (
    <div {...drag} data-issues={issues?.length ?? 0} className={issues?.length ? "rounded-md ring-1 ring-red-300" : undefined}>
      <div className="flex flex-wrap items-center gap-1 sm:flex-nowrap">{children}</div>
      <NodeIssues issues={issues} />
    </div>
  );
}

function TitleInput({ label, value, onChange, strong = false }: { label: string; value: string; onChange: (value: string) => void; strong?: boolean }) {
  return (
    <input
      aria-label={label}
      value={value}
      maxLength={200}
      onChange={(event) => onChange(event.target.value)}
      className={`min-w-0 flex-1 basis-40 rounded border border-transparent px-1.5 py-1 hover:border-slate-200 focus:border-brand-500 ${strong ? "font-semibold" : "text-sm"}`}
    />
  );
}
