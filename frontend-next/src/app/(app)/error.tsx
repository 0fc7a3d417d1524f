"use client";
import Link from "next/link";

/** An unexpected error inside the app keeps the header and offers a way on. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" data-testid="error-state" className="rounded-lg border border-red-200 bg-red-50 p-5 text-red-900">
      <p className="font-semibold">Something went wrong</p>
      <p className="mt-1 text-sm">{error.digest ? `Reference ${error.digest}. ` : ""}Try again; if it keeps happening, the API may be down.</p>
      <div className="mt-3 flex gap-3">
        <button type="button" onClick={reset} className="rounded-md border border-red-300 bg-white px-4 py-2 text-sm">
          Try again
        </button>
        <Link href="/dashboard" className="px-2 py-2 text-sm underline">
          Back to your dashboard
        </Link>
      </div>
    </div>
  );
}
