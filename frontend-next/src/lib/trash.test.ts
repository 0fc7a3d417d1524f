import { describe, expect, it } from "vitest";
import { daysLeft } from "./trash";

const now = Date.parse("2026-12-03T12:00:00Z");
const later = (hours: number) => new Date(now + hours * 3_600_000).toISOString();

describe("daysLeft", () => {
  it("counts whole days until the purge", () => {
    expect(daysLeft(later(30 * 24), now)).toBe("30 days left");
    expect(daysLeft(later(29 * 24 + 23), now)).toBe("30 days left");
    expect(daysLeft(later(36), now)).toBe("2 days left");
    expect(daysLeft(later(24), now)).toBe("1 day left");
  });

  it("the last day, and past it", () => {
    expect(daysLeft(later(5), now)).toBe("less than a day left");
    expect(daysLeft(later(-1), now)).toBe("about to be deleted for good");
    expect(daysLeft("nonsense", now)).toBe("");
  });
});
