"use client";
import createClient from "openapi-fetch";
import type { paths } from "@/api/types";
import { ApiError, parseRetryAfter } from "@/lib/errors";

/**
 * The browser's API client: typed by the generated schema, calling the same paths on this
 * origin, where the BFF proxy adds the token. It never holds a token itself.
 */
export const api = createClient<paths>({ baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin });

/** Send the learner to the login page with a message, coming back here afterwards. */
export function redirectToLogin(reason: "expired" | "signed_out" = "expired"): void {
  if (typeof window === "undefined") return;
  const next = window.location.pathname + window.location.search;
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops the old session's cached queries
  window.location.assign(`/login?reason=${reason}&next=${encodeURIComponent(next)}`);
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Await an openapi-fetch call; throw an ApiError for any non-2xx (401 also leaves for the login page). */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "The Waymark API is not reachable.");
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  throw toApiError(response, error);
}

export function toApiError(response: Response, body: unknown): ApiError {
  const detail = body && typeof body === "object" && "detail" in body ? (body as { detail: unknown }).detail : body;
  if (response.status === 401) redirectToLogin("expired");
  return new ApiError(response.status, detail, parseRetryAfter(response.headers.get("retry-after")));
}

/** Plain fetch to the BFF for the few calls outside the schema client (downloads, sessions). */
export async function fetchJson<T>(input: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers: { "Content-Type": "application/json", ...init?.headers } });
  } catch {
    throw new ApiError(0, "The Waymark API is not reachable.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && typeof body === "object" && "detail" in body ? (body as { detail: unknown }).detail : body;
    if (response.status === 401 && !input.startsWith("/api/session")) redirectToLogin("expired");
    throw new ApiError(response.status, detail, parseRetryAfter(response.headers.get("retry-after")));
  }
  return body as T;
}
