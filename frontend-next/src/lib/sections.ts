/**
 * The tutorial's section ids as the mentor cites them (`sec-<heading slug>`, `-2`… when a
 * heading repeats, `sec-intro` before the first heading): the same rules as the server's
 * backend/waymark/mentor/sections.py, so a citation finds its heading. docs/mentor.md.
 */
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

function slug(title: string): string {
  const base = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return base || "section";
}

/** The id of each heading by its line (1-based, as the Markdown parser numbers lines). */
export function sectionIdsByLine(markdown: string): Map<number, string> {
  const headings: { line: number; title: string; text: string[] }[] = [];
  const intro: string[] = [];
  let fence: string | null = null;
  markdown.split("\n").forEach((line, index) => {
    const opener = FENCE.exec(line);
    if (opener && (fence === null || opener[1]!.startsWith(fence))) fence = fence ? null : opener[1]![0]!.repeat(3);
    const heading = fence === null ? HEADING.exec(line) : null;
    if (heading) headings.push({ line: index + 1, title: heading[1]!, text: [] });
    else (headings.at(-1)?.text ?? intro).push(line);
  });
  // the same walk as the server: the text before the first heading first, titled "Introduction"
  const sections = [{ line: 0, title: "Introduction", text: intro }, ...headings];
  const used = new Map<string, number>();
  const ids = new Map<number, string>();
  let placed = 0;
  for (const section of sections) {
    if (section.text.join("\n").trim() === "" && section.title === "Introduction") continue;
    const base = section.title === "Introduction" && placed === 0 ? "intro" : slug(section.title);
    placed += 1;
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    ids.set(section.line, `sec-${base}${count > 1 ? `-${count}` : ""}`);
  }
  return ids;
}

export type Citation = { kind: "section" | "resource" | "quiz" | "note" | "other"; id: string };

/** The answer's text and its `[[id]]` citations, in order (the text is shown as text, never HTML). */
export function splitCitations(text: string): (string | Citation)[] {
  const out: (string | Citation)[] = [];
  let last = 0;
  for (const match of text.matchAll(/\[\[([A-Za-z0-9_-]{1,80})\]\]/g)) {
    if (match.index > last) out.push(text.slice(last, match.index));
    const id = match[1]!;
    const kind = id.startsWith("sec-") ? "section" : id.startsWith("res-") ? "resource" : id.startsWith("quiz-") ? "quiz" : id.startsWith("note-") ? "note" : "other";
    out.push({ kind, id });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The paragraphs of an answer, split as the server labels them. */
export function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n/).filter((p) => p.trim() !== "");
}
