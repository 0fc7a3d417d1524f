import "server-only";
import { serverEnv } from "./env";

/** One place that talks to the Waymark API from the Next server. */
export function apiUrl(pathAndQuery: string): string {
  return `${serverEnv().WAYMARK_API_URL}${pathAndQuery}`;
}

export type UpstreamInit = RequestInit & { token?: string; clientHeaders?: Headers };

/** Forward the caller's address so the API's per-client limits stay per client. */
function forwardedFor(clientHeaders: Headers | undefined): Record<string, string> {
  const value = clientHeaders?.get("x-forwarded-for") ?? clientHeaders?.get("x-real-ip");
  return value ? { "X-Forwarded-For": value } : {};
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
