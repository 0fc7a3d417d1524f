import "server-only";
import { serverEnv } from "./env";

/** One place that talks to the Waymark API from the Next server. */
export function apiUrl(pathAndQuery: string): string {
  return `${serverEnv().WAYMARK_API_URL}${pathAndQuery}`;
}

export type UpstreamInit = RequestInit & { token?: string; clientHeaders?: Headers };

/**
 * The caller's address for the API's per-client limits. Only when configured: the rightmost
 * X-Forwarded-For entry is the one our own proxy appended; anything left of it, or the header
 * without a proxy in front, is whatever the client chose to send.
 */
function forwardedFor(clientHeaders: Headers | undefined): Record<string, string> {
  if (serverEnv().WAYMARK_FORWARD_CLIENT_IP !== "true") return {};
  const address = clientHeaders?.get("x-forwarded-for")?.split(",").pop()?.trim();
  return address ? { "X-Forwarded-For": address } : {};
}

export async function upstream(pathAndQuery: string, init: UpstreamInit = {}): Promise<Response> {
  const { token, clientHeaders, headers, ...rest } = init;
  const merged = new Headers(headers);
  for (const [key, value] of Object.entries(forwardedFor(clientHeaders))) merged.set(key, value);
  if (token) merged.set("Authorization", `Bearer ${token}`);
  return fetch(apiUrl(pathAndQuery), { ...rest, headers: merged, cache: "no-store", redirect: "manual" });
}

/** A network failure reaching the API, as the JSON error body pages understand. */
export function apiUnavailable(): Response {
  return Response.json(
    { detail: "The Waymark API is not reachable. It may be restarting; try again in a moment.", code: "api_unavailable" },
    { status: 502, headers: { "Cache-Control": "no-store" } },
  );
}
