import type { NextRequest } from "next/server";
import { Credentials, invalidBody, logIn } from "@/server/login";
import { clearToken } from "@/server/session";

export const dynamic = "force-dynamic";

/** Log in: the token goes into the httpOnly cookie, never into the response body. */
export async function POST(request: NextRequest) {
  const parsed = Credentials.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return invalidBody(parsed.error);
  return logIn(parsed.data, request.headers);
}

/** Log out: forget the token. */
export async function DELETE() {
  await clearToken();
  return Response.json({ ok: true });
}
