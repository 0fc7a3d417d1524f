import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <div role="alert" data-testid="error-state" className="rounded-lg border border-slate-200 bg-white p-6">
        <h1 className="text-xl font-semibold">Not found</h1>
        <p className="mt-2 text-slate-600">This page does not exist, or it is not yours.</p>
        <Link href="/dashboard" className="mt-4 inline-block text-brand-700 underline">
          Back to your dashboard
        </Link>
      </div>
    </main>
  );
}
