import { NextResponse, type NextRequest } from "next/server";
import { serverEnv } from "@/server/env";
import { HSTS, NONCE_HEADER, PATH_HEADER, contentSecurityPolicy, newNonce, pageTarget } from "@/server/security-headers";

/**
 * Runs before every page (Next.js 16's proxy, formerly middleware): a fresh nonce and the
 * Content-Security-Policy naming it, on the request (Next reads the nonce from there and puts it
 * on its own scripts) and on the response; HSTS outside local development; and the page's path,
 * so the (app) layout can send a logged-out visitor to /login?next=<that path>.
 * docs/web.md, "Security".
 */
export function proxy(request: NextRequest) {
  const { local } = serverEnv();
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { local, development: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set("content-security-policy", policy);
  headers.set(PATH_HEADER, pageTarget(request.nextUrl));
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  if (!local) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  matcher: [
    {
      // pages only: not the route handlers (JSON, SSE), not static files, not prefetches
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
