import type { NextRequest } from "next/server";
import { Credentials, invalidBody, logIn, relayError } from "@/server/login";
import { apiUnavailable, upstream } from "@/server/upstream";

export const dynamic = "force-dynamic";

/** Create the account, then log straight in. */
export async function POST(request: NextRequest) {
  const parsed = Credentials.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return invalidBody(parsed.error);
  let answer: Response;
  try {
    answer = await upstream("/api/v1/auth/register", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(parsed.data),
      clientHeaders: request.headers,
    });
  } catch {
    return apiUnavailable();
  }
  if (!answer.ok) return relayError(answer);
  return logIn(parsed.data, request.headers);
}
