"use client";
import { useState, type DragEvent, type ReactNode } from "react";
import type { RoadmapFramework } from "@/api/types";
import type { ConceptChange } from "@/lib/diff";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import {
  addConcept,
  addModule,
  addStage,
  type ConceptPath,
  focusAfterRemoval,
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
  /** `focus`: the row to focus after the edit; `group`: edits of one field that undo as one step */
  onChange: (next: RoadmapFramework, focus?: NodePath | null, group?: string) => void;
  issues: ReadonlyMap<string, Issue[]>;
  changes: ReadonlyMap<string, ConceptChange>;
  /** stage and module ids folded away */
  collapsed: ReadonlySet<string>;
  onToggle: (id: string) => void;
};

const CHANGE_BADGE: Record<ConceptChange["kind"], string> = { added: "new", changed: "edited", removed: "removed" };

/** The proposal as an editable tree: stages → modules → concepts; stages and modules fold away. */
export function TreeEditor({ framework, onChange, issues, changes, collapsed, onToggle }: Props) {
  const [dragging, setDragging] = useState<NodePath | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [confirmStage, setConfirmStage] = useState<number | null>(null);
  const remove = (path: NodePath) => {
    const next = removeNode(framework, path);
    onChange(next, focusAfterRemoval(next, path));
  };
  const stageToRemove = confirmStage === null ? undefined : framework.stages[confirmStage];

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
                <FoldButton kind="stage" title={stage.title} folded={collapsed.has(stage.stage_id)} onClick={() => onToggle(stage.stage_id)} />
                <TitleInput label={`Title of stage ${s + 1}`} value={stage.title} onChange={(title) => onChange(rename(framework, stagePath, title), null, `title:${stage.stage_id}`)} strong />
                <RowControls label={`stage “${stage.title}”`} onMove={(d) => move(stagePath, d)} onRemove={() => setConfirmStage(s)} canRemove={framework.stages.length > 1} />
              </Row>
              {collapsed.has(stage.stage_id) ? (
                <p className="mt-1 pl-8 text-xs text-slate-600" data-testid="folded">
                  {stage.modules.length} module{stage.modules.length === 1 ? "" : "s"}, {stage.modules.reduce((n, m) => n + m.concepts.length, 0)} concepts folded
                </p>
              ) : (
              <>
              <ol className="mt-2 space-y-3 border-l-2 border-slate-100 pl-2 sm:pl-4" aria-label={`Modules of ${stage.title}`}>
                {stage.modules.map((module, m) => {
                  const modulePath: ModulePath = { stage: s, module: m };
                  return (
                    <li key={`${module.module_id}-${m}`} data-path-key={pathKey(modulePath)} {...dropProps(modulePath)}>
                      <Row {...dragProps(modulePath)} issues={issues.get(pathKey(modulePath))}>
                        <FoldButton kind="module" title={module.title} folded={collapsed.has(module.module_id)} onClick={() => onToggle(module.module_id)} />
                        <TitleInput label={`Title of module ${module.title}`} value={module.title} onChange={(title) => onChange(rename(framework, modulePath, title), null, `title:${module.module_id}`)} />
                        <RowControls label={`module “${module.title}”`} onMove={(d) => move(modulePath, d)} onRemove={() => remove(modulePath)} canRemove />
                      </Row>
                      {collapsed.has(module.module_id) ? (
                        <p className="mt-1 pl-8 text-xs text-slate-600" data-testid="folded">
                          {module.concepts.length} concept{module.concepts.length === 1 ? "" : "s"} folded
                        </p>
                      ) : (
                      <>
                      <ol className="mt-1 space-y-1 pl-2 sm:pl-4" aria-label={`Concepts of ${module.title}`} {...dropProps(modulePath, { ...modulePath, concept: module.concepts.length })}>
                        {module.concepts.map((concept, c) => {
                          const conceptPath: ConceptPath = { stage: s, module: m, concept: c };
                          const key = pathKey(conceptPath);
                          const change = changes.get(concept.concept_id);
                          return (
                            <li key={`${concept.concept_id}-${c}`} data-path-key={key} data-concept-id={concept.concept_id} className="rounded-md border border-slate-100 p-1.5" {...dropProps(conceptPath)}>
                              <Row {...dragProps(conceptPath)} issues={issues.get(key)}>
                                <TitleInput label={`Title of concept ${concept.title}`} value={concept.title} onChange={(title) => onChange(rename(framework, conceptPath, title), null, `title:${concept.concept_id}`)} />
                                <span className="shrink-0 text-xs text-slate-500">{concept.estimated_hours} h</span>
                                {change ? <span className="shrink-0 rounded bg-brand-50 px-1 text-xs text-brand-700">{CHANGE_BADGE[change.kind]}</span> : null}
                                <button type="button" aria-expanded={open === key} aria-label={`Details of ${concept.title}`} className="shrink-0 rounded px-1.5 py-1 text-xs text-slate-600 hover:bg-slate-100" onClick={() => setOpen(open === key ? null : key)}>
                                  {open === key ? "Hide" : "Details"}
                                </button>
                                <RowControls label={`concept “${concept.title}”`} onMove={(d) => move(conceptPath, d)} onRemove={() => remove(conceptPath)} canRemove />
                              </Row>
                              {open === key ? <ConceptDetails framework={framework} path={conceptPath} concept={concept} onChange={(fields) => onChange(updateNode(framework, conceptPath, fields), null, `fields:${concept.concept_id}:${Object.keys(fields).join(",")}`)} /> : null}
                            </li>
                          );
                        })}
                      </ol>
                      <button type="button" className="mt-1 ml-2 text-xs text-brand-700 hover:underline sm:ml-4" onClick={() => onChange(addConcept(framework, modulePath), { ...modulePath, concept: module.concepts.length })}>
                        + Add concept to {module.title}
                      </button>
                      </>
                      )}
                    </li>
                  );
                })}
              </ol>
              <button type="button" className="mt-2 text-xs text-brand-700 hover:underline" onClick={() => onChange(addModule(framework, stagePath), { stage: s, module: stage.modules.length })}>
                + Add module to {stage.title}
              </button>
              </>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" data-add-stage className="text-sm text-brand-700 hover:underline" onClick={() => onChange(addStage(framework), { stage: framework.stages.length })}>
        + Add stage
      </button>
      <Dialog
        open={stageToRemove !== undefined}
        onOpenChange={(isOpen) => !isOpen && setConfirmStage(null)}
        title={`Remove the stage “${stageToRemove?.title ?? ""}”?`}
        description={`Its ${stageToRemove?.modules.length ?? 0} module(s) and ${stageToRemove?.modules.reduce((n, m) => n + m.concepts.length, 0) ?? 0} concept(s) go with it. Undo brings them back.`}
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmStage(null)}>
            Keep it
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              const index = confirmStage!;
              setConfirmStage(null);
              remove({ stage: index });
            }}
          >
            Remove stage
          </Button>
        </div>
      </Dialog>
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

function FoldButton({ kind, title, folded, onClick }: { kind: "stage" | "module"; title: string; folded: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-expanded={!folded}
      aria-label={`${folded ? "Expand" : "Collapse"} ${kind} “${title}”`}
      onClick={onClick}
      className="shrink-0 rounded px-1.5 py-1 text-slate-600 hover:bg-slate-100"
    >
      <span aria-hidden>{folded ? "▸" : "▾"}</span>
    </button>
  );
}
