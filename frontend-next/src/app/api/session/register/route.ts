import type { NextRequest } from "next/server";
import { logIn, readCredentials, relayError } from "@/server/login";
import { apiUnavailable, upstream } from "@/server/upstream";

export const dynamic = "force-dynamic";

/** Create the account, then log straight in. */
export async function POST(request: NextRequest) {
  const credentials = await readCredentials(request);
  if (credentials instanceof Response) return credentials;
  let answer: Response;
  try {
    answer = await upstream("/api/v1/auth/register", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(credentials),
      clientHeaders: request.headers,
    });
  } catch {
    return apiUnavailable();
  }
  if (!answer.ok) return relayError(answer);
  return logIn(credentials, request.headers);
}
