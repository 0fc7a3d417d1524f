import type { Estimate, Usage } from "@/api/types";
import { formatCount, formatRatio, formatUsd, spendAgainstEstimate } from "@/lib/estimate";

const BASIS: Record<Estimate["basis"], string> = {
  measured: "measured on this deployment",
  partly_measured: "partly measured, partly built-in figures",
  default: "built-in figures (nothing measured yet)",
};

/** Live usage beside the content estimate (live while under review, frozen at approval). */
export function UsagePanel({ usage, estimate, frozen }: { usage: Usage; estimate: Estimate | null; frozen: boolean }) {
  const spend = spendAgainstEstimate(usage.cost_usd, estimate);
  return (
    <div className="space-y-3">
      {spend ? (
        <div className="space-y-1" data-testid="usage-ratio" data-over={spend.over}>
          <p className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span className="text-slate-600">Spent against the estimate</span>
            <span className={`font-mono font-semibold ${spend.over ? "text-red-700" : "text-slate-900"}`}>
              {formatRatio(spend.ratio)} <span className="font-normal text-slate-600">({formatUsd(usage.cost_usd)} of {formatUsd(estimate!.cost_usd)})</span>
            </span>
          </p>
          <div aria-hidden className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200">
            <div className={`h-full rounded-full ${spend.over ? "bg-red-600" : "bg-accent"}`} style={{ width: `${Math.min(100, spend.ratio * 100)}%` }} />
          </div>
          {spend.over ? (
            <p role="status" className="rounded-md bg-amber-50 p-2 text-xs text-amber-900" data-testid="usage-over">
              Spending has run over the estimate ({formatRatio(spend.ratio)}). Retries and longer answers cost more than expected; cancel the task if it should stop here.
            </p>
          ) : null}
        </div>
      ) : null}
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
          {estimate.tested_out ? (
            <>
              <dt className="text-slate-600">Tested out (not generated)</dt>
              <dd className="text-right" data-testid="estimate-tested-out">
                {estimate.tested_out}, saves <span className="font-mono">{formatUsd(estimate.saved_cost_usd ?? 0)}</span>
              </dd>
            </>
          ) : null}
          <dd className="col-span-2 text-xs text-slate-500">Basis: {BASIS[estimate.basis]}.</dd>
        </>
      ) : null}
    </dl>
    </div>
  );
}
