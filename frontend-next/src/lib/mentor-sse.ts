/** Server-Sent Events from the mentor (start, token, done, error), parsed from a byte stream. */
export type MentorEvent = { event: string; data: Record<string, unknown> };

/** Feed chunks of text; complete events come out, a partial one waits for the next chunk. */
export class SseParser {
  private buffer = "";

  feed(chunk: string): MentorEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, "\n");
    const events: MentorEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf("\n\n")) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      if (data.length === 0) continue;
      try {
        const parsed: unknown = JSON.parse(data.join("\n"));
        if (parsed && typeof parsed === "object") events.push({ event, data: parsed as Record<string, unknown> });
      } catch {
        // not JSON: not an event of ours
      }
    }
    return events;
  }
}
