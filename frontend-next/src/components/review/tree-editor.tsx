"use client";
import { memo, useMemo, useRef, useState, type DragEvent, type ReactNode } from "react";
import type { Concept, RoadmapFramework } from "@/api/types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ConceptChange } from "@/lib/diff";
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

/** An edit of the draft: a function of the latest draft, with the row to focus afterwards. */
export type Edited = RoadmapFramework | { framework: RoadmapFramework; focus: NodePath | null };
export type Edit = (change: (framework: RoadmapFramework) => Edited, group?: string) => void;

type Props = {
  framework: RoadmapFramework;
  /** stable: rows built with it re-render only when their own concept changes */
  edit: Edit;
  issues: ReadonlyMap<string, Issue[]>;
  changes: ReadonlyMap<string, ConceptChange>;
  /** stage and module ids folded away */
  collapsed: ReadonlySet<string>;
  onToggle: (id: string) => void;
};

const CHANGE_BADGE: Record<ConceptChange["kind"], string> = { added: "new", changed: "edited", removed: "removed" };

type Drag = {
  rowProps: (path: NodePath) => { draggable: true; onDragStart: (event: DragEvent) => void; onDragEnd: () => void };
  dropProps: (target: NodePath) => { onDragOver: (event: DragEvent) => void; onDrop: (event: DragEvent) => void };
};

function removal(path: NodePath) {
  return (framework: RoadmapFramework): Edited => {
    const next = removeNode(framework, path);
    return { framework: next, focus: focusAfterRemoval(next, path) };
  };
}

function move(path: NodePath, direction: -1 | 1) {
  return (framework: RoadmapFramework): Edited => {
    const moved = moveNode(framework, path, direction);
    return { framework: moved.framework, focus: moved.path };
  };
}

/** The proposal as an editable tree: stages → modules → concepts; stages and modules fold away. */
export function TreeEditor({ framework, edit, issues, changes, collapsed, onToggle }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const [confirmStage, setConfirmStage] = useState<number | null>(null);
  const dragging = useRef<NodePath | null>(null);
  // drag and drop keeps what is dragged in a ref: rows need not re-render while it moves
  const drag = useMemo<Drag>(
    () => ({
      rowProps: (path) => ({
        draggable: true,
        onDragStart: (event) => {
          event.stopPropagation();
          event.dataTransfer.effectAllowed = "move";
          event.dataTransfer.setData("text/plain", pathKey(path));
          dragging.current = path;
        },
        onDragEnd: () => (dragging.current = null),
      }),
      dropProps: (target) => ({
        onDragOver: (event) => {
          if (dragging.current && kindOf(dragging.current) === kindOf(target)) event.preventDefault();
        },
        onDrop: (event) => {
          event.preventDefault();
          event.stopPropagation();
          const from = dragging.current;
          dragging.current = null;
          if (from && kindOf(from) === kindOf(target)) edit((f) => ({ framework: moveTo(f, from, target), focus: target }));
        },
      }),
    }),
    [edit],
  );
  const stageToRemove = confirmStage === null ? undefined : framework.stages[confirmStage];

  return (
    <div className="space-y-4" data-testid="tree-editor">
      <ol className="space-y-4" aria-label="Stages">
        {framework.stages.map((stage, s) => {
          const stagePath = { stage: s };
          const folded = collapsed.has(stage.stage_id);
          return (
            <li key={`${stage.stage_id}-${s}`} data-path-key={pathKey(stagePath)} className="rounded-lg border border-slate-200 bg-white p-3" {...drag.dropProps(stagePath)}>
              <Row drag={drag.rowProps(stagePath)} issues={issues.get(pathKey(stagePath))}>
                <FoldButton kind="stage" title={stage.title} folded={folded} onClick={() => onToggle(stage.stage_id)} />
                <TitleInput label={`Title of stage ${s + 1}`} value={stage.title} onChange={(title) => edit((f) => rename(f, stagePath, title), `title:${stage.stage_id}`)} strong />
                <RowControls label={`stage “${stage.title}”`} onMove={(d) => edit(move(stagePath, d))} onRemove={() => setConfirmStage(s)} canRemove={framework.stages.length > 1} />
              </Row>
              {folded ? (
                <p className="mt-1 pl-8 text-xs text-slate-600" data-testid="folded">
                  {stage.modules.length} module{stage.modules.length === 1 ? "" : "s"}, {stage.modules.reduce((n, m) => n + m.concepts.length, 0)} concepts folded
                </p>
              ) : (
                <>
                  <ol className="mt-2 space-y-3 border-l-2 border-slate-100 pl-2 sm:pl-4" aria-label={`Modules of ${stage.title}`}>
                    {stage.modules.map((group, m) => {
                      const modulePath: ModulePath = { stage: s, module: m };
                      const moduleFolded = collapsed.has(group.module_id);
                      return (
                        <li key={`${group.module_id}-${m}`} data-path-key={pathKey(modulePath)} {...drag.dropProps(modulePath)}>
                          <Row drag={drag.rowProps(modulePath)} issues={issues.get(pathKey(modulePath))}>
                            <FoldButton kind="module" title={group.title} folded={moduleFolded} onClick={() => onToggle(group.module_id)} />
                            <TitleInput label={`Title of module ${group.title}`} value={group.title} onChange={(title) => edit((f) => rename(f, modulePath, title), `title:${group.module_id}`)} />
                            <RowControls label={`module “${group.title}”`} onMove={(d) => edit(move(modulePath, d))} onRemove={() => edit(removal(modulePath))} canRemove />
                          </Row>
                          {moduleFolded ? (
                            <p className="mt-1 pl-8 text-xs text-slate-600" data-testid="folded">
                              {group.concepts.length} concept{group.concepts.length === 1 ? "" : "s"} folded
                            </p>
                          ) : (
                            <>
                              <ol className="mt-1 space-y-1 pl-2 sm:pl-4" aria-label={`Concepts of ${group.title}`} {...drag.dropProps({ ...modulePath, concept: group.concepts.length })}>
                                {group.concepts.map((concept, c) => {
                                  const key = pathKey({ stage: s, module: m, concept: c });
                                  return (
                                    <ConceptRow
                                      key={`${concept.concept_id}-${c}`}
                                      concept={concept}
                                      s={s}
                                      m={m}
                                      c={c}
                                      issues={issues.get(key)}
                                      change={changes.get(concept.concept_id)}
                                      open={open === key}
                                      // only the open row needs the whole framework (its prerequisites)
                                      framework={open === key ? framework : undefined}
                                      setOpen={setOpen}
                                      edit={edit}
                                      drag={drag}
                                    />
                                  );
                                })}
                              </ol>
                              <button type="button" className="mt-1 ml-2 text-xs text-brand-700 hover:underline sm:ml-4" onClick={() => edit((f) => ({ framework: addConcept(f, modulePath), focus: { ...modulePath, concept: group.concepts.length } }))}>
                                + Add concept to {group.title}
                              </button>
                            </>
                          )}
                        </li>
                      );
                    })}
                  </ol>
                  <button type="button" className="mt-2 text-xs text-brand-700 hover:underline" onClick={() => edit((f) => ({ framework: addModule(f, stagePath), focus: { stage: s, module: stage.modules.length } }))}>
                    + Add module to {stage.title}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" data-add-stage className="text-sm text-brand-700 hover:underline" onClick={() => edit((f) => ({ framework: addStage(f), focus: { stage: f.stages.length } }))}>
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
              edit(removal({ stage: index }));
            }}
          >
            Remove stage
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

type ConceptRowProps = {
  concept: Concept;
  s: number;
  m: number;
  c: number;
  issues: Issue[] | undefined;
  change: ConceptChange | undefined;
  open: boolean;
  framework: RoadmapFramework | undefined;
  setOpen: (update: (current: string | null) => string | null) => void;
  edit: Edit;
  drag: Drag;
};

/** One concept row; memoised: typing into one title re-renders that row, not 150. */
const ConceptRow = memo(function ConceptRow({ concept, s, m, c, issues, change, open, framework, setOpen, edit, drag }: ConceptRowProps) {
  const path: ConceptPath = { stage: s, module: m, concept: c };
  const key = pathKey(path);
  return (
    <li data-path-key={key} data-concept-id={concept.concept_id} className="rounded-md border border-slate-100 p-1.5" {...drag.dropProps(path)}>
      <Row drag={drag.rowProps(path)} issues={issues}>
        <TitleInput label={`Title of concept ${concept.title}`} value={concept.title} onChange={(title) => edit((f) => rename(f, path, title), `title:${concept.concept_id}`)} />
        <span className="shrink-0 text-xs text-slate-600">{concept.estimated_hours} h</span>
        {change ? <span className="shrink-0 rounded bg-brand-50 px-1 text-xs text-brand-700">{CHANGE_BADGE[change.kind]}</span> : null}
        <button type="button" aria-expanded={open} aria-label={`Details of ${concept.title}`} className="shrink-0 rounded px-1.5 py-1 text-xs text-slate-700 hover:bg-slate-100" onClick={() => setOpen((current) => (current === key ? null : key))}>
          {open ? "Hide" : "Details"}
        </button>
        <RowControls label={`concept “${concept.title}”`} onMove={(d) => edit(move(path, d))} onRemove={() => edit(removal(path))} canRemove />
      </Row>
      {open && framework ? (
        <ConceptDetails framework={framework} path={path} concept={concept} onChange={(fields) => edit((f) => updateNode(f, path, fields), `fields:${concept.concept_id}:${Object.keys(fields).join(",")}`)} />
      ) : null}
    </li>
  );
});

function Row({ children, issues, drag }: { children: ReactNode; issues: Issue[] | undefined; drag: ReturnType<Drag["rowProps"]> }) {
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
      className={`min-w-0 flex-1 basis-40 rounded border border-transparent bg-transparent px-1.5 py-1 hover:border-slate-200 focus:border-brand-500 ${strong ? "font-semibold" : "text-sm"}`}
    />
  );
}

function FoldButton({ kind, title, folded, onClick }: { kind: "stage" | "module"; title: string; folded: boolean; onClick: () => void }) {
  return (
    <button type="button" aria-expanded={!folded} aria-label={`${folded ? "Expand" : "Collapse"} ${kind} “${title}”`} onClick={onClick} className="shrink-0 rounded px-1.5 py-1 text-slate-600 hover:bg-slate-100">
      <span aria-hidden>{folded ? "▸" : "▾"}</span>
    </button>
  );
}
