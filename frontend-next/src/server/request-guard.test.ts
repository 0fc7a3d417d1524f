import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { readLimitedBody, refuseMutation, sameOrigin } = await import("./request-guard");

const SITE = { host: "waymark.example" };
const headers = (values: Record<string, string>) => new Headers({ ...SITE, ...values });

describe("sameOrigin", () => {
  it("trusts the browser's Sec-Fetch-Site: same-origin only", () => {
    expect(sameOrigin(headers({ "sec-fetch-site": "same-origin" }))).toBe(true);
    for (const site of ["cross-site", "same-site", "none", ""]) {
      // a sibling subdomain is same-site but not same-origin; "none" is a typed URL or a bookmark
      expect(sameOrigin(headers({ "sec-fetch-site": site, origin: "https://waymark.example" })), site).toBe(false);
    }
  });

  it("without Sec-Fetch-Site, needs an Origin naming the host that was addressed", () => {
    expect(sameOrigin(headers({ origin: "https://waymark.example" }))).toBe(true);
    expect(sameOrigin(headers({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }))).toBe(true);
    expect(sameOrigin(headers({ origin: "https://waymark.example", host: "web.internal:3000", "x-forwarded-host": "waymark.example" }))).toBe(true);
    for (const origin of ["https://evil.example", "https://waymark.example.evil.example", "https://waymark.example:444", "null", "javascript:alert(1)", "garbage"]) {
      expect(sameOrigin(headers({ origin })), origin).toBe(false);
    }
    expect(sameOrigin(headers({}))).toBe(false); // neither header: not a page of this site
  });
});

describe("refuseMutation", () => {
  const json = { "sec-fetch-site": "same-origin", "content-type": "application/json", "content-length": "20" };

  it("lets reads through untouched", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(refuseMutation(method, headers({ "sec-fetch-site": "cross-site" }))).toBeNull();
  });

  it("refuses a cross-site write with 403 whatever its body", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(refuseMutation(method, headers({ ...json, "sec-fetch-site": "cross-site" }))).toMatchObject({ status: 403, code: "cross_site_request" });
    }
    // the login CSRF of issue 15: a text/plain form from another site
    expect(refuseMutation("POST", headers({ origin: "https://evil.example", "content-type": "text/plain", "content-length": "40" }))?.status).toBe(403);
  });

  it("refuses a same-origin write that is not JSON with 415", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json", "text/json"]) {
      expect(refuseMutation("POST", headers({ ...json, "content-type": type })), type).toMatchObject({ status: 415, code: "json_required" });
    }
    expect(refuseMutation("POST", headers({ "sec-fetch-site": "same-origin", "content-length": "2" }))?.status).toBe(415);
    expect(refuseMutation("POST", headers({ "sec-fetch-site": "same-origin", "transfer-encoding": "chunked" }))?.status).toBe(415);
  });

  it("accepts JSON (any case, with parameters) and bodiless writes", () => {
    expect(refuseMutation("POST", headers(json))).toBeNull();
    expect(refuseMutation("POST", headers({ ...json, "content-type": "Application/JSON; charset=utf-8" }))).toBeNull();
    expect(refuseMutation("DELETE", headers({ "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(refuseMutation("POST", headers({ "sec-fetch-site": "same-origin", "content-length": "0" }))).toBeNull();
  });
});

describe("readLimitedBody", () => {
  const post = (body: BodyInit, extra: Record<string, string> = {}) => new Request("http://x/", { method: "POST", body, headers: extra, duplex: "half" } as RequestInit);

  it("reads a body within the limit", async () => {
    const read = await readLimitedBody(post("0123456789"), 10);
    expect("body" in read && new TextDecoder().decode(read.body)).toBe("0123456789");
  });

  it("refuses a declared length over the limit without reading it", async () => {
    const read = await readLimitedBody(post("x", { "content-length": "11" }), 10);
    expect(read).toMatchObject({ refusal: { status: 413, code: "body_too_large" } });
  });

  it("stops reading a streamed body once it passes the limit", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(4));
        if (pulled > 1000) controller.close();
      },
    });
    const read = await readLimitedBody(post(stream), 10);
    expect(read).toMatchObject({ refusal: { status: 413 } });
    expect(pulled).toBeLessThan(10);
  });
});
