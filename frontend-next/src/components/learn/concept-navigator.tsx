import Link from "next/link";
import type { ConceptSummary, RoadmapFramework } from "@/api/types";

function contentMark(summary: ConceptSummary | undefined): string {
  const states = Object.values(summary?.content ?? {}).map((c) => c.status);
  if (states.includes("failed")) return " · some content failed";
  if (states.some((s) => s === "generating" || s === "pending")) return " · generating";
  return "";
}

/** Stage → module → concept, with each concept's completion and content status. */
export function ConceptNavigator({ roadmapId, framework, concepts, selected }: { roadmapId: string; framework: RoadmapFramework; concepts: readonly ConceptSummary[]; selected: string | null }) {
  const byId = new Map(concepts.map((c) => [c.concept_id, c]));
  return (
    <nav aria-label="Concepts" className="space-y-3 text-sm" data-testid="concept-navigator">
      {framework.stages.map((stage) => (
        <div key={stage.stage_id}>
          <p className="font-semibold text-slate-800">{stage.title}</p>
          {stage.modules.map((module) => (
            <div key={module.module_id} className="mt-1 pl-2">
              <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{module.title}</p>
              <ul className="mt-0.5">
                {module.concepts.map((concept) => {
                  const summary = byId.get(concept.concept_id);
                  const current = selected === concept.concept_id;
                  return (
                    <li key={concept.concept_id}>
                      <Link
                        href={`/roadmaps/${roadmapId}?concept=${encodeURIComponent(concept.concept_id)}`}
                        aria-current={current ? "page" : undefined}
                        className={`flex items-start gap-2 rounded px-2 py-1 ${current ? "bg-brand-50 font-medium text-brand-700" : "hover:bg-slate-100"}`}
                        data-concept-id={concept.concept_id}
                      >
                        <span aria-hidden className={summary?.completed ? "text-emerald-600" : summary?.tested_out ? "text-brand-600" : "text-slate-300"}>
                          {summary?.completed ? "✓" : summary?.tested_out ? "★" : "○"}
                        </span>
                        <span className="min-w-0 break-words">
                          {concept.title}
                          <span className="sr-only">{summary?.completed ? " (completed)" : summary?.tested_out ? " (tested out)" : ""}</span>
                          <span className="text-xs text-slate-500">{contentMark(summary)}</span>
                        </span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </div>
      ))}
    </nav>
  );
}
