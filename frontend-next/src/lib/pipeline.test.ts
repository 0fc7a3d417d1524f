import { describe, expect, it } from "vitest";
import { canCancel, canRetry, derivePipeline, mapNodeForStep, statusFromEvents } from "./pipeline";
import { event } from "./test-fixtures";

describe("mapNodeForStep", () => {
  it("places every step of the schema on the map", () => {
    expect(mapNodeForStep("queued")).toBeNull();
    expect(mapNodeForStep("intent_analysis")).toBe("intent");
    expect(mapNodeForStep("curriculum_design")).toBe("design");
    expect(mapNodeForStep("structure_validation")).toBe("validate");
    expect(mapNodeForStep("roadmap_edit")).toBe("auto_edit");
    expect(mapNodeForStep("roadmap_edit", true)).toBe("revise");
    expect(mapNodeForStep("human_review")).toBe("review");
    expect(mapNodeForStep("content_generation_queued")).toBe("content");
    expect(mapNodeForStep("content_generation")).toBe("content");
    expect(mapNodeForStep("finalizing")).toBe("content");
    expect(mapNodeForStep("done")).toBe("done");
  });
});

describe("derivePipeline", () => {
  const step = (id: string, s: Parameters<typeof mapNodeForStep>[0]) => event(id, "step", { step: s });

  it("lights the current node and counts the validate ⇄ auto-edit loop", () => {
    const state = derivePipeline([
      step("1-0", "intent_analysis"),
      step("2-0", "curriculum_design"),
      step("3-0", "structure_validation"),
      step("4-0", "roadmap_edit"),
      step("5-0", "structure_validation"),
    ]);
    expect(state.current).toBe("validate");
    expect(state.rounds).toMatchObject({ validate: 2, auto_edit: 1, review: 0, revise: 0 });
    expect([...state.visited]).toEqual(["intent", "design", "validate", "auto_edit"]);
  });

  it("counts review rounds and a rejection's revision separately from automatic edits", () => {
    const state = derivePipeline([
      step("3-0", "structure_validation"),
      step("4-0", "human_review"),
      event("4-1", "review_required", { data: { review_round: 1 } }),
      event("5-0", "status", { data: { status: "running", decision: "reject" } }),
      step("6-0", "roadmap_edit"),
      step("7-0", "structure_validation"),
      step("8-0", "human_review"),
      event("8-1", "review_required", { data: { review_round: 2 } }),
    ]);
    expect(state.current).toBe("review");
    expect(state.rounds).toMatchObject({ validate: 2, auto_edit: 0, review: 2, revise: 1 });
  });

  it("counts a learner edit as a revision and moves on to content", () => {
    const state = derivePipeline([
      event("4-1", "review_required", { data: { review_round: 1 } }),
      event("5-0", "status", { data: { status: "running", decision: "edit" } }),
      step("6-0", "content_generation_queued"),
      step("7-0", "content_generation"),
    ]);
    expect(state.current).toBe("content");
    expect(state.rounds.revise).toBe(1);
  });

  it("ends on done after a completed event, and falls back to the row's step without events", () => {
    expect(derivePipeline([step("1-0", "content_generation"), event("2-0", "completed", { data: { status: "completed" } })]).current).toBe("done");
    expect(derivePipeline([], "curriculum_design").current).toBe("design");
    expect(derivePipeline([], "queued").current).toBeNull();
  });
});

describe("statusFromEvents", () => {
  it("follows the events and falls back to the row", () => {
    expect(statusFromEvents("queued", [])).toBe("queued");
    expect(statusFromEvents("queued", [event("1-0", "step", { step: "intent_analysis" })])).toBe("running");
    expect(statusFromEvents("running", [event("1-0", "review_required")])).toBe("awaiting_review");
    expect(statusFromEvents("running", [event("1-0", "completed", { data: { status: "partial_failure" } })])).toBe("partial_failure");
    expect(statusFromEvents("running", [event("1-0", "cancelled"), event("2-0", "status", { data: { status: "running", recovery_type: "resume_from_checkpoint" } })])).toBe("running");
  });
});

describe("cancel and retry", () => {
  it("are offered only in the states the API allows", () => {
    expect(canCancel("running")).toBe(true);
    expect(canCancel("awaiting_review")).toBe(true);
    expect(canCancel("completed")).toBe(false);
    expect(canRetry("failed")).toBe(true);
    expect(canRetry("partial_failure")).toBe(true);
    expect(canRetry("cancelled")).toBe(true);
    expect(canRetry("running")).toBe(false);
  });
});
