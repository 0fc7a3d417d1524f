import type { RoadmapOut } from "@/api/types";
import { Card } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/status";
import { pacePlan } from "@/lib/pace";
import { paceConcepts, weeklyHoursOf } from "@/lib/roadmap";

/** Overall progress and the pace plan: this week's concepts, then the weeks after; mastered concepts are left out. */
export function PaceCard({ roadmap, mastered }: { roadmap: RoadmapOut; mastered: ReadonlySet<string> }) {
  const plan = pacePlan(paceConcepts(roadmap, mastered), weeklyHoursOf(roadmap));
  const [thisWeek, ...later] = plan.weeks;
  return (
    <Card title="Progress and pace" className="no-print">
      <p className="mb-2 text-sm" data-testid="overall-progress">
        {roadmap.progress.completed} of {roadmap.progress.concepts} concepts done ({roadmap.progress.percent}%)
      </p>
      <ProgressBar value={roadmap.progress.percent} label="Roadmap progress" />
      {plan.masteredCount > 0 ? (
        <p className="mt-2 text-sm text-slate-600" data-testid="pace-mastered">
          {plan.masteredCount} concept{plan.masteredCount === 1 ? "" : "s"} you have mastered {plan.masteredCount === 1 ? "is" : "are"} left out of the plan.
        </p>
      ) : null}
      {thisWeek ? (
        <div className="mt-3 text-sm" data-testid="pace-plan">
          <p className="font-medium">
            This week ({thisWeek.hours} h of {plan.weeklyHours} h):
          </p>
          <ul className="mt-1 list-disc pl-5">
            {thisWeek.concepts.map((c) => (
              <li key={c.id}>{c.title}</li>
            ))}
          </ul>
          {later.length ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-slate-600">
                Then {later.length} more week{later.length === 1 ? "" : "s"} ({plan.remainingHours - thisWeek.hours} h)
              </summary>
              <ol className="mt-1 space-y-1 pl-2 text-slate-700">
                {later.map((week) => (
                  <li key={week.week}>
                    Week {week.week}: {week.concepts.map((c) => c.title).join(", ")}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </div>
      ) : (
        <p className="mt-3 text-sm text-emerald-800">{plan.masteredCount > 0 ? "Every concept is done or mastered. Well done!" : "Every concept is done. Well done!"}</p>
      )}
    </Card>
  );
}
