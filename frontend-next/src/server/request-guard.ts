import "server-only";

/**
 * Every state-changing request of the web layer (`/api/session*`, the `/api/v1` proxy) must come
 * from a page of this site and carry JSON. SameSite=Lax alone does not stop a cross-site
 * `<form enctype="text/plain">` that logs a visitor into someone else's account (the login sets
 * a cookie; it does not need one), nor a request from a sibling subdomain. docs/web.md, "Security".
 */
export type Refusal = { status: 403 | 413 | 415; code: string; detail: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function firstValue(header: string | null): string | null {
  const value = header?.split(",")[0]?.trim();
  return value ? value.toLowerCase() : null;
}

function hostOf(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host.toLowerCase() : null;
  } catch {
    return null; // "null" (sandboxed frames, some redirects) and garbage alike
  }
}

/**
 * Did a page of this site send the request? Browsers say so in `Sec-Fetch-Site` (a header
 * page scripts cannot set); a client without it must send an `Origin` whose host is the one
 * it addressed (`Host`, or `X-Forwarded-Host` behind a proxy). A cross-site page can set
 * neither of those headers without a CORS preflight this server never approves.
 */
export function sameOrigin(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site.trim().toLowerCase() === "same-origin";
  const origin = headers.get("origin");
  const from = origin ? hostOf(origin) : null;
  if (!from) return false;
  const addressed = [firstValue(headers.get("x-forwarded-host")), firstValue(headers.get("host"))];
  return addressed.includes(from);
}

function declaresJson(contentType: string): boolean {
  return contentType.split(";")[0]!.trim().toLowerCase() === "application/json";
}

function hasBody(headers: Headers): boolean {
  const length = headers.get("content-length");
  return headers.has("transfer-encoding") || (length !== null && length.trim() !== "0");
}

/** Why a state-changing request is refused, or null when it may go on. GET and HEAD pass. */
export function refuseMutation(method: string, headers: Headers): Refusal | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  if (!sameOrigin(headers)) {
    return { status: 403, code: "cross_site_request", detail: "Refused: this request did not come from a Waymark page." };
  }
  const contentType = headers.get("content-type");
  if (contentType === null ? hasBody(headers) : !declaresJson(contentType)) {
    return { status: 415, code: "json_required", detail: "Send the body as application/json." };
  }
  return null;
}

export function refusalResponse(refusal: Refusal): Response {
  return Response.json({ detail: refusal.detail, code: refusal.code }, { status: refusal.status, headers: { "Cache-Control": "no-store" } });
}

/** The body, read up to `limit` bytes: a longer one, declared or streamed, is refused (413) unread. */
export async function readLimitedBody(request: Request, limit: number): Promise<{ body: Uint8Array } | { refusal: Refusal }> {
  const tooLarge: Refusal = { status: 413, code: "body_too_large", detail: `The request body is over the ${limit}-byte limit.` };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit) return { refusal: tooLarge };
  if (!request.body) return { body: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { refusal: tooLarge };
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { body };
}
