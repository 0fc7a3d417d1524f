import { describe, expect, it } from "vitest";
import { CONCEPT, layoutRoadmap, neighbour, structureKey } from "./roadmap-layout";
import { rename, moveNode, updateNode } from "./framework";
import { chainFramework, sampleFramework } from "./test-fixtures";

const inside = (inner: { x: number; y: number; width: number; height: number }, outer: typeof inner) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("layoutRoadmap", () => {
  it("places every concept inside its module and every module inside its stage", () => {
    const layout = layoutRoadmap(sampleFramework());
    expect(layout.stages.map((s) => s.id)).toEqual(["s1", "s2"]);
    expect(layout.concepts.map((c) => c.id)).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    const modules = new Map(layout.modules.map((m) => [m.id, m]));
    const stages = new Map(layout.stages.map((s) => [s.id, s]));
    for (const concept of layout.concepts) expect(inside(concept, modules.get(concept.moduleId)!)).toBe(true);
    for (const group of layout.modules) expect(inside(group, stages.get(group.stageId)!)).toBe(true);
  });

  it("puts stages side by side in reading order and a chain downwards", () => {
    const layout = layoutRoadmap(sampleFramework());
    const [first, second] = layout.stages;
    expect(second!.x).toBeGreaterThanOrEqual(first!.x + first!.width);
    const [c1, c2] = layout.concepts;
    expect(c2!.y).toBeGreaterThanOrEqual(c1!.y + CONCEPT.height); // c2 requires c1: the rank below
  });

  it("puts independent concepts of a module side by side", () => {
    const framework = sampleFramework();
    framework.stages[0]!.modules[0]!.concepts[1]!.prerequisites = [];
    const [c1, c2] = layoutRoadmap(framework).concepts;
    expect(c1!.y).toBe(c2!.y);
    expect(overlap(c1!, c2!)).toBe(false);
  });

  it("draws one edge per prerequisite, skipping unknown and self references", () => {
    const framework = sampleFramework();
    framework.stages[0]!.modules[0]!.concepts[0]!.prerequisites = ["c1", "ghost"];
    const layout = layoutRoadmap(framework);
    expect(layout.edges.map((e) => e.id)).toEqual(["c1->c2", "c2->c3", "c3->c4", "c4->c5"]);
  });

  it("keeps 150 chained concepts compact, without overlaps, and fast", () => {
    const framework = chainFramework(5, 6, 5);
    const started = performance.now();
    const layout = layoutRoadmap(framework);
    const took = performance.now() - started;
    expect(layout.concepts).toHaveLength(150);
    expect(layout.edges).toHaveLength(149);
    // five stage columns, not a line 150 concepts long
    expect(layout.width).toBeLessThan(5 * 400);
    const sorted = [...layout.concepts].sort((a, b) => a.x - b.x || a.y - b.y);
    for (let i = 1; i < sorted.length; i += 1) expect(overlap(sorted[i - 1]!, sorted[i]!)).toBe(false);
    expect(took).toBeLessThan(1000);
  });
});

describe("structureKey", () => {
  it("ignores titles and hours but follows order and prerequisites", () => {
    const framework = sampleFramework();
    const key = structureKey(framework);
    expect(structureKey(rename(framework, { stage: 0, module: 0, concept: 0 }, "Renamed"))).toBe(key);
    expect(structureKey(updateNode(framework, { stage: 0, module: 0, concept: 0 }, { estimated_hours: 7 }))).toBe(key);
    expect(structureKey(moveNode(framework, { stage: 0, module: 0, concept: 0 }, 1).framework)).not.toBe(key);
    expect(structureKey(updateNode(framework, { stage: 1, module: 0, concept: 1 }, { prerequisites: [] }))).not.toBe(key);
  });
});

describe("neighbour", () => {
  it("walks the concepts in reading order", () => {
    const layout = layoutRoadmap(sampleFramework());
    expect(neighbour(layout, "c3", 1)).toBe("c4");
    expect(neighbour(layout, "c3", -1)).toBe("c2");
    expect(neighbour(layout, "c5", 1)).toBeNull();
  });
});
