"use client";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/client/api";

export const MENTOR_BUDGET_KEY = ["mentor-budget"] as const;

/** The 429 that says today's mentor budget is used up: its sentence and when asking opens again. */
export type BudgetSpent = { detail: string; resetsAt: string };

/** The budget's 429 carries `resets_at`; the other 429s (per minute, too many streams) do not. */
export function budgetSpentOf(status: number, body: unknown): BudgetSpent | null {
  if (status !== 429 || !body || typeof body !== "object") return null;
  const { detail, resets_at } = body as { detail?: unknown; resets_at?: unknown };
  if (typeof resets_at !== "string" || Number.isNaN(Date.parse(resets_at))) return null;
  return { detail: typeof detail === "string" && detail ? detail : "Today's mentor budget is used up.", resetsAt: resets_at };
}

function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
}

/** "Mentor budget today: N of M tokens left · resets HH:MM", with a meter; refetched after each answer. */
export function MentorBudgetMeter() {
  const budget = useQuery({ queryKey: MENTOR_BUDGET_KEY, queryFn: () => unwrap(api.GET("/api/v1/me/mentor-budget")) });
  if (!budget.data) return null;
  const { remaining_tokens: left, daily_tokens: daily, resets_at } = budget.data;
  const text = `Mentor budget today: ${left.toLocaleString("en")} of ${daily.toLocaleString("en")} tokens left · resets ${clock(resets_at)}`;
  return (
    <div className="space-y-1" data-testid="mentor-budget">
      <p id="mentor-budget-text" className="text-xs text-slate-600" data-testid="mentor-budget-text" data-left={left}>
        {text}
      </p>
      <meter className="h-2 w-full" min={0} max={Math.max(daily, 1)} low={daily * 0.2} optimum={daily} value={left} aria-labelledby="mentor-budget-text" />
    </div>
  );
}

/** The budget's 429 in the panel: its own sentence; asking stays off until the reset. */
export function BudgetSpentNotice({ spent }: { spent: BudgetSpent }) {
  return (
    <p role="alert" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900" data-testid="mentor-budget-spent">
      {spent.detail} Asking opens again at {clock(spent.resetsAt)}.
    </p>
  );
}
