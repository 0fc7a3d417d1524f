import type { NextRequest } from "next/server";
import { isProxiedRoute } from "@/server/proxy-routes";
import { readLimitedBody, refusalResponse, refuseMutation } from "@/server/request-guard";
import { apiUnavailable, upstream } from "@/server/upstream";
import { clearToken, readToken } from "@/server/session";

/**
 * The BFF proxy: the browser calls /api/v1/... on this origin; we add the bearer token from
 * the httpOnly cookie and forward. Only the calls the UI makes are forwarded (an allow-list);
 * writes must come from this site's pages as JSON, at most 1 MiB. Responses stream through
 * untouched (SSE included: the Next config turns compression off). A 401 clears the session
 * and tells the page it expired. docs/web.md, "Security".
 */
export const dynamic = "force-dynamic";

// The API refuses bodies over 1 MiB (docs/architecture.md §9, "Body limit"): nothing larger
// is worth holding in this server's memory to forward.
const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_HEADERS = ["content-type", "accept", "idempotency-key", "last-event-id", "x-request-id"];
const RESPONSE_HEADERS = [
  "content-type",
  "content-disposition",
  "retry-after",
  "x-request-id",
  "idempotent-replayed",
  "cache-control",
  "x-accel-buffering",
];

async function forward(request: NextRequest, context: { params: Promise<{ path: string[] }> }) {
  const refused = refuseMutation(request.method, request.headers);
  if (refused) return refusalResponse(refused);
  const { path } = await context.params;
  if (!isProxiedRoute(request.method, path)) {
    return Response.json({ detail: "Not available through the web UI", code: "not_proxied" }, { status: 404 });
  }
  const token = await readToken();
  if (!token) return expired("You are not signed in.");

  let body: Uint8Array | undefined;
  if (!["GET", "HEAD"].includes(request.method)) {
    const read = await readLimitedBody(request, MAX_BODY_BYTES);
    if ("refusal" in read) return refusalResponse(read.refusal);
    body = read.body;
  }
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  let answer: Response;
  try {
    answer = await upstream(`/api/v1/${path.map(encodeURIComponent).join("/")}${request.nextUrl.search}`, {
      method: request.method,
      headers,
      token,
      clientHeaders: request.headers,
      body: body as BodyInit | undefined,
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    console.error("bff.proxy.unreachable", (error as Error).message);
    return apiUnavailable();
  }
  if (answer.status === 401) {
    await answer.body?.cancel();
    await clearToken();
    return expired("Your session has expired. Please sign in again.");
  }
  const out = new Headers();
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value) out.set(name, value);
  }
  if (out.get("content-type")?.startsWith("text/event-stream")) {
    out.set("Cache-Control", "no-cache, no-transform");
    out.set("X-Accel-Buffering", "no");
  }
  return new Response(answer.body, { status: answer.status, headers: out });
}

function expired(detail: string): Response {
  return Response.json({ detail, code: "session_expired" }, { status: 401 });
}

export const GET = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
