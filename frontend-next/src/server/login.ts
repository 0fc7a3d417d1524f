import "server-only";
import { z } from "zod";
import { readLimitedBody, refusalResponse, refuseMutation } from "./request-guard";
import { apiUnavailable, upstream } from "./upstream";
import { clearToken, readToken, storeToken } from "./session";

export const Credentials = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(128),
});
type CredentialsBody = z.infer<typeof Credentials>;

const TokenAnswer = z.object({ access_token: z.string().min(10), expires_in: z.number().positive() });

// An email and a password fit many times over.
const MAX_CREDENTIALS_BYTES = 16 * 1024;

/**
 * The credentials of a login or registration: refused unless a page of this site sent them as
 * JSON (docs/web.md, "Security"), then validated. A Response when refused.
 */
export async function readCredentials(request: Request): Promise<CredentialsBody | Response> {
  const refused = refuseMutation(request.method, request.headers);
  if (refused) return refusalResponse(refused);
  const read = await readLimitedBody(request, MAX_CREDENTIALS_BYTES);
  if ("refusal" in read) return refusalResponse(read.refusal);
  let json: unknown = null;
  try {
    json = JSON.parse(new TextDecoder().decode(read.body));
  } catch {
    // an unparsable body is reported by the schema below, field by field
  }
  const parsed = Credentials.safeParse(json);
  return parsed.success ? parsed.data : invalidBody(parsed.error);
}

/** Pass an API error through with its status, body and Retry-After, never a token. */
export async function relayError(answer: Response): Promise<Response> {
  const body = await answer.text();
  const headers = new Headers({ "Content-Type": answer.headers.get("content-type") ?? "application/json" });
  const retryAfter = answer.headers.get("retry-after");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return new Response(body, { status: answer.status, headers });
}

/** Log in against the API and keep the token in the httpOnly cookie; the browser gets `{ok}`. */
export async function logIn(credentials: CredentialsBody, clientHeaders: Headers): Promise<Response> {
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

/**
 * Sign out: the API revokes the session first (POST /api/v1/auth/logout), then the cookie goes.
 * A token the API already refuses (expired, revoked) is as good as signed out. Any other failure
 * keeps the cookie and is reported: the session still works until the API has revoked it.
 */
export async function logOut(clientHeaders: Headers): Promise<Response> {
  const token = await readToken();
  if (token) {
    let answer: Response;
    try {
      answer = await upstream("/api/v1/auth/logout", { method: "POST", token, clientHeaders });
    } catch {
      return signOutFailed(502, "The Waymark API is not reachable, so your session could not be ended. Try again in a moment.");
    }
    await answer.body?.cancel();
    if (!answer.ok && answer.status !== 401) {
      return signOutFailed(answer.status >= 500 ? 502 : answer.status, `Your session could not be ended (HTTP ${answer.status}). Try again in a moment.`);
    }
  }
  await clearToken();
  return Response.json({ ok: true });
}

function signOutFailed(status: number, detail: string): Response {
  return Response.json({ detail, code: "sign_out_failed" }, { status, headers: { "Cache-Control": "no-store" } });
}

export function invalidBody(error: z.ZodError): Response {
  return Response.json(
    { detail: error.issues.map((issue) => ({ loc: ["body", ...issue.path], msg: issue.message, type: issue.code })) },
    { status: 422 },
  );
}
