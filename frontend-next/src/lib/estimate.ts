import type { Estimate } from "@/api/types";

/** The content estimate for another number of concepts: the API's per-concept figures, scaled. */
export function scaleEstimate(estimate: Estimate, concepts: number): Estimate {
  if (estimate.concepts <= 0) return { ...estimate, concepts };
  const ratio = concepts / estimate.concepts;
  return {
    ...estimate,
    concepts,
    llm_calls: Math.round(estimate.llm_calls * ratio),
    prompt_tokens: Math.round(estimate.prompt_tokens * ratio),
    completion_tokens: Math.round(estimate.completion_tokens * ratio),
    cost_usd: estimate.cost_usd * ratio,
  };
}

export function formatUsd(value: number): string {
  if (value === 0) return "$0.00";
  if (value < 0.01) return `$${Number(value.toPrecision(2)).toFixed(Math.min(8, Math.max(4, 1 - Math.floor(Math.log10(value)))))}`;
  return `$${value.toFixed(2)}`;
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat("en").format(value);
}

/** Spend so far against the content estimate: the ratio, and whether it has run over. */
export function spendAgainstEstimate(spentUsd: number, estimate: Pick<Estimate, "cost_usd"> | null): { ratio: number; over: boolean } | null {
  if (!estimate || !(estimate.cost_usd > 0)) return null;
  const ratio = spentUsd / estimate.cost_usd;
  return { ratio, over: ratio > 1 };
}

export function formatRatio(ratio: number): string {
  return `${ratio < 10 ? ratio.toFixed(2) : Math.round(ratio)}×`;
}
