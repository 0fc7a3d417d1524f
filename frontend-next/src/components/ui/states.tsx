import type { ReactNode } from "react";
import { ApiError, explainError } from "@/lib/errors";
import { Button } from "./button";

/** Every fetch has these three faces: loading, empty, error. A page is never blank. */
export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 p-6 text-slate-600">
      <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
      {label}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

export function ErrorState({ error, onRetry, notFoundHint }: { error: unknown; onRetry?: () => void; notFoundHint?: ReactNode }) {
  const { title, message } = explainError(error);
  return (
    <div role="alert" data-testid="error-state" className="rounded-lg border border-red-200 bg-red-50 p-5 text-red-900">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 text-sm">{message}</p>
      {title === "Not found" && notFoundHint ? <div className="mt-3 text-sm">{notFoundHint}</div> : null}
      {onRetry && title !== "Not found" ? (
        <Button variant="secondary" className="mt-3" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  // a refused form keeps the API's own sentence ("Incorrect email or password", a 409's reason)
  const ownWords = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
  const message = ownWords ? error.message : explainError(error).message;
  return (
    <p role="alert" className="text-sm text-red-700">
      {message}
    </p>
  );
}
