import type { Metadata } from "next";
import Link from "next/link";
import { AuthForm } from "@/components/auth/auth-form";
import { safeNext } from "@/lib/safe-url";

export const metadata: Metadata = { title: "Sign in" };

const REASONS: Record<string, string> = {
  expired: "Your session has expired. Please sign in again.",
  signed_out: "You have been signed out.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ reason?: string; next?: string }> }) {
  const { reason, next } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      {reason && REASONS[reason] ? (
        <p role="status" data-testid="login-reason" className="mt-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {REASONS[reason]}
        </p>
      ) : null}
      <AuthForm mode="login" next={safeNext(next)} />
      <p className="mt-4 text-sm text-slate-600">
        New here?{" "}
        <Link href="/register" className="text-brand-600 underline">
          Create an account
        </Link>
      </p>
    </>
  );
}

