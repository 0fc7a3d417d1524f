import { describe, expect, it } from "vitest";
import { pacePlan, thisWeekSummary } from "./pace";

const c = (id: string, hours: number, completed = false) => ({ id, title: id.toUpperCase(), hours, completed });

describe("pacePlan", () => {
  it("packs the remaining concepts into weeks of the weekly hours, in order", () => {
    const plan = pacePlan([c("a", 2), c("b", 2), c("c", 2), c("d", 1)], 4);
    expect(plan.weeks.map((w) => w.concepts.map((x) => x.id))).toEqual([["a", "b"], ["c", "d"]]);
    expect(plan.weeks.map((w) => w.hours)).toEqual([4, 3]);
    expect(plan.remainingHours).toBe(7);
  });

  it("skips completed concepts, so this week moves on as the learner does", () => {
    const plan = pacePlan([c("a", 2, true), c("b", 2), c("c", 2)], 2);
    expect(plan.weeks[0]!.concepts.map((x) => x.id)).toEqual(["b"]);
    expect(plan.doneHours).toBe(2);
  });

  it("drops mastered concepts from the weekly plan: the next ones move up", () => {
    const concepts = [{ ...c("a", 2), mastered: true }, c("b", 2), { ...c("c", 2), mastered: true }, c("d", 2)];
    const plan = pacePlan(concepts, 4);
    expect(plan.weeks.map((w) => w.concepts.map((x) => x.id))).toEqual([["b", "d"]]);
    expect(plan.remainingHours).toBe(4);
    expect(plan.masteredCount).toBe(2);
    expect(plan.doneHours).toBe(0);
    expect(thisWeekSummary(pacePlan(concepts.map((x) => ({ ...x, mastered: true })), 4))).toBe("Every concept is done or mastered.");
  });

  it("gives a concept longer than a week its own week", () => {
    const plan = pacePlan([c("a", 1), c("b", 9), c("c", 1)], 3);
    expect(plan.weeks.map((w) => w.concepts.map((x) => x.id))).toEqual([["a"], ["b"], ["c"]]);
  });

  it("falls back to 5 h a week when the weekly hours are unknown", () => {
    expect(pacePlan([c("a", 5), c("b", 1)], null).weeks).toHaveLength(2);
  });

  it("summarises this week", () => {
    expect(thisWeekSummary(pacePlan([c("a", 2), c("b", 2), c("c", 2)], 4))).toBe("This week: A, B (4 h); 2 weeks to go at 4 h/week");
    expect(thisWeekSummary(pacePlan([c("a", 2, true)], 4))).toBe("All concepts done.");
  });
});

describe("spend against the estimate", () => {
  it("gives the ratio and says when it runs over", async () => {
    const { formatRatio, spendAgainstEstimate } = await import("./estimate");
    expect(spendAgainstEstimate(0.01, { cost_usd: 0.04 })).toEqual({ ratio: 0.25, over: false });
    expect(spendAgainstEstimate(0.05, { cost_usd: 0.04 })?.over).toBe(true);
    expect(spendAgainstEstimate(0.05, null)).toBeNull();
    expect(spendAgainstEstimate(0.05, { cost_usd: 0 })).toBeNull();
    expect(formatRatio(1.25)).toBe("1.25×");
  });
});
