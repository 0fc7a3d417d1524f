import "server-only";
import { z } from "zod";

/** Server-only configuration, validated once. Nothing here ever reaches a page script. */
const EnvSchema = z.object({
  WAYMARK_API_URL: z
    .url({ protocol: /^https?$/, message: "WAYMARK_API_URL must be an http(s) URL" })
    .default("http://127.0.0.1:8000")
    .transform((url) => url.replace(/\/+$/, "")),
  // "auto": Secure cookies when the request came over https (directly or via a proxy).
  WAYMARK_COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  // "true" only behind a proxy that appends the caller's address to X-Forwarded-For (Railway,
  // a load balancer): then that address goes on to the API for its per-client limits.
  WAYMARK_FORWARD_CLIENT_IP: z.enum(["true", "false"]).default("false"),
});

export type ServerEnv = z.infer<typeof EnvSchema>;

let cached: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
      throw new Error(`Invalid web UI configuration:\n${problems.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
