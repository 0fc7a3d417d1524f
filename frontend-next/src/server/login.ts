import "server-only";
import { z } from "zod";
import { apiUnavailable, upstream } from "./upstream";
import { storeToken } from "./session";

export const Credentials = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(128),
});

const TokenAnswer = z.object({ access_token: z.string().min(10), expires_in: z.number().positive() });

/** Pass an API error through with its status, body and Retry-After, never a token. */
export async function relayError(answer: Response): Promise<Response> {
  const body = await answer.text();
  const headers = new Headers({ "Content-Type": answer.headers.get("content-type") ?? "application/json" });
  const retryAfter = answer.headers.get("retry-after");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return new Response(body, { status: answer.status, headers });
}

/** Log in against the API and keep the token in the httpOnly cookie; the browser gets `{ok}`. */
export async function logIn(credentials: z.infer<typeof Credentials>, clientHeaders: Headers): Promise<Response> {
  let answer: Response;
  try {
    answer = await upstream("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(credentials),
      clientHeaders,
    });
  } catch {
    return apiUnavailable();
  }
  if (!answer.ok) return relayError(answer);
  const token = TokenAnswer.parse(await answer.json());
  await storeToken(token.access_token, token.expires_in);
  return Response.json({ ok: true });
}

export function invalidBody(error: z.ZodError): Response {
  return Response.json(
    { detail: error.issues.map((issue) => ({ loc: ["body", ...issue.path], msg: issue.message, type: issue.code })) },
    { status: 422 },
  );
}
