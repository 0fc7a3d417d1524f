import type { ContentType } from "@/api/types";
import type { Board, CellState } from "@/lib/board";

const CELL: Record<CellState, { label: string; mark: string; tone: string }> = {
  pending: { label: "pending", mark: "·", tone: "bg-slate-50 text-slate-400" },
  started: { label: "started", mark: "…", tone: "bg-brand-50 text-brand-700 animate-pulse" },
  completed: { label: "completed", mark: "✓", tone: "bg-emerald-50 text-emerald-700" },
  failed: { label: "failed", mark: "✕", tone: "bg-red-50 text-red-700" },
};

/** Concept × content type, live: pending, started, completed or failed. */
export function ContentBoard({ board, types, titles, roadmapId }: { board: Board; types: readonly ContentType[]; titles: ReadonlyMap<string, string>; roadmapId: string | null }) {
  if (board.size === 0) return <p className="text-sm text-slate-600">The board fills in once the roadmap is approved and content generation starts.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="content-board">
        <caption className="sr-only">Content generation per concept and content type</caption>
        <thead>
          <tr>
            <th scope="col" className="py-1 pr-2 text-left font-medium text-slate-600">
              Concept
            </th>
            {types.map((type) => (
              <th key={type} scope="col" className="px-1 py-1 text-center font-medium text-slate-600 capitalize">
                {type}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...board.entries()].map(([conceptId, row]) => (
            <tr key={conceptId} className="border-t border-slate-100" data-concept-id={conceptId}>
              <th scope="row" className="py-1 pr-2 text-left font-normal">
                {/* table cells ignore max-width: the truncating box lives inside */}
                <div className="max-w-[9rem] truncate sm:max-w-[16rem]">
                  {roadmapId ? (
                    <a className="text-brand-700 hover:underline" href={`/roadmaps/${roadmapId}?concept=${encodeURIComponent(conceptId)}`}>
                      {titles.get(conceptId) ?? conceptId}
                    </a>
                  ) : (
                    (titles.get(conceptId) ?? conceptId)
                  )}
                </div>
              </th>
              {types.map((type) => {
                const state = row[type] ?? "pending";
                const cell = CELL[state];
                return (
                  <td key={type} className="px-1 py-1 text-center" data-type={type} data-state={state}>
                    <span className={`inline-block min-w-8 rounded px-1.5 py-0.5 ${cell.tone}`} title={`${type}: ${cell.label}`}>
                      <span aria-hidden>{cell.mark}</span>
                      <span className="sr-only">{cell.label}</span>
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
