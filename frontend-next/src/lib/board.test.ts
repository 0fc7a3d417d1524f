import { describe, expect, it } from "vitest";
import type { RoadmapOut } from "@/api/types";
import { buildBoard, countCells } from "./board";
import { describeEvent } from "./describe-event";
import { event } from "./test-fixtures";

const roadmap = {
  concepts: [
    { concept_id: "c1", title: "Ownership", stage_id: "s1", module_id: "m1", position: 0, completed: false, content: { tutorial: { status: "completed", version: 1, error: null } } },
    { concept_id: "c2", title: "Borrowing", stage_id: "s1", module_id: "m1", position: 1, completed: false, content: {} },
  ],
} as unknown as Pick<RoadmapOut, "concepts">;

const concept = (id: string, conceptId: string, type: string, state: string) => event(id, "concept", { data: { concept_id: conceptId, content_type: type, state } });

describe("buildBoard", () => {
  it("starts from the roadmap's stored states", () => {
    const board = buildBoard(roadmap, []);
    expect(board.get("c1")).toEqual({ tutorial: "completed" });
    expect(board.get("c2")).toEqual({});
  });

  it("lets the newest event of each cell win, in stream order", () => {
    const board = buildBoard(roadmap, [
      concept("1-0", "c2", "quiz", "started"),
      concept("2-0", "c2", "quiz", "failed"),
      concept("3-0", "c2", "quiz", "started"), // a retry
      concept("4-0", "c2", "quiz", "completed"),
      concept("5-0", "c2", "resources", "started"),
    ]);
    expect(board.get("c2")).toEqual({ quiz: "completed", resources: "started" });
    expect(countCells(board, ["tutorial", "resources", "quiz"])).toEqual({ pending: 3, started: 1, completed: 2, failed: 0 });
  });

  it("adds rows for concepts the roadmap row does not list yet", () => {
    expect(buildBoard(undefined, [concept("1-0", "c9", "tutorial", "started")]).get("c9")).toEqual({ tutorial: "started" });
  });
});

describe("describeEvent", () => {
  it("writes one plain line per event", () => {
    expect(describeEvent(event("1-0", "step", { step: "curriculum_design", data: { progress: 15 } }))).toBe("Designing the curriculum (15%)");
    expect(describeEvent(concept("2-0", "c1", "quiz", "failed"), new Map([["c1", "Ownership"]]))).toBe("Ownership · quiz failed");
    expect(describeEvent(event("3-0", "status", { data: { status: "running", recovery_type: "retry_failed_content" } }))).toBe(
      "Status: running — retry, generating the failed content again",
    );
    expect(describeEvent(event("4-0", "review_required", { data: { review_round: 2 } }))).toBe("Review required (round 2)");
  });
});

describe("board grouping and retried cells", () => {
  it("groups the board's concepts by stage and module in reading order", async () => {
    const { sampleFramework } = await import("./test-fixtures");
    const { groupBoard } = await import("./board");
    const board = new Map([["c4", {}], ["c1", {}], ["c2", {}], ["zz", {}]]);
    const groups = groupBoard(board, sampleFramework());
    expect(groups.map((g) => [g.stageTitle, g.modules.map((m) => [m.moduleTitle, m.conceptIds])])).toEqual([
      ["Foundations", [["Basics", ["c1", "c2"]]]],
      ["Practice", [["Projects", ["c4"]]]],
      ["Other concepts", [["", ["zz"]]]],
    ]);
  });

  it("lets the roadmap row win for a cell retried since the events", async () => {
    const { cellKey } = await import("./board");
    const failed = [concept("1-0", "c1", "tutorial", "failed")];
    expect(buildBoard(roadmap, failed).get("c1")).toEqual({ tutorial: "failed" });
    expect(buildBoard(roadmap, failed, new Set([cellKey("c1", "tutorial")])).get("c1")).toEqual({ tutorial: "completed" });
  });
});
