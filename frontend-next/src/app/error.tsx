"use client";

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <div role="alert" data-testid="error-state" className="rounded-lg border border-red-200 bg-red-50 p-6 text-red-900">
        <h1 className="text-xl font-semibold">Something went wrong</h1>
        <p className="mt-2 text-sm">{error.digest ? `Reference ${error.digest}. ` : ""}Try again; if it keeps happening, the API may be down.</p>
        <button type="button" onClick={reset} className="mt-4 rounded-md border border-red-300 bg-white px-4 py-2 text-sm">
          Try again
        </button>
      </div>
    </main>
  );
}
