import "server-only";
import { cookies } from "next/headers";
import { serverEnv } from "./env";

/**
 * The API's access token lives only here: an httpOnly, SameSite=Lax cookie. Outside local
 * development it is `__Host-`-prefixed and Secure: the browser then keeps it only from https,
 * for this host alone (no Domain, Path=/), and no subdomain or plain-http page can set or
 * shadow it. docs/web.md, "Security".
 */
export const LOCAL_SESSION_COOKIE = "waymark_session";
export const SECURE_SESSION_COOKIE = "__Host-waymark_session";

export function sessionCookieName(local = serverEnv().local): string {
  return local ? LOCAL_SESSION_COOKIE : SECURE_SESSION_COOKIE;
}

export async function readToken(): Promise<string | undefined> {
  return (await cookies()).get(sessionCookieName())?.value;
}

// The cookie outlives its token by a day, so an expired session is recognised as one (and the
// login page says so) instead of looking like a visitor who never signed in.
const EXPIRED_GRACE_S = 24 * 3600;

export async function storeToken(token: string, expiresInSeconds: number): Promise<void> {
  const local = serverEnv().local;
  (await cookies()).set(sessionCookieName(local), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: !local,
    path: "/",
    maxAge: Math.max(60, Math.floor(expiresInSeconds)) + EXPIRED_GRACE_S,
  });
}

export async function clearToken(): Promise<void> {
  const local = serverEnv().local;
  // a __Host- cookie is only accepted (and so only deleted) with Secure and Path=/
  (await cookies()).set(sessionCookieName(local), "", { httpOnly: true, sameSite: "lax", secure: !local, path: "/", maxAge: 0 });
}

/** Seconds until the token's `exp` (read, not verified: the API verifies). */
export function tokenSecondsLeft(token: string, now = Date.now()): number {
  const payload = token.split(".")[1];
  if (!payload) return 0;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp - now / 1000 : 0;
  } catch {
    return 0;
  }
}
