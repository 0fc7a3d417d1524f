import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { parseServerEnv } = await import("./env");
const { LOCAL_SESSION_COOKIE, SECURE_SESSION_COOKIE, sessionCookieName } = await import("./session");

vi.mock("next/headers", () => ({ cookies: vi.fn(), headers: vi.fn() }));

describe("local development", () => {
  it("is production unless WAYMARK_ENV says dev or test", () => {
    expect(parseServerEnv({}).local).toBe(false);
    expect(parseServerEnv({ WAYMARK_ENV: "production" }).local).toBe(false);
    expect(parseServerEnv({ WAYMARK_ENV: "dev" }).local).toBe(true);
    expect(parseServerEnv({ WAYMARK_ENV: "test" }).local).toBe(true);
    expect(parseServerEnv({ NODE_ENV: "development" }).local).toBe(true); // next dev
    expect(parseServerEnv({ NODE_ENV: "production" }).local).toBe(false);
  });

  it("refuses an unknown WAYMARK_ENV, naming it", () => {
    expect(() => parseServerEnv({ WAYMARK_ENV: "staging" })).toThrow(/WAYMARK_ENV must be dev, test or production/);
  });

  it("names the cookie __Host- outside local development", () => {
    expect(sessionCookieName(false)).toBe(SECURE_SESSION_COOKIE);
    expect(SECURE_SESSION_COOKIE.startsWith("__Host-")).toBe(true);
    expect(sessionCookieName(true)).toBe(LOCAL_SESSION_COOKIE);
  });
});
