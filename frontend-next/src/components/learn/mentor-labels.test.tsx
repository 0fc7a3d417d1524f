import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { hintLabel } from "./ask-mentor";
import { BudgetSpentNotice, budgetSpentOf } from "./mentor-budget";
import { usageText } from "./mentor-usage";

describe("the mentor panel's words", () => {
  it("names each rung of the hint ladder", () => {
    expect(hintLabel(1)).toBe("Hint 1 of 3: a nudge");
    expect(hintLabel(2)).toBe("Hint 2 of 3: a targeted hint");
    expect(hintLabel(3)).toBe("Hint 3 of 3: a worked example");
  });

  it("counts a session's tokens, and its cost only when known", () => {
    expect(usageText({ prompt_tokens: 1200, completion_tokens: 34, cost_usd: 0 })).toBe("1,234 tokens");
    expect(usageText({ prompt_tokens: 10, completion_tokens: 5, cost_usd: 0.0021 })).toBe("15 tokens · $0.0021");
    expect(usageText({ prompt_tokens: 10, completion_tokens: 5, cost_usd: 1.5 })).toBe("15 tokens · $1.50");
  });

  it("tells the budget's 429 (it has resets_at) from the other 429s", () => {
    const resetsAt = "2026-12-05T00:00:00Z";
    expect(budgetSpentOf(429, { detail: "Today's mentor budget is used up; it resets at 00:00 UTC.", resets_at: resetsAt })).toEqual({ detail: "Today's mentor budget is used up; it resets at 00:00 UTC.", resetsAt });
    expect(budgetSpentOf(429, { detail: "Too many questions this minute." })).toBeNull();
    expect(budgetSpentOf(429, { detail: "x", resets_at: "not a date" })).toBeNull();
    expect(budgetSpentOf(503, { detail: "x", resets_at: resetsAt })).toBeNull();
    expect(budgetSpentOf(429, null)).toBeNull();
  });

  it("shows the server's sentence as text", () => {
    const html = renderToStaticMarkup(<BudgetSpentNotice spent={{ detail: "<b>Used up.</b>", resetsAt: "2026-12-05T00:00:00Z" }} />);
    expect(html).toContain("&lt;b&gt;Used up.&lt;/b&gt;");
    expect(html).toContain('role="alert"');
  });
});
