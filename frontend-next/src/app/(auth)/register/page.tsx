import type { Metadata } from "next";
import Link from "next/link";
import { AuthForm } from "@/components/auth/auth-form";

export const metadata: Metadata = { title: "Create an account" };

export default function RegisterPage() {
  return (
    <>
      <h1 className="text-xl font-semibold">Create an account</h1>
      <p className="mt-1 text-sm text-slate-600">Tell Waymark what you want to learn; it builds the roadmap, you review it.</p>
      <AuthForm mode="register" next="/new" />
      <p className="mt-4 text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/login" className="text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
