import { describe, expect, it } from "vitest";
import { formatDuration, matchesFilter, relativeTime, stepDurations } from "./timeline";
import { event } from "./test-fixtures";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString();

describe("timeline", () => {
  it("sorts events into the filter's kinds", () => {
    const usage = event("1-0", "usage");
    const log = event("2-0", "log");
    const failedConcept = event("3-0", "concept", { data: { state: "failed" } });
    const step = event("4-0", "step", { step: "curriculum_design" });
    const warning = event("5-0", "log", { level: "error" });
    expect([usage, log, failedConcept, step, warning].filter((e) => matchesFilter(e, "steps")).map((e) => e.id)).toEqual(["3-0", "4-0"]);
    expect([usage, log, failedConcept, step, warning].filter((e) => matchesFilter(e, "usage")).map((e) => e.id)).toEqual(["1-0"]);
    expect([usage, log, failedConcept, step, warning].filter((e) => matchesFilter(e, "logs")).map((e) => e.id)).toEqual(["2-0", "5-0"]);
    expect([usage, log, failedConcept, step, warning].filter((e) => matchesFilter(e, "errors")).map((e) => e.id)).toEqual(["3-0", "5-0"]);
    expect([usage, log].every((e) => matchesFilter(e, "all"))).toBe(true);
  });

  it("times each step until the next one; the running step has only a start", () => {
    const events = [
      event("1-0", "step", { step: "intent_analysis", created_at: at(0) }),
      event("2-0", "usage", { created_at: at(1) }),
      event("3-0", "step", { step: "curriculum_design", created_at: at(3) }),
      event("4-0", "review_required", { created_at: at(10) }),
      event("5-0", "step", { step: "content_generation", created_at: at(20) }),
    ];
    const { durations, runningSince } = stepDurations(events);
    expect(Object.fromEntries(durations)).toEqual({ "1-0": 3000, "3-0": 7000 });
    expect(runningSince).toBe(Date.parse(at(20)));
    expect(stepDurations([...events, event("6-0", "completed", { created_at: at(25) })]).durations.get("5-0")).toBe(5000);
  });

  it("formats durations and relative times", () => {
    expect(formatDuration(250)).toBe("250 ms");
    expect(formatDuration(2300)).toBe("2.3 s");
    expect(formatDuration(95_000)).toBe("1 min 35 s");
    const now = Date.parse(at(0)) + 3_600_000 * 3;
    expect(relativeTime(at(0), Date.parse(at(2)))).toBe("just now");
    expect(relativeTime(at(0), Date.parse(at(42)))).toBe("42 s ago");
    expect(relativeTime(at(0), now)).toBe("3 h ago");
    expect(relativeTime(null, now)).toBe("—");
  });
});
