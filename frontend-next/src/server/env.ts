import "server-only";
import { z } from "zod";

/** Server-only configuration, validated once. Nothing here ever reaches a page script. */
const EnvSchema = z.object({
  WAYMARK_API_URL: z
    .url({ protocol: /^https?$/, message: "WAYMARK_API_URL must be an http(s) URL" })
    .default("http://127.0.0.1:8000")
    .transform((url) => url.replace(/\/+$/, "")),
  // The same variable as the API's (docs/architecture.md §9): "production" unless set.
  // scripts/dev.sh and the e2e runner set "dev", scripts/test.sh "test": local development
  // over plain http (so is `next dev`, whatever this says). Production means TLS in front:
  // a `__Host-` Secure cookie, HSTS, upgrade-insecure-requests (docs/web.md, "Security").
  WAYMARK_ENV: z.enum(["dev", "test", "production"], { message: "WAYMARK_ENV must be dev, test or production" }).default("production"),
  // "true" only behind a proxy that appends the caller's address to X-Forwarded-For (Railway,
  // a load balancer): then that address goes on to the API for its per-client limits.
  WAYMARK_FORWARD_CLIENT_IP: z.enum(["true", "false"]).default("false"),
});

export type ServerEnv = z.infer<typeof EnvSchema> & { local: boolean };

let cached: ServerEnv | undefined;

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid web UI configuration:\n${problems.join("\n")}`);
  }
  // `next dev` serves plain http on localhost: always local development
  return { ...parsed.data, local: parsed.data.WAYMARK_ENV !== "production" || source.NODE_ENV === "development" };
}

export function serverEnv(): ServerEnv {
  if (!cached) {
    cached = parseServerEnv(process.env);
    if (process.env.WAYMARK_COOKIE_SECURE !== undefined) {
      console.warn("web.config.ignored WAYMARK_COOKIE_SECURE: the cookie follows WAYMARK_ENV now (docs/web.md, Security)");
    }
  }
  return cached;
}
