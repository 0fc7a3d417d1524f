import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { readToken, tokenSecondsLeft } from "@/server/session";

/** Every page in here needs a session; an expired one goes back to the login page with a message. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const token = await readToken();
  if (!token) redirect("/login");
  if (tokenSecondsLeft(token) <= 0) redirect("/login?reason=expired");
  return (
    <>
      <AppHeader />
      <main id="main" className="mx-auto w-full max-w-6xl px-3 py-5 sm:px-6">
        {children}
      </main>
    </>
  );
}
