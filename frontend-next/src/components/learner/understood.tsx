import type { UnderstoodIntent } from "@/api/types";
import { Card } from "@/components/ui/card";

const LEVELS: Record<string, string> = { beginner: "Beginner", intermediate: "Intermediate", advanced: "Advanced" };

function Items({ label, items, testId, empty }: { label: string; items: readonly string[]; testId: string; empty: string }) {
  return (
    <>
      <dt className="text-slate-600">{label}</dt>
      <dd data-testid={testId}>
        {items.length === 0 ? (
          <span className="text-slate-500">{empty}</span>
        ) : (
          <ul className="list-disc space-y-0.5 pl-5">
            {items.map((item, index) => (
              <li key={`${index}-${item}`} className="break-words">
                {item}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}

/**
 * What Waymark understood of the goal (the task's `intent`): the reading the roadmap was built
 * from, so the learner can see why it looks as it does and say which assumption is wrong.
 * Model text, rendered as text.
 */
export function UnderstoodCard({ intent, pending }: { intent: UnderstoodIntent | null | undefined; pending?: boolean }) {
  return (
    <Card title="What Waymark understood">
      {!intent ? (
        <p className="text-sm text-slate-600" data-testid="intent-pending">
          {pending ? "Waymark is still reading your goal." : "This task has no reading of the goal."}
        </p>
      ) : (
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]" data-testid="understood">
          <dt className="text-slate-600">Topic</dt>
          <dd className="break-words" data-testid="intent-topic">
            {intent.topic}
          </dd>
          <dt className="text-slate-600">Level</dt>
          <dd>{LEVELS[intent.level] ?? intent.level}</dd>
          <Items label="Goals" items={intent.goals} testId="intent-goals" empty="None named" />
          <Items label="Constraints" items={intent.constraints} testId="intent-constraints" empty="None named" />
          <Items label="Focus areas" items={intent.focus_areas} testId="intent-focus" empty="None named" />
          <Items label="Assumed you know" items={intent.assumed_knowledge ?? []} testId="intent-assumed" empty="Nothing assumed" />
        </dl>
      )}
    </Card>
  );
}
