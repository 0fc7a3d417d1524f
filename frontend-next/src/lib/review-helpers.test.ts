import { describe, expect, it } from "vitest";
import { issuesFrom422, issuesFromValidation, pathFromLoc } from "./api-issues";
import { diffFrameworks, isUnchanged } from "./diff";
import { scaleEstimate } from "./estimate";
import { addConcept, moveNode, removeNode, rename, updateNode } from "./framework";
import { sampleFramework } from "./test-fixtures";

describe("API issues on nodes", () => {
  it("reads a 422 loc into a node path and field", () => {
    expect(pathFromLoc(["body", "framework", "stages", 0, "modules", 1, "concepts", 2, "prerequisites"])).toEqual({
      path: { stage: 0, module: 1, concept: 2 },
      field: "prerequisites",
    });
    expect(pathFromLoc(["body", "framework", "stages", 1, "title"])).toEqual({ path: { stage: 1 }, field: "title" });
    expect(pathFromLoc(["body", "framework"])).toEqual({ path: null, field: undefined });
    expect(pathFromLoc(["body", "framework", "stages", 0, "modules", 0, "concepts", 1, "prerequisites", 0])).toEqual({
      path: { stage: 0, module: 0, concept: 1 },
      field: "prerequisites",
    });
    expect(pathFromLoc(["stages", 1, "modules", 0, "concepts"])).toEqual({ path: { stage: 1, module: 0 }, field: "concepts" });
    expect(pathFromLoc(["body", "feedback"])).toEqual({ path: null, field: undefined });
  });

  it("turns a 422 detail list into issues", () => {
    const issues = issuesFrom422([{ loc: ["body", "framework", "stages", 0, "modules", 0], msg: "module has no concepts", type: "empty_module" }]);
    expect(issues).toEqual([{ code: "empty_module", message: "module has no concepts", path: { stage: 0, module: 0 }, field: undefined, source: "api" }]);
    expect(issuesFrom422("The task is not awaiting review")[0]!.message).toBe("The task is not awaiting review");
  });

  it("places the proposal's structure issues by id and quality notes by the node they name", () => {
    const issues = issuesFromValidation(sampleFramework(), {
      issues: [
        { code: "prerequisite_not_earlier", message: "later", location: "c2 -> c5" },
        { code: "hours_mismatch", message: "x", location: "" },
        { code: "empty_module", message: "module has no concepts", location: "s2m1", loc: ["stages", 1, "modules", 0, "concepts"] },
      ],
      quality: { issues: ["Traits deserve more time", "Too theoretical overall"] },
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["prerequisite_not_earlier", { stage: 0, module: 0, concept: 1 }],
      ["hours_mismatch", null],
      ["empty_module", { stage: 1, module: 0 }],
      ["quality_note", { stage: 0, module: 1, concept: 0 }],
      ["quality_note", null],
    ]);
  });
});

describe("diffFrameworks", () => {
  it("reports nothing for an unchanged framework", () => {
    expect(isUnchanged(diffFrameworks(sampleFramework(), sampleFramework()))).toBe(true);
  });

  it("reports added, removed, renamed and moved concepts", () => {
    let edit = rename(sampleFramework(), { stage: 0, module: 0, concept: 0 }, "Ownership rules");
    edit = addConcept(edit, { stage: 1, module: 0 });
    edit = removeNode(edit, { stage: 0, module: 1, concept: 0 });
    edit = moveNode(edit, { stage: 1, module: 0, concept: 0 }, 1).framework;
    edit = updateNode(edit, { stage: 0, module: 0, concept: 1 }, { estimated_hours: 3 });
    const diff = diffFrameworks(sampleFramework(), edit);
    expect(diff.concepts).toEqual(
      expect.arrayContaining([
        { kind: "changed", id: "c1", title: "Ownership rules", fields: ["title"] },
        { kind: "changed", id: "c2", title: "Borrowing", fields: ["estimated_hours"] },
        { kind: "added", id: "concept-new-1", title: "New concept" },
        { kind: "removed", id: "c3", title: "Traits" },
        { kind: "changed", id: "c4", title: "CLI tool", fields: ["prerequisites", "position"] },
      ]),
    );
    expect(diff.groups).toEqual([]);
  });
});

describe("scaleEstimate", () => {
  it("scales the API's estimate to the edited number of concepts", () => {
    const estimate = { basis: "measured" as const, concepts: 4, content_types: ["tutorial" as const], llm_calls: 8, prompt_tokens: 400, completion_tokens: 200, cost_usd: 0.02 };
    expect(scaleEstimate(estimate, 6)).toMatchObject({ concepts: 6, llm_calls: 12, prompt_tokens: 600, completion_tokens: 300 });
    expect(scaleEstimate(estimate, 6).cost_usd).toBeCloseTo(0.03);
  });
});

describe("the proposal's issues follow their node", () => {
  it("stay on the same concept after a reorder, and go when it is removed", async () => {
    const { anchorIssues, placeIssues } = await import("./api-issues");
    const proposal = sampleFramework();
    const issues = issuesFromValidation(proposal, {
      issues: [
        { code: "too_long", message: "c2 is long", loc: ["stages", 0, "modules", 0, "concepts", 1, "title"] },
        { code: "hours_mismatch", message: "hours", location: "" },
      ],
    });
    const anchored = anchorIssues(proposal, issues);
    // move c2 up above c1: the index path {0,0,1} now holds c1
    const moved = moveNode(proposal, { stage: 0, module: 0, concept: 1 }, -1).framework;
    const placed = placeIssues(moved, anchored);
    expect(placed.find((i) => i.code === "too_long")?.path).toEqual({ stage: 0, module: 0, concept: 0 });
    expect(placed.find((i) => i.code === "hours_mismatch")?.path).toBeNull();
    const removed = placeIssues(removeNode(proposal, { stage: 0, module: 0, concept: 1 }), anchored);
    expect(removed.map((i) => i.code)).toEqual(["hours_mismatch"]);
  });
});
