import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, pageTarget } from "./security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  it("runs only scripts carrying this response's nonce: no unsafe-inline, no unsafe-eval in production", () => {
    const policy = directives(contentSecurityPolicy("abc123==", { local: false, development: false }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });

  it("keeps local http working: no upgrade-insecure-requests; eval only under next dev", () => {
    const local = directives(contentSecurityPolicy("n", { local: true, development: false }));
    expect(local.has("upgrade-insecure-requests")).toBe(false);
    expect(local.get("script-src")).not.toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy("n", { local: true, development: true })).get("script-src")).toContain("'unsafe-eval'");
  });
});

describe("newNonce", () => {
  it("is fresh and 128 bits each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("pageTarget", () => {
  it("keeps the path and query, not Next's internal _rsc", () => {
    expect(pageTarget(new URL("https://w.example/roadmaps/1?concept=c1&_rsc=xyz"))).toBe("/roadmaps/1?concept=c1");
    expect(pageTarget(new URL("https://w.example/dashboard"))).toBe("/dashboard");
  });
});
