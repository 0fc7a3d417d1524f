"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api, fetchJson, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";

export function AccountMenu() {
  const me = useQuery({ queryKey: ["me"], queryFn: () => unwrap(api.GET("/api/v1/auth/me")), staleTime: 60_000 });
  const [signingOut, setSigningOut] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // The API revokes the session before the cookie goes; if it cannot, the session still works,
  // so say so instead of pretending (docs/web.md, "Security").
  const logOut = async () => {
    setSigningOut(true);
    setFailure(null);
    try {
      await fetchJson("/api/session", { method: "DELETE" });
    } catch (error) {
      setFailure(`Sign-out failed: ${error instanceof Error ? error.message : "unknown error"}`);
      setSigningOut(false);
      return;
    }
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops the old session's cached queries
    window.location.assign("/login?reason=signed_out");
  };
  return (
    <div className="flex flex-wrap items-center justify-end gap-2 text-sm">
      {me.data ? (
        <span className="hidden max-w-[14rem] truncate text-slate-600 sm:inline" data-testid="account-email">
          {me.data.email}
        </span>
      ) : null}
      <Link href="/profile" className="rounded px-2 py-1 hover:bg-slate-100" data-testid="profile-link">
        Profile
      </Link>
      <Button variant="ghost" onClick={logOut} disabled={signingOut}>
        {signingOut ? "Signing out…" : "Sign out"}
      </Button>
      {failure ? (
        <p role="alert" data-testid="sign-out-error" className="basis-full text-right text-xs text-red-700">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
