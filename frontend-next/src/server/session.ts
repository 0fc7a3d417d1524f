import "server-only";
import { cookies, headers } from "next/headers";
import { serverEnv } from "./env";

/** The API's access token lives only here: an httpOnly, SameSite=Lax cookie. */
export const SESSION_COOKIE = "waymark_session";

async function isHttps(): Promise<boolean> {
  const setting = serverEnv().WAYMARK_COOKIE_SECURE;
  if (setting !== "auto") return setting === "true";
  const forwarded = (await headers()).get("x-forwarded-proto");
  return forwarded?.split(",")[0]?.trim() === "https";
}

export async function readToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

// The cookie outlives its token by a day, so an expired session is recognised as one (and the
// login page says so) instead of looking like a visitor who never signed in.
const EXPIRED_GRACE_S = 24 * 3600;

export async function storeToken(token: string, expiresInSeconds: number): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: await isHttps(),
    path: "/",
    maxAge: Math.max(60, Math.floor(expiresInSeconds)) + EXPIRED_GRACE_S,
  });
}

export async function clearToken(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
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
