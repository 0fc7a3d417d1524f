import { describe, expect, it } from "vitest";
import { buildBoard } from "./board";
import { contentState, countStates, stateFromSummary, statesFromBoard } from "./concept-state";
import { event } from "./test-fixtures";

const summary = (content: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  completed: false,
  content: Object.fromEntries(Object.entries(content).map(([type, status]) => [type, { status, version: 1, error: null }])),
  ...extra,
}) as Parameters<typeof stateFromSummary>[0];

describe("concept states", () => {
  it("reads the content: failed, generating, ready, not started", () => {
    expect(stateFromSummary(summary({}))).toBe("not_started");
    expect(stateFromSummary(summary({ tutorial: "pending" }))).toBe("not_started");
    expect(stateFromSummary(summary({ tutorial: "generating", quiz: "completed" }))).toBe("generating");
    expect(stateFromSummary(summary({ tutorial: "completed", quiz: "pending" }))).toBe("generating");
    expect(stateFromSummary(summary({ tutorial: "completed", quiz: "completed" }))).toBe("ready");
    expect(stateFromSummary(summary({ tutorial: "completed", quiz: "failed" }))).toBe("failed");
    expect(contentState([])).toBe("not_started");
  });

  it("the learner's marks win; tested out lights up when the API sends it", () => {
    expect(stateFromSummary(summary({ tutorial: "completed" }, { completed: true }))).toBe("completed");
    expect(stateFromSummary(summary({ tutorial: "failed" }, { tested_out: true }))).toBe("tested_out");
    expect(stateFromSummary(summary({}, { state: "tested_out" }))).toBe("tested_out");
    expect(stateFromSummary(summary({}, { progress: "tested_out" }))).toBe("tested_out");
    expect(stateFromSummary(undefined)).toBe("not_started");
  });

  it("follows the live board in the cockpit", () => {
    const board = buildBoard(undefined, [
      event("1-0", "concept", { data: { concept_id: "c1", content_type: "tutorial", state: "started" } }),
      event("2-0", "concept", { data: { concept_id: "c2", content_type: "tutorial", state: "completed" } }),
      event("3-0", "concept", { data: { concept_id: "c2", content_type: "quiz", state: "completed" } }),
      event("4-0", "concept", { data: { concept_id: "c3", content_type: "quiz", state: "failed" } }),
    ]);
    const states = statesFromBoard(board, ["tutorial", "quiz"]);
    expect(Object.fromEntries(states)).toEqual({ c1: "generating", c2: "ready", c3: "failed" });
    expect(countStates(states, ["c1", "c2", "c3", "c4"])).toMatchObject({ generating: 1, ready: 1, failed: 1, not_started: 1 });
  });
});
