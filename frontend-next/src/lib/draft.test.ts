import { describe, expect, it } from "vitest";
import { draftKey, fingerprint, readDraft, serializeDraft } from "./draft";
import { rename } from "./framework";
import { sampleFramework } from "./test-fixtures";

describe("review drafts", () => {
  const proposal = sampleFramework();
  const edited = rename(proposal, { stage: 0 }, "Basics first");
  const raw = serializeDraft({ round: 2, proposal: fingerprint(proposal), framework: edited, feedback: "more projects", savedAt: 5 });

  it("come back for the same user, task, round and proposal", () => {
    expect(draftKey("u1", "t1")).not.toBe(draftKey("u2", "t1"));
    const draft = readDraft(raw, 2, proposal);
    expect(draft?.framework.stages[0]!.title).toBe("Basics first");
    expect(draft?.feedback).toBe("more projects");
  });

  it("never apply to another round, another proposal, or garbage", () => {
    expect(readDraft(raw, 3, proposal)).toBeNull();
    expect(readDraft(raw, 2, edited)).toBeNull();
    expect(readDraft("{not json", 2, proposal)).toBeNull();
    expect(readDraft(JSON.stringify({ v: 1, round: 2, proposal: fingerprint(proposal), framework: { nope: 1 } }), 2, proposal)).toBeNull();
    expect(readDraft(null, 2, proposal)).toBeNull();
  });
});
