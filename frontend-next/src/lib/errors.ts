/** One error type for every API call made from the browser. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(describeDetail(status, detail));
    this.name = "ApiError";
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export function describeDetail(status: number, detail: unknown): string {
  if (typeof detail === "string" && detail) return detail;
  if (Array.isArray(detail)) {
    const first = detail[0] as { msg?: unknown } | undefined;
    if (first && typeof first.msg === "string") return first.msg;
  }
  return fallbackMessage(status);
}

function fallbackMessage(status: number): string {
  if (status === 404) return "Not found.";
  if (status === 409) return "That is not possible in the current state.";
  if (status === 422) return "Some input was not accepted.";
  if (status === 429) return "Too many requests.";
  if (status === 502 || status === 503 || status === 0) return "The Waymark API is not reachable.";
  return `Something went wrong (HTTP ${status}).`;
}

export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The sentence a page shows for an error: what happened and what to do. */
export function explainError(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError) {
    if (error.status === 404) return { title: "Not found", message: "This does not exist, or it is not yours." };
    if (error.status === 409) return { title: "Not possible right now", message: error.message };
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return { title: "Slow down", message: `Too many requests. Try again in ${wait ?? "a few"} second${wait === 1 ? "" : "s"}.` };
    }
    if (error.status === 401) return { title: "Signed out", message: "Your session has expired. Please sign in again." };
    if (error.status >= 500 || error.status === 0) {
      return { title: "Waymark is unreachable", message: "The API did not answer. It may be restarting; try again in a moment." };
    }
    return { title: "Request refused", message: error.message };
  }
  return { title: "Something went wrong", message: error instanceof Error ? error.message : String(error) };
}
