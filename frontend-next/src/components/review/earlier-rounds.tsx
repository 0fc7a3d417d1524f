import type { TaskOut } from "@/api/types";
import { Card } from "@/components/ui/card";

/** Feedback given in earlier review rounds (GET /tasks/{id} `reviews`, oldest first). */
export function EarlierRounds({ task }: { task: TaskOut }) {
  const rounds = task.reviews.filter((r) => r.feedback || r.decision !== "approve");
  if (rounds.length === 0) return null;
  return (
    <Card title="Earlier rounds">
      <ol className="space-y-2 text-sm" data-testid="earlier-rounds">
        {rounds.map((round) => (
          <li key={`${round.round}-${round.created_at}`}>
            <span className="font-medium">Round {round.round}</span> · {round.decision}
            {round.feedback ? <p className="mt-0.5 whitespace-pre-wrap text-slate-700">“{round.feedback}”</p> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
