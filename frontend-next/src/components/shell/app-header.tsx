import Link from "next/link";
import { AccountMenu } from "./account-menu";
import { AttentionWatcher, NotifyToggle } from "./attention";

export function AppHeader() {
  return (
    <header data-app-header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-3 sm:px-6">
        <Link href="/dashboard" className="text-lg font-bold text-brand-700">
          Waymark
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-sm">
          <Link href="/dashboard" className="rounded px-2 py-1 hover:bg-slate-100">
            Dashboard
          </Link>
          <Link href="/new" className="rounded px-2 py-1 hover:bg-slate-100">
            New roadmap
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-1">
          <NotifyToggle />
          <AccountMenu />
        </div>
        <AttentionWatcher />
      </div>
    </header>
  );
}
