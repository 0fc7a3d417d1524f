import { describe, expect, it } from "vitest";
import { regeneratedConcept, taskTitle } from "./task-title";

describe("task titles", () => {
  const titles = new Map([["c03-ownership", "Rust: ownership"]]);
  it("a roadmap task is its goal", () => {
    expect(taskTitle({ kind: "roadmap", goal: "Learn Rust" }, titles)).toBe("Learn Rust");
  });
  it("a regeneration names the concept by its title, never its id", () => {
    const task = { kind: "regenerate" as const, goal: "Regenerate tutorial, quiz for c03-ownership" };
    expect(regeneratedConcept(task)).toBe("c03-ownership");
    expect(taskTitle(task, titles)).toBe("Regenerate the tutorial, quiz of “Rust: ownership”");
    expect(taskTitle(task, new Map())).toBe("Regenerate the tutorial, quiz of a concept");
    expect(taskTitle({ kind: "regenerate", goal: "something else" }, titles)).not.toContain("c03");
  });
});
