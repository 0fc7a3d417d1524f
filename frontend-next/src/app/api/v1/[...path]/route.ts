import type { NextRequest } from "next/server";
import { apiUnavailable, upstream } from "@/server/upstream";
import { clearToken, readToken } from "@/server/session";

/**
 * The BFF proxy: the browser calls /api/v1/... on this origin; we add the bearer token from
 * the httpOnly cookie and forward. Responses stream through untouched (SSE included: the
 * Next config turns compression off). A 401 clears the session and tells the page it expired.
 */
export const dynamic = "force-dynamic";

// Routes that would hand the browser a token, or that the browser has no reason to call here.
const BLOCKED = [/^auth\/(login|token|register)$/, /\/ws$/];
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
  const { path } = await context.params;
  const joined = path.map(encodeURIComponent).join("/");
  if (BLOCKED.some((pattern) => pattern.test(joined))) {
    return Response.json({ detail: "Not available through the web UI" }, { status: 404 });
  }
  const token = await readToken();
  if (!token) return expired("You are not signed in.");

  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const hasBody = !["GET", "HEAD"].includes(request.method);
  let answer: Response;
  try {
    answer = await upstream(`/api/v1/${joined}${request.nextUrl.search}`, {
      method: request.method,
      headers,
      token,
      clientHeaders: request.headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
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
