"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { TaskStatus } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { setTitleBadge } from "@/client/document-title";
import { notify, notifyState, type NotifyState, turnNotifications } from "@/client/notify";
import { changesWorthNotifying, deservesNotification, notificationText } from "@/lib/attention";
import { TERMINAL_STATUSES } from "@/lib/pipeline";

/** The learner's newest tasks, polled: often while one runs, slowly otherwise. Shared by the watcher and the banner. */
export function useAttention() {
  return useQuery({
    queryKey: ["attention"],
    queryFn: () => unwrap(api.GET("/api/v1/tasks", { params: { query: { limit: 50 } } })),
    refetchInterval: (query) => (query.state.data?.items.some((t) => !TERMINAL_STATUSES.has(t.status) && t.status !== "awaiting_review") ? 4_000 : 15_000),
    refetchIntervalInBackground: true,
  });
}

/** Mounted once in the app's frame: the title badge while reviews wait, and opt-in notifications. */
export function AttentionWatcher() {
  const attention = useAttention();
  const waiting = attention.data?.status_counts["awaiting_review"] ?? 0;
  const previous = useRef<Map<string, TaskStatus> | null>(null);

  useEffect(() => {
    setTitleBadge(waiting);
  }, [waiting]);
  useEffect(() => () => setTitleBadge(0), []);

  useEffect(() => {
    const items = attention.data?.items;
    if (!items) return;
    if (previous.current) {
      const where = { pathname: window.location.pathname, visible: document.visibilityState === "visible" };
      for (const change of changesWorthNotifying(previous.current, items)) {
        if (!deservesNotification(change, where)) continue;
        const { title, body } = notificationText(change);
        notify(title, body, change.url);
      }
    }
    previous.current = new Map(items.map((t) => [t.id, t.status]));
  }, [attention.data]);
  return null;
}

/** On the dashboard: the reviews that wait, each a link. */
export function ReviewBanner() {
  const attention = useAttention();
  const waiting = (attention.data?.items ?? []).filter((t) => t.status === "awaiting_review");
  const total = attention.data?.status_counts["awaiting_review"] ?? 0;
  if (total === 0) return null;
  return (
    <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950" data-testid="review-banner">
      <p className="font-semibold">
        {total === 1 ? "A roadmap waits for your review" : `${total} roadmaps wait for your review`}
      </p>
      <ul className="mt-1 space-y-1 text-sm">
        {waiting.map((task) => (
          <li key={task.id}>
            <Link href={`/tasks/${task.id}/review`} className="font-medium underline underline-offset-2">
              Review “{task.goal}”
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

const noSubscribe = () => () => undefined;

/** Turn browser notifications on or off (the browser asks for permission the first time). */
export function NotifyToggle() {
  const initial = useSyncExternalStore(noSubscribe, notifyState, () => "unsupported" as NotifyState);
  const [state, setState] = useState<NotifyState | null>(null);
  const current = state ?? initial;
  if (current === "unsupported") return null;
  if (current === "blocked") return <span className="text-xs text-slate-600">Notifications blocked in this browser</span>;
  return (
    <button
      type="button"
      aria-pressed={current === "on"}
      onClick={async () => setState(await turnNotifications(current !== "on"))}
      className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
      data-testid="notify-toggle"
    >
      {current === "on" ? "Notifications on" : "Notify me"}
    </button>
  );
}
