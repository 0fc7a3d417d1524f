import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { safeNext } from "@/lib/safe-url";
import { PATH_HEADER } from "@/server/security-headers";
import { readToken, tokenSecondsLeft } from "@/server/session";

/**
 * Every page in here needs a session. Without one the visitor goes to the login page, which
 * brings them back to this page afterwards (`next`, set from the path src/proxy.ts recorded);
 * an expired session also gets a message.
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const token = await readToken();
  if (!token || tokenSecondsLeft(token) <= 0) {
    const next = safeNext((await headers()).get(PATH_HEADER), "");
    const query = new URLSearchParams({ ...(token ? { reason: "expired" } : {}), ...(next ? { next } : {}) }).toString();
    redirect(query ? `/login?${query}` : "/login");
  }
  return (
    <>
      <AppHeader />
      <main id="main" className="mx-auto w-full max-w-6xl px-3 py-5 sm:px-6">
        {children}
      </main>
    </>
  );
}
