import { describe, expect, it } from "vitest";
import {
  addConcept,
  addModule,
  addStage,
  allConcepts,
  earlierConcepts,
  fitWeeks,
  moveNode,
  moveTo,
  removeNode,
  rename,
  updateNode,
} from "./framework";
import { sampleFramework } from "./test-fixtures";
import { validateFramework } from "./validation";

const ids = (f: ReturnType<typeof sampleFramework>) => allConcepts(f).map((c) => c.concept_id);

describe("tree edits", () => {
  it("rename changes one title and leaves the input untouched", () => {
    const before = sampleFramework();
    const after = rename(before, { stage: 0, module: 0, concept: 1 }, "Borrow checker");
    expect(after.stages[0]!.modules[0]!.concepts[1]!.title).toBe("Borrow checker");
    expect(before.stages[0]!.modules[0]!.concepts[1]!.title).toBe("Borrowing");
  });

  it("adding a concept gives it a fresh id and keeps the total hours in step", () => {
    const after = addConcept(sampleFramework(), { stage: 1, module: 0 });
    const added = after.stages[1]!.modules[0]!.concepts[2]!;
    expect(added.concept_id).toBe("concept-new-1");
    expect(after.total_estimated_hours).toBe(11);
    expect(addConcept(after, { stage: 1, module: 0 }).stages[1]!.modules[0]!.concepts[3]!.concept_id).toBe("concept-new-2");
    expect(validateFramework(after, 10)).toEqual([]);
  });

  it("new modules and stages start with one concept, so they are valid at once", () => {
    const withModule = addModule(sampleFramework(), { stage: 0 });
    expect(withModule.stages[0]!.modules[2]!.concepts).toHaveLength(1);
    const withStage = addStage(sampleFramework());
    expect(withStage.stages).toHaveLength(3);
    expect(withStage.stages[2]!.order).toBe(3);
    expect(validateFramework(withStage, 20)).toEqual([]);
  });

  it("removing a concept drops it from the prerequisites of the others", () => {
    const after = removeNode(sampleFramework(), { stage: 0, module: 1, concept: 0 });
    expect(ids(after)).toEqual(["c1", "c2", "c4", "c5"]);
    expect(after.stages[1]!.modules[0]!.concepts[0]!.prerequisites).toEqual([]);
    expect(after.total_estimated_hours).toBe(8);
  });

  it("removing a module removes its concepts and their references", () => {
    const after = removeNode(sampleFramework(), { stage: 0, module: 0 });
    expect(ids(after)).toEqual(["c3", "c4", "c5"]);
    expect(after.stages[0]!.modules[0]!.concepts[0]!.prerequisites).toEqual([]);
  });

  it("moving up and down reorders within a module, then crosses into the neighbour", () => {
    const f = sampleFramework();
    const down = moveNode(f, { stage: 0, module: 0, concept: 0 }, 1);
    expect(ids(down.framework)).toEqual(["c2", "c1", "c3", "c4", "c5"]);
    expect(down.path).toEqual({ stage: 0, module: 0, concept: 1 });
    const across = moveNode(down.framework, down.path, 1);
    expect(across.path).toEqual({ stage: 0, module: 1, concept: 0 });
    expect(across.framework.stages[0]!.modules[1]!.concepts.map((c) => c.concept_id)).toEqual(["c1", "c3"]);
    const stageAcross = moveNode(f, { stage: 0, module: 1, concept: 0 }, 1);
    expect(stageAcross.path).toEqual({ stage: 1, module: 0, concept: 0 });
    const top = moveNode(f, { stage: 0, module: 0, concept: 0 }, -1);
    expect(top.framework).toBe(f);
  });

  it("modules and stages move too", () => {
    const f = sampleFramework();
    expect(moveNode(f, { stage: 1 }, -1).framework.stages.map((s) => s.stage_id)).toEqual(["s2", "s1"]);
    const moved = moveNode(f, { stage: 0, module: 1 }, 1);
    expect(moved.path).toEqual({ stage: 1, module: 0 });
    expect(moved.framework.stages[1]!.modules.map((m) => m.module_id)).toEqual(["s1m2", "s2m1"]);
  });

  it("drag-and-drop moveTo refuses to mix kinds", () => {
    const f = sampleFramework();
    expect(moveTo(f, { stage: 0, module: 0, concept: 0 }, { stage: 1, module: 0 })).toBe(f);
    expect(ids(moveTo(f, { stage: 1, module: 0, concept: 1 }, { stage: 0, module: 0, concept: 0 }))).toEqual(["c5", "c1", "c2", "c3", "c4"]);
  });

  it("prerequisites can only be chosen from earlier concepts", () => {
    expect(earlierConcepts(sampleFramework(), { stage: 1, module: 0, concept: 0 }).map((c) => c.concept_id)).toEqual(["c1", "c2", "c3"]);
    expect(earlierConcepts(sampleFramework(), { stage: 0, module: 0, concept: 0 })).toEqual([]);
  });

  it("fitWeeks makes the plan fit the weekly hours", () => {
    expect(fitWeeks(sampleFramework(), 3).recommended_weeks).toBe(4);
  });

  it("updateNode edits hours and difficulty", () => {
    const after = updateNode(sampleFramework(), { stage: 0, module: 0, concept: 0 }, { estimated_hours: 4, difficulty: "hard" });
    expect(after.stages[0]!.modules[0]!.concepts[0]).toMatchObject({ estimated_hours: 4, difficulty: "hard" });
    expect(after.total_estimated_hours).toBe(12);
  });
});

describe("focus after removing a node", () => {
  it("goes to the node that took its place, else the one before, else the parent", async () => {
    const { focusAfterRemoval } = await import("./framework");
    const f = sampleFramework();
    const path = { stage: 0, module: 0, concept: 0 };
    expect(focusAfterRemoval(removeNode(f, path), path)).toEqual({ stage: 0, module: 0, concept: 0 }); // c2 moved up
    const last = { stage: 0, module: 0, concept: 1 };
    expect(focusAfterRemoval(removeNode(f, last), last)).toEqual({ stage: 0, module: 0, concept: 0 });
    const only = { stage: 0, module: 1, concept: 0 };
    expect(focusAfterRemoval(removeNode(f, only), only)).toEqual({ stage: 0, module: 1 });
    expect(focusAfterRemoval(removeNode(f, { stage: 1 }), { stage: 1 })).toEqual({ stage: 0 });
  });
});

describe("structural sharing", () => {
  it("an edit copies only the path to the node; the other nodes keep their identity", () => {
    const before = sampleFramework();
    const after = rename(before, { stage: 0, module: 0, concept: 1 }, "Borrow checker");
    expect(after.stages[1]).toBe(before.stages[1]);
    expect(after.stages[0]!.modules[1]).toBe(before.stages[0]!.modules[1]);
    expect(after.stages[0]!.modules[0]!.concepts[0]).toBe(before.stages[0]!.modules[0]!.concepts[0]);
    expect(after.stages[0]!.modules[0]!.concepts[1]).not.toBe(before.stages[0]!.modules[0]!.concepts[1]);
  });
});
