import type { Estimate, Usage } from "@/api/types";
import { formatCount, formatUsd } from "@/lib/estimate";

const BASIS: Record<Estimate["basis"], string> = {
  measured: "measured on this deployment",
  partly_measured: "partly measured, partly built-in figures",
  default: "built-in figures (nothing measured yet)",
};

/** Live usage beside the content estimate (live while under review, frozen at approval). */
export function UsagePanel({ usage, estimate, frozen }: { usage: Usage; estimate: Estimate | null; frozen: boolean }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm" data-testid="usage-panel">
      <dt className="text-slate-600">LLM calls</dt>
      <dd className="text-right font-mono" data-testid="usage-calls">{formatCount(usage.llm_calls)}</dd>
      <dt className="text-slate-600">Tokens (prompt + completion)</dt>
      <dd className="text-right font-mono">
        {formatCount(usage.prompt_tokens)} + {formatCount(usage.completion_tokens)}
      </dd>
      <dt className="text-slate-600">Cost so far</dt>
      <dd className="text-right font-mono" data-testid="usage-cost">{formatUsd(usage.cost_usd)}</dd>
      {estimate ? (
        <>
          <dt className="col-span-2 mt-2 border-t border-slate-100 pt-2 font-medium text-slate-800">
            Content estimate {frozen ? "(frozen at approval)" : "(live)"}
          </dt>
          <dt className="text-slate-600">Concepts × types</dt>
          <dd className="text-right font-mono">
            {estimate.concepts} × {estimate.content_types.length}
          </dd>
          <dt className="text-slate-600">Expected calls</dt>
          <dd className="text-right font-mono">{formatCount(estimate.llm_calls)}</dd>
          <dt className="text-slate-600">Expected cost</dt>
          <dd className="text-right font-mono" data-testid="estimate-cost">{formatUsd(estimate.cost_usd)}</dd>
          <dd className="col-span-2 text-xs text-slate-500">Basis: {BASIS[estimate.basis]}.</dd>
        </>
      ) : null}
    </dl>
  );
}
