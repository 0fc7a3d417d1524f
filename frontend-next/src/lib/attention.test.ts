import { describe, expect, it } from "vitest";
import { changesWorthNotifying, deservesNotification, notificationText } from "./attention";
import { titleWithBadge } from "@/client/document-title";

const task = (id: string, status: string) => ({ id, goal: `Goal ${id}`, kind: "roadmap" as const, status: status as never });

describe("attention", () => {
  it("notifies a change into review, a finish or a failure, also of a task new since the last look", () => {
    const previous = new Map([
      ["a", "running"],
      ["b", "running"],
      ["c", "running"],
      ["d", "running"],
    ] as const);
    const changes = changesWorthNotifying(previous, [task("a", "awaiting_review"), task("b", "completed"), task("c", "failed"), task("d", "running"), task("new", "awaiting_review")]);
    expect(changes.map((c) => [c.task.id, c.kind, c.url])).toEqual([
      ["a", "review", "/tasks/a/review"],
      ["b", "finished", "/tasks/b"],
      ["c", "failed", "/tasks/c"],
      ["new", "review", "/tasks/new/review"],
    ]);
    expect(changesWorthNotifying(new Map([["a", "completed"]] as const), [task("a", "completed")])).toEqual([]);
    expect(notificationText(changes[0]!).title).toBe("Review waiting");
  });

  it("does not notify a learner who is looking at that task's page already", () => {
    const [review] = changesWorthNotifying(new Map([["a", "running"]] as const), [task("a", "awaiting_review")]);
    expect(deservesNotification(review!, { pathname: "/tasks/a/review", visible: true })).toBe(false);
    expect(deservesNotification(review!, { pathname: "/tasks/a", visible: true })).toBe(false);
    expect(deservesNotification(review!, { pathname: "/tasks/a", visible: false })).toBe(true);
    expect(deservesNotification(review!, { pathname: "/tasks/ab", visible: true })).toBe(true);
    expect(deservesNotification(review!, { pathname: "/dashboard", visible: true })).toBe(true);
  });

  it("puts the review badge in front of the page's title, once", () => {
    expect(titleWithBadge("Dashboard · Waymark", 1)).toBe("(1) Review waiting · Dashboard · Waymark");
    expect(titleWithBadge("(1) Review waiting · Dashboard · Waymark", 2)).toBe("(2) Review waiting · Dashboard · Waymark");
    expect(titleWithBadge("(2) Review waiting · Dashboard · Waymark", 0)).toBe("Dashboard · Waymark");
  });
});
