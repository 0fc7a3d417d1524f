import type { NextRequest } from "next/server";
import { logIn, logOut, readCredentials } from "@/server/login";
import { refusalResponse, refuseMutation } from "@/server/request-guard";

export const dynamic = "force-dynamic";

/** Log in: the token goes into the httpOnly cookie, never into the response body. */
export async function POST(request: NextRequest) {
  const credentials = await readCredentials(request);
  if (credentials instanceof Response) return credentials;
  return logIn(credentials, request.headers);
}

/** Log out: the API revokes the session, then the cookie goes (a failure is reported, not swallowed). */
export async function DELETE(request: NextRequest) {
  const refused = refuseMutation(request.method, request.headers);
  if (refused) return refusalResponse(refused);
  return logOut(request.headers);
}
