import type { Estimate } from "@/api/types";
import type { FrameworkDiff } from "@/lib/diff";
import { formatCount, formatUsd } from "@/lib/estimate";

const FIELD_NAMES: Record<string, string> = {
  title: "renamed",
  description: "description",
  estimated_hours: "hours",
  difficulty: "difficulty",
  prerequisites: "prerequisites",
  module: "moved to another module",
  position: "reordered",
};

/** The edit against the proposal, as a list a learner can scan. */
export function DiffSummary({ diff }: { diff: FrameworkDiff }) {
  if (diff.concepts.length === 0 && diff.groups.length === 0) return <p className="text-sm text-slate-600">No changes: approving sends the proposal as it is.</p>;
  return (
    <ul className="space-y-1 text-sm" data-testid="diff-summary">
      {diff.concepts.map((change) => (
        <li key={`${change.kind}-${change.id}`} data-kind={change.kind}>
          <span className={change.kind === "removed" ? "text-red-700" : change.kind === "added" ? "text-emerald-700" : "text-brand-700"}>
            {change.kind === "added" ? "+ added" : change.kind === "removed" ? "− removed" : "~ changed"}
          </span>{" "}
          “{change.title}”{change.kind === "changed" ? ` (${change.fields.map((f) => FIELD_NAMES[f] ?? f).join(", ")})` : ""}
        </li>
      ))}
      {diff.groups.map((line) => (
        <li key={line}>~ {line}</li>
      ))}
    </ul>
  );
}

export function EstimateSummary({ original, edited }: { original: Estimate | null; edited: Estimate | null }) {
  if (!original || !edited) return <p className="text-sm text-slate-600">No estimate yet.</p>;
  const changed = original.concepts !== edited.concepts;
  return (
    <dl className="grid grid-cols-2 gap-1 text-sm" data-testid="estimate-summary">
      <dt className="text-slate-600">Concepts</dt>
      <dd className="text-right font-mono" data-testid="estimate-concepts">
        {changed ? `${original.concepts} → ` : ""}
        {edited.concepts}
      </dd>
      <dt className="text-slate-600">LLM calls</dt>
      <dd className="text-right font-mono">{formatCount(edited.llm_calls)}</dd>
      <dt className="text-slate-600">Content cost</dt>
      <dd className="text-right font-mono" data-testid="estimate-edited-cost">
        {changed ? `${formatUsd(original.cost_usd)} → ` : ""}
        {formatUsd(edited.cost_usd)}
      </dd>
      {original.tested_out ? (
        <>
          <dt className="text-slate-600">Tested out</dt>
          <dd className="text-right" data-testid="estimate-tested-out">
            {original.tested_out} concept{original.tested_out === 1 ? "" : "s"}, saves <span className="font-mono">{formatUsd(original.saved_cost_usd ?? 0)}</span>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
