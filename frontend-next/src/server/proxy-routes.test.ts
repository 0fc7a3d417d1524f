import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { PROXIED_ROUTES, isProxiedRoute } = await import("./proxy-routes");

const split = (p: string) => p.split("/");

describe("isProxiedRoute", () => {
  it("forwards the calls the UI makes, with any id", () => {
    expect(isProxiedRoute("GET", split("tasks/3f9c/events"))).toBe(true);
    expect(isProxiedRoute("HEAD", split("tasks"))).toBe(true);
    expect(isProxiedRoute("PUT", ["roadmaps", "r1", "concepts", "c01 ownership / borrowing", "progress"])).toBe(true);
    expect(isProxiedRoute("post", split("tasks/1/cancel"))).toBe(true);
  });

  it("refuses everything else: token routes, the WebSocket, other methods, unknown paths", () => {
    for (const [method, p] of [
      ["POST", "auth/login"],
      ["POST", "auth/token"],
      ["POST", "auth/register"],
      ["POST", "auth/logout"], // the session routes call it themselves
      ["GET", "tasks/1/ws"],
      ["DELETE", "tasks/1"],
      ["GET", "tasks/1/cancel"],
      ["PUT", "tasks"],
      ["GET", "shared/slug"],
      ["GET", "admin"],
      ["GET", "tasks/1/events/extra"],
      ["GET", ""],
    ] as const) {
      expect(isProxiedRoute(method, split(p)), `${method} ${p}`).toBe(false);
    }
  });

  it("refuses dot segments, which the upstream URL would resolve to another path", () => {
    expect(isProxiedRoute("POST", ["tasks", "..", "cancel"])).toBe(false);
    expect(isProxiedRoute("GET", ["tasks", "."])).toBe(false);
    expect(isProxiedRoute("GET", ["tasks", ""])).toBe(false);
    expect(isProxiedRoute("GET", ["tasks", "x".repeat(201)])).toBe(false);
  });
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "api" && dir.endsWith("src") ? [] : sources(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("the allow-list", () => {
  it("lists every API call the browser code makes (add new calls to src/server/proxy-routes.ts)", () => {
    const root = path.resolve(__dirname, "..");
    const calls = new Set<string>();
    for (const file of sources(root)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/api\.(GET|POST|PUT|PATCH|DELETE)\(\s*"\/api\/v1\/([^"]+)"/g)) calls.add(`${match[1]} ${match[2]}`);
      // plain fetches and links: /api/v1/tasks/${taskId}/events?… → GET tasks/{x}/events
      const rest = text.replace(/api\.(GET|POST|PUT|PATCH|DELETE)\(\s*"[^"]*"/g, "");
      for (const match of rest.matchAll(/[`"]\/api\/v1\/([^`"?]+)/g)) {
        if (file.includes(`${path.sep}server${path.sep}`) || file.includes(`${path.sep}app${path.sep}`)) continue;
        calls.add(`GET ${match[1]!.replace(/\$\{[^}]+\}/g, "{x}")}`);
      }
    }
    expect(calls.size).toBeGreaterThan(15);
    const listed = new Set(PROXIED_ROUTES.map(([method, template]) => `${method} ${template.replace(/\{\w+\}/g, "{x}")}`));
    const missing = [...calls].map((call) => call.replace(/\{\w+\}/g, "{x}")).filter((call) => !listed.has(call));
    expect(missing).toEqual([]);
  });
});
