import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";

const render = (source: string) => renderToStaticMarkup(<Markdown source={source} />);

describe("Markdown from untrusted text", () => {
  it("shows raw HTML as inert text, never as elements", () => {
    const html = render('Hello <script>alert("x")</script> and <img src=x onerror="alert(1)"> <iframe src="https://evil.example"></iframe>');
    expect(html).not.toMatch(/<(script|img|iframe)\b/i);
    expect(html).not.toMatch(/\sonerror="/);
    expect(html).toContain("&lt;script&gt;");
  });

  it("turns javascript:, data: and vbscript: links into plain text", () => {
    const html = render("[click](javascript:alert(1)) [data](data:text/html,<b>x</b>) [vb](vbscript:msgbox) [ref][r]\n\n[r]: JavaScript:alert(2)");
    expect(html).not.toMatch(/href="(javascript|data|vbscript)/i);
    expect(html).not.toMatch(/href=""/);
    expect(html).toContain("click");
  });

  it("keeps http(s), mailto and relative links; external ones open safely", () => {
    const html = render("[a](https://example.com/x) [b](mailto:me@example.com) [c](/roadmaps/1)");
    expect(html).toContain('href="https://example.com/x" target="_blank" rel="noopener noreferrer nofollow"');
    expect(html).toContain('href="mailto:me@example.com"');
    expect(html).toContain('href="/roadmaps/1"');
  });

  it("renders GFM tables and code as text, and no remote images", () => {
    const html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('<b>hi</b>')\n```\n\n![pixel](https://tracker.example/p.gif)");
    expect(html).toContain("<table>");
    expect(html).toContain("print(&#x27;&lt;b&gt;hi&lt;/b&gt;&#x27;)");
    expect(html).not.toContain("<img");
  });
});
