import { describe, expect, it } from "vitest";
import { SseParser } from "./mentor-sse";
import { paragraphsOf, sectionIdsByLine, splitCitations } from "./sections";

describe("section ids, as the server derives them", () => {
  it("slugs headings, numbers repeats and skips fenced code", () => {
    const md = ["Intro text", "", "## Core `idea`", "text", "```", "# not a heading", "```", "## Core idea", "x", "### What's next?"].join("\n");
    expect([...sectionIdsByLine(md).entries()]).toEqual([
      [0, "sec-intro"],
      [3, "sec-core-idea"],
      [8, "sec-core-idea-2"],
      [10, "sec-what-s-next"],
    ]);
  });
});

describe("citations", () => {
  it("splits the text and its citations, keeping the text as text", () => {
    expect(splitCitations("See <b>this</b> [[sec-a]] and [[res-1]].")).toEqual(["See <b>this</b> ", { kind: "section", id: "sec-a" }, " and ", { kind: "resource", id: "res-1" }, "."]);
  });
  it("splits paragraphs like the server", () => {
    expect(paragraphsOf("a\n\n  \n\nb\n \nc")).toEqual(["a", "b", "c"]);
  });
});

describe("the SSE parser", () => {
  it("gives complete events whatever the chunking", () => {
    const raw = 'event: start\ndata: {"message_id": "m1"}\n\nevent: token\ndata: {"text": "Hi"}\n\n: keep-alive\n\nevent: done\ndata: {"status": "complete"}\n\n';
    for (const size of [1, 3, 64]) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < raw.length; i += size) events.push(...parser.feed(raw.slice(i, i + size)));
      expect(events.map((e) => e.event)).toEqual(["start", "token", "done"]);
      expect(events[1]!.data).toEqual({ text: "Hi" });
    }
  });
});
