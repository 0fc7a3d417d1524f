import { describe, expect, it } from "vitest";
import { domainOf, safeExternalUrl, safeLinkUrl } from "./safe-url";

describe("safeLinkUrl", () => {
  it("keeps http, https, mailto and relative links", () => {
    for (const url of ["https://example.com/a", "http://x.test", "mailto:me@example.com", "/roadmaps/1", "#part", "notes.md"]) {
      expect(safeLinkUrl(url)).toBe(url);
    }
  });

  it("refuses javascript:, data:, vbscript:, file: and disguised variants", () => {
    for (const url of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:x", "data:text/html,<script>", "vbscript:msgbox", "file:///etc/passwd", "//evil.example/x"]) {
      expect(safeLinkUrl(url)).toBeNull();
    }
  });
});

describe("resource links", () => {
  it("allow only absolute http(s) and show the domain", () => {
    expect(safeExternalUrl("https://docs.rs/tokio")).toBe("https://docs.rs/tokio");
    expect(safeExternalUrl("javascript:alert(1)")).toBeNull();
    expect(safeExternalUrl("/relative")).toBeNull();
    expect(domainOf("https://www.rust-lang.org/learn")).toBe("rust-lang.org");
    expect(domainOf("data:text/html,x")).toBeNull();
  });
});
