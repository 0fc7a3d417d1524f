/** "1,234 tokens · $0.0021": what a session has used (the cost only when known). */
export function usageText({ prompt_tokens, completion_tokens, cost_usd }: { prompt_tokens: number; completion_tokens: number; cost_usd: number }): string {
  const tokens = `${(prompt_tokens + completion_tokens).toLocaleString("en")} tokens`;
  return cost_usd > 0 ? `${tokens} · $${cost_usd.toFixed(cost_usd < 0.01 ? 4 : 2)}` : tokens;
}
