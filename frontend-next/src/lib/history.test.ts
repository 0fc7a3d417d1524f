import { describe, expect, it } from "vitest";
import { record, redo, startHistory, undo } from "./history";

describe("undo and redo", () => {
  it("steps back and forth through the edits", () => {
    let h = startHistory("a");
    h = record(h, "b", null, 0);
    h = record(h, "c", null, 10);
    expect(undo(h).present).toBe("b");
    expect(undo(undo(h)).present).toBe("a");
    expect(undo(undo(undo(h))).present).toBe("a");
    expect(redo(undo(undo(h))).present).toBe("b");
    expect(redo(redo(undo(undo(h)))).present).toBe("c");
  });

  it("a new edit after an undo drops the redo branch", () => {
    const h = record(undo(record(record(startHistory(1), 2, null, 0), 3, null, 0)), 4, null, 0);
    expect(h.present).toBe(4);
    expect(h.future).toEqual([]);
    expect(undo(h).present).toBe(2);
  });

  it("typing into one field within a second is one step; another field or a pause is a new one", () => {
    let h = startHistory("");
    h = record(h, "H", "title:s0", 0);
    h = record(h, "He", "title:s0", 300);
    h = record(h, "Hey", "title:s0", 900);
    expect(undo(h).present).toBe("");
    h = record(h, "Hey!", "title:s0", 5_000); // after a pause
    expect(undo(h).present).toBe("Hey");
    h = record(h, "Hey!?", "title:s1", 5_100); // another field
    expect(undo(h).present).toBe("Hey!");
    const afterUndo = record(undo(h), "x", "title:s1", 5_200); // an undo ends the group
    expect(undo(afterUndo).present).toBe("Hey!");
  });
});
