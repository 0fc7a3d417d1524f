import Link from "next/link";
import type { ReactNode } from "react";

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header data-app-header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between px-3 py-3 sm:px-6">
          <Link href="/" className="text-lg font-bold text-brand-700">
            Waymark
          </Link>
          <Link href="/register" className="text-sm text-brand-700 underline">
            Make your own roadmap
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-4xl px-3 py-5 sm:px-6">
        {children}
      </main>
    </>
  );
}
