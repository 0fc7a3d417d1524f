import { describe, expect, it } from "vitest";
import { compareEventIds } from "./event-ids";
import { endsTask, mergeEvents, resumeId } from "./events";
import { event } from "./test-fixtures";

describe("compareEventIds", () => {
  it("orders by milliseconds, then by sequence, numerically", () => {
    expect(compareEventIds("1700000000000-0", "1700000000001-0")).toBeLessThan(0);
    expect(compareEventIds("1700000000000-10", "1700000000000-9")).toBeGreaterThan(0);
    expect(compareEventIds("99-0", "100-0")).toBeLessThan(0);
    expect(compareEventIds("5-1", "5-1")).toBe(0);
  });
});

describe("mergeEvents", () => {
  const a = event("100-0", "step");
  const b = event("100-1", "log");
  const c = event("101-0", "usage");
  const d = event("102-0", "completed");

  it("appends new events in stream order", () => {
    expect(mergeEvents([a, b], [c, d]).map((e) => e.id)).toEqual(["100-0", "100-1", "101-0", "102-0"]);
  });

  it("drops events already held (a replay after reconnecting, a second source)", () => {
    const merged = mergeEvents([a, b, c], [b, c, d]);
    expect(merged.map((e) => e.id)).toEqual(["100-0", "100-1", "101-0", "102-0"]);
  });

  it("sorts out-of-order arrivals (the persisted log can lag the live stream)", () => {
    expect(mergeEvents([a, c], [b]).map((e) => e.id)).toEqual(["100-0", "100-1", "101-0"]);
    expect(mergeEvents([], [d, b, a, c]).map((e) => e.id)).toEqual(["100-0", "100-1", "101-0", "102-0"]);
  });

  it("returns the same array when nothing is new, so React skips a render", () => {
    const current = [a, b];
    expect(mergeEvents(current, [a])).toBe(current);
  });

  it("keeps a synthetic terminal event that reuses the last real id", () => {
    const synthetic = event("101-0", "completed", { data: { replayed_from: "database", status: "completed" } });
    const merged = mergeEvents([a, c], [synthetic]);
    expect(merged).toHaveLength(3);
    expect(endsTask(merged)).toBe(true);
    expect(resumeId(merged)).toBe("101-0");
  });

  it("ignores events without an id", () => {
    expect(mergeEvents([a], [event("", "log")])).toHaveLength(1);
  });
});

describe("endsTask", () => {
  it("is true only when the newest event is terminal (a retry continues after an old one)", () => {
    expect(endsTask([event("1-0", "cancelled")])).toBe(true);
    expect(endsTask([event("1-0", "cancelled"), event("2-0", "status", { data: { status: "running" } })])).toBe(false);
    expect(endsTask([])).toBe(false);
  });
});
