"use client";
import { Fragment } from "react";
import type { ContentType, RoadmapFramework } from "@/api/types";
import { type Board, type CellState, cellKey, groupBoard } from "@/lib/board";

const CELL: Record<CellState, { label: string; mark: string; tone: string }> = {
  pending: { label: "pending", mark: "·", tone: "bg-slate-50 text-slate-500" },
  started: { label: "started", mark: "…", tone: "bg-brand-50 text-brand-700 motion-safe:animate-pulse" },
  completed: { label: "completed", mark: "✓", tone: "bg-emerald-50 text-emerald-700" },
  failed: { label: "failed", mark: "✕", tone: "bg-red-50 text-red-700" },
};

type Props = {
  board: Board;
  types: readonly ContentType[];
  titles: ReadonlyMap<string, string>;
  framework: RoadmapFramework | null;
  roadmapId: string | null;
  /** a failed cell can be generated again (the task has ended); absent: no retry buttons */
  onRetry?: (conceptId: string, type: ContentType) => void;
  retrying: ReadonlySet<string>;
};

/**
 * Concept × content type, live, grouped by stage and module. The table never needs to scroll
 * sideways: fixed columns for the types, the concept column takes the rest and wraps.
 */
export function ContentBoard({ board, types, titles, framework, roadmapId, onRetry, retrying }: Props) {
  if (board.size === 0) return <p className="text-sm text-slate-600">The board fills in once the roadmap is approved and content generation starts.</p>;
  const groups = groupBoard(board, framework);
  const span = types.length + 1;
  return (
    <table className="w-full table-fixed border-collapse text-sm" data-testid="content-board">
      <caption className="sr-only">Content generation per concept and content type, grouped by stage and module</caption>
      <colgroup>
        <col />
        {types.map((type) => (
          <col key={type} className="w-[4.25rem] sm:w-24" />
        ))}
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="py-1 pr-2 text-left font-medium text-slate-600">
            Concept
          </th>
          {types.map((type) => (
            <th key={type} scope="col" className="px-0.5 py-1 text-center text-xs font-medium text-slate-600 capitalize sm:text-sm" data-column={type}>
              {type}
            </th>
          ))}
        </tr>
      </thead>
      {groups.map((group) => (
        <tbody key={group.stageId || "rest"} data-stage-id={group.stageId}>
          {group.stageTitle ? (
            <tr>
              <th scope="colgroup" colSpan={span} className="bg-slate-100 px-2 py-1 text-left text-xs font-semibold text-slate-800">
                {group.stageTitle}
              </th>
            </tr>
          ) : null}
          {group.modules.map((part) => (
            <Fragment key={part.moduleId || "rest"}>
              {part.moduleTitle ? (
                <tr>
                  <th scope="colgroup" colSpan={span} className="px-2 pt-2 pb-0.5 text-left text-[11px] font-medium tracking-wide text-slate-600 uppercase">
                    {part.moduleTitle}
                  </th>
                </tr>
              ) : null}
              {part.conceptIds.map((conceptId) => {
                const row = board.get(conceptId) ?? {};
                const title = titles.get(conceptId) ?? conceptId;
                return (
                  <tr key={conceptId} className="border-t border-slate-100" data-concept-id={conceptId}>
                    <th scope="row" className="py-1 pr-2 pl-2 text-left font-normal break-words">
                      {roadmapId ? (
                        <a className="text-brand-700 hover:underline" href={`/roadmaps/${roadmapId}?concept=${encodeURIComponent(conceptId)}`}>
                          {title}
                        </a>
                      ) : (
                        title
                      )}
                    </th>
                    {types.map((type) => {
                      const key = cellKey(conceptId, type);
                      const state: CellState = retrying.has(key) ? "started" : (row[type] ?? "pending");
                      const cell = CELL[state];
                      return (
                        <td key={type} className="px-0.5 py-1 text-center" data-type={type} data-state={state}>
                          {state === "failed" && onRetry ? (
                            <button
                              type="button"
                              onClick={() => onRetry(conceptId, type)}
                              className={`inline-flex min-w-8 items-center gap-1 rounded px-1.5 py-0.5 ring-1 ring-red-300 hover:bg-red-100 ${cell.tone}`}
                              aria-label={`Retry the ${type} of ${title} (failed)`}
                              title={`${type}: failed — retry`}
                            >
                              <span aria-hidden>✕ ↻</span>
                            </button>
                          ) : (
                            <span className={`inline-block min-w-8 rounded px-1.5 py-0.5 ${cell.tone}`} title={`${type}: ${cell.label}`}>
                              <span aria-hidden>{cell.mark}</span>
                              <span className="sr-only">{cell.label}</span>
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </Fragment>
          ))}
        </tbody>
      ))}
    </table>
  );
}
