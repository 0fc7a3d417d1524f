import { describe, expect, it } from "vitest";
import type { RoadmapFramework } from "@/api/types";
import { moveTo, removeNode, updateNode } from "./framework";
import { findCycle, issuesByNode, validateFramework } from "./validation";
import { sampleFramework } from "./test-fixtures";

const codes = (f: RoadmapFramework, weekly = 10) => validateFramework(f, weekly).map((i) => i.code);

describe("validateFramework mirrors the API's rules", () => {
  it("accepts a sound framework", () => {
    expect(validateFramework(sampleFramework(), 5)).toEqual([]);
  });

  it("finds duplicate ids", () => {
    const f = sampleFramework();
    f.stages[1]!.modules[0]!.concepts[1]!.concept_id = "c1";
    f.stages[1]!.modules[0]!.module_id = "s1m1";
    expect(codes(f)).toEqual(expect.arrayContaining(["duplicate_concept_id", "duplicate_module_id"]));
    const issue = validateFramework(f, 10).find((i) => i.code === "duplicate_concept_id")!;
    expect(issue.path).toEqual({ stage: 1, module: 0, concept: 1 });
  });

  it("finds empty stages and modules", () => {
    const f = sampleFramework();
    f.stages[0]!.modules[1]!.concepts = [];
    f.stages[1]!.modules = [];
    expect(codes(f)).toEqual(expect.arrayContaining(["empty_module", "empty_stage"]));
  });

  it("flags prerequisites that are unknown, self, later, or cyclic, on the concept concerned", () => {
    let f = updateNode(sampleFramework(), { stage: 0, module: 0, concept: 0 }, { prerequisites: ["nope"] });
    expect(validateFramework(f, 10)[0]).toMatchObject({ code: "unknown_prerequisite", path: { stage: 0, module: 0, concept: 0 }, field: "prerequisites" });
    f = updateNode(sampleFramework(), { stage: 0, module: 0, concept: 0 }, { prerequisites: ["c1"] });
    expect(codes(f)).toContain("self_prerequisite");
    // moving a concept before its prerequisite
    f = moveTo(sampleFramework(), { stage: 1, module: 0, concept: 1 }, { stage: 0, module: 0, concept: 0 });
    expect(codes(f)).toContain("prerequisite_not_earlier");
    f = updateNode(sampleFramework(), { stage: 0, module: 0, concept: 0 }, { prerequisites: ["c2"] });
    expect(codes(f)).toEqual(expect.arrayContaining(["prerequisite_not_earlier", "prerequisite_cycle"]));
  });

  it("checks hours against the concepts and the weekly budget", () => {
    const f = sampleFramework();
    f.total_estimated_hours = 20;
    expect(codes(f)).toContain("hours_mismatch");
    expect(codes(sampleFramework(), 2)).toContain("over_budget"); // 10 h > 2 h × 2 weeks × 1.25
    expect(codes(sampleFramework(), 4)).not.toContain("over_budget"); // 10 h ≤ 8 × 1.25
  });

  it("checks the schema limits: titles, hours, the 150-concept cap", () => {
    let f = updateNode(sampleFramework(), { stage: 0, module: 0, concept: 0 }, { title: " ", estimated_hours: 0 });
    expect(codes(f)).toEqual(expect.arrayContaining(["missing_title", "bad_hours"]));
    f = sampleFramework();
    const many = Array.from({ length: 151 }, (_, i) => ({ concept_id: `x${i}`, title: `X ${i}`, estimated_hours: 1 }));
    f.stages = Array.from({ length: 8 }, (_, s) => ({
      stage_id: `s${s}`,
      title: `S${s}`,
      order: s + 1,
      modules: [{ module_id: `m${s}`, title: "M", concepts: many.slice(s * 19, s * 19 + 19) }],
    }));
    f.total_estimated_hours = 151;
    expect(codes(f, 100)).toContain("too_many_concepts");
  });

  it("removing a concept everyone depends on leaves no dangling prerequisite", () => {
    expect(validateFramework(removeNode(sampleFramework(), { stage: 0, module: 0, concept: 0 }), 10)).toEqual([]);
  });

  it("groups issues by node", () => {
    const f = updateNode(sampleFramework(), { stage: 0, module: 0, concept: 0 }, { prerequisites: ["nope"] });
    f.total_estimated_hours = 50;
    const grouped = issuesByNode(validateFramework(f, 100));
    expect(grouped.get("s0.m0.c0")?.[0]?.code).toBe("unknown_prerequisite");
    expect(grouped.get("root")?.[0]?.code).toBe("hours_mismatch");
  });
});

describe("findCycle", () => {
  it("returns the cycle's path or null", () => {
    expect(findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]]))).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(new Map([["a", ["b"]], ["b", []]]))).toBeNull();
  });
});
