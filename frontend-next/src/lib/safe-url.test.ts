import { describe, expect, it } from "vitest";
import { domainOf, safeExternalUrl, safeLinkUrl, safeNext } from "./safe-url";

// Where a browser showing https://waymark.example/roadmaps/1 would really go for an href.
const PAGE = new URL("https://waymark.example/roadmaps/1");
const goesTo = (href: string) => new URL(href, PAGE);

// Relative-looking references that leave the site, and scripts in disguise.
const LEAVES_THE_SITE = [
  "//evil.example/x",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  " //evil.example",
  "\t//evil.example",
  "/\\/evil.example/",
  "///evil.example",
];
const SCRIPTS = [
  "javascript:alert(1)",
  "JAVASCRIPT:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "\u00a0javascript:alert(1)",
  "\u2028javascript:alert(1)",
  "java\tscript:alert(1)",
  "java\nscript:x",
  "java\rscript:x",
  "\u0001javascript:alert(1)",
  "javascript\u0000:alert(1)",
  "javascript://%0aalert(1)",
  "data:text/html,<script>alert(1)</script>",
  "DATA:text/html;base64,PHNjcmlwdD4=",
  " data:image/svg+xml,<svg onload=alert(1)>",
  "vbscript:msgbox",
  "file:///etc/passwd",
  "blob:https://waymark.example/uuid",
  "c:\\windows\\system32",
];

describe("safeLinkUrl", () => {
  it("keeps http, https, mailto and relative links on this site", () => {
    for (const url of ["https://example.com/a", "http://x.test", "mailto:me@example.com", "/roadmaps/1", "#part", "notes.md", "../up", "?concept=2", "/a%2F%2Fb"]) {
      expect(safeLinkUrl(url)).toBe(url);
    }
  });

  it("refuses relative-looking links that resolve to another site", () => {
    for (const url of LEAVES_THE_SITE) expect(safeLinkUrl(url), JSON.stringify(url)).toBeNull();
  });

  it("refuses javascript:, data:, vbscript:, file: and disguised variants", () => {
    for (const url of SCRIPTS) expect(safeLinkUrl(url), JSON.stringify(url)).toBeNull();
  });

  it("never yields a link the browser would follow to a script or, when relative, off the site", () => {
    // entities and percent-encoding are not decoded in an href set by React: these stay paths
    const tricky = ["javascript&colon;alert(1)", "&#106;avascript:alert(1)", "%6Aavascript:alert(1)", "javascript%3Aalert(1)", "/%09/evil.example", "/%2F/evil.example", "%2F%2Fevil.example", "https:evil.example", "http:/\\evil.example"];
    for (const url of [...tricky, ...LEAVES_THE_SITE, ...SCRIPTS]) {
      const kept = safeLinkUrl(url);
      if (kept === null) continue;
      const target = goesTo(kept);
      expect(["http:", "https:", "mailto:"], JSON.stringify(url)).toContain(target.protocol);
      if (!/^[a-z][a-z0-9+.-]*:/i.test(kept)) expect(target.origin, JSON.stringify(url)).toBe(PAGE.origin);
    }
  });
});

describe("safeNext", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeNext("/roadmaps/5f0c?concept=c01#quiz")).toBe("/roadmaps/5f0c?concept=c01#quiz");
    expect(safeNext("/tasks/1/review")).toBe("/tasks/1/review");
  });

  it("falls back for anything that would leave the site", () => {
    for (const next of [...LEAVES_THE_SITE, "/\t/evil.example/", "/\n/evil.example/", "https://evil.example/", "evil.example", "javascript:alert(1)", "", undefined, null]) {
      expect(safeNext(next), JSON.stringify(next)).toBe("/dashboard");
    }
  });

  it("keeps an encoded tab as an encoded path on this site (the browser does not decode it)", () => {
    expect(safeNext("/%09/evil.example/")).toBe("/%09/evil.example/");
    expect(goesTo(safeNext("/%09/evil.example/")).origin).toBe(PAGE.origin);
  });

  it("never sends a signed-in user back to a sign-in page, and honours the fallback", () => {
    expect(safeNext("/login?next=/x")).toBe("/dashboard");
    expect(safeNext("/register")).toBe("/dashboard");
    expect(safeNext("//evil.example", "/new")).toBe("/new");
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
