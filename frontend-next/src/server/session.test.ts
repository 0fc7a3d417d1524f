import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ cookies: vi.fn(), headers: vi.fn() }));

const { tokenSecondsLeft } = await import("./session");

const token = (claims: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.signature`;

describe("tokenSecondsLeft", () => {
  it("reads the exp claim without trusting anything else", () => {
    const now = 1_800_000_000_000;
    expect(tokenSecondsLeft(token({ exp: now / 1000 + 60 }), now)).toBe(60);
    expect(tokenSecondsLeft(token({ exp: now / 1000 - 1 }), now)).toBeLessThan(0);
  });

  it("treats a malformed token as expired", () => {
    expect(tokenSecondsLeft("not-a-jwt")).toBe(0);
    expect(tokenSecondsLeft("a.%%%.c")).toBe(0);
    expect(tokenSecondsLeft(token({ sub: "no exp" }))).toBe(0);
  });
});
