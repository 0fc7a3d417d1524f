"use client";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";

export function AccountMenu() {
  const me = useQuery({ queryKey: ["me"], queryFn: () => unwrap(api.GET("/api/v1/auth/me")), staleTime: 60_000 });
  const logOut = async () => {
    await fetch("/api/session", { method: "DELETE" });
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops the old session's cached queries
    window.location.assign("/login?reason=signed_out");
  };
  return (
    <div className="flex items-center gap-2 text-sm">
      {me.data ? (
        <span className="hidden max-w-[14rem] truncate text-slate-600 sm:inline" data-testid="account-email">
          {me.data.email}
        </span>
      ) : null}
      <Button variant="ghost" onClick={logOut}>
        Sign out
      </Button>
    </div>
  );
}
