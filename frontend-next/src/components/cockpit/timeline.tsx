"use client";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import type { TaskEvent } from "@/api/types";
import { useNow } from "@/client/use-now";
import { describeEvent } from "@/lib/describe-event";
import { eventKey } from "@/lib/events";
import { FILTER_LABELS, formatDuration, matchesFilter, relativeTime, stepDurations, TIMELINE_FILTERS, type TimelineFilter } from "@/lib/timeline";

const LEVEL_TONE: Record<string, string> = { error: "text-red-700", warning: "text-amber-800" };
const NEAR_BOTTOM_PX = 24;

/**
 * The live timeline: every event once, in stream order, as plain text. It follows the newest
 * event until the learner scrolls up; then "Jump to latest" brings it back. Relative times,
 * step durations, and a filter by kind.
 */
export function Timeline({ events, conceptTitles }: { events: readonly TaskEvent[]; conceptTitles: ReadonlyMap<string, string> }) {
  const [filter, setFilter] = useState<TimelineFilter>("all");
  const [following, setFollowing] = useState(true);
  const [seenCount, setSeenCount] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  const now = useNow(5_000);
  const shown = useMemo(() => (filter === "all" ? events : events.filter((event) => matchesFilter(event, filter))), [events, filter]);
  const { durations, runningSince } = useMemo(() => stepDurations(events), [events]);
  const lastKey = shown.length ? eventKey(shown[shown.length - 1]!) : null;

  // Where following last put the view, and how many events it showed then. A scroll event can
  // arrive after the next follow has already moved the view back down, so a learner's scroll up
  // is also read here, from the position, before the view is moved.
  const followedTo = useRef<{ top: number; count: number } | null>(null);
  useLayoutEffect(() => {
    const element = list.current;
    if (!element || !following) return;
    const last = followedTo.current;
    if (last !== null && element.scrollTop < last.top - NEAR_BOTTOM_PX) {
      setSeenCount(last.count);
      setFollowing(false);
      return;
    }
    element.scrollTop = element.scrollHeight;
    followedTo.current = { top: element.scrollTop, count: shown.length };
  }, [lastKey, following, filter, shown.length]);

  const follow = () => {
    followedTo.current = null;
    setFollowing(true);
  };
  const chooseFilter = (option: TimelineFilter) => {
    followedTo.current = null;
    setFilter(option);
  };

  const onScroll = () => {
    const element = list.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= NEAR_BOTTOM_PX;
    // At the bottom the mark moves to here (the view may have been clamped by a resize); it is
    // never forgotten: the scroll event of the follow's own move arrives a frame later, and a
    // scroll up made in between must still be read by the next follow.
    if (atBottom && followedTo.current) followedTo.current = { ...followedTo.current, top: element.scrollTop };
    if (atBottom !== following) setFollowing(atBottom);
    if (!atBottom && following) setSeenCount(shown.length);
  };
  const unseen = following ? 0 : Math.max(0, shown.length - seenCount);

  return (
    <div className="space-y-2">
      <div role="group" aria-label="Show events" className="flex flex-wrap gap-1.5" data-testid="timeline-filter">
        {TIMELINE_FILTERS.map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={filter === option}
            onClick={() => chooseFilter(option)}
            className={`rounded-full border px-2.5 py-0.5 text-xs font-medium ${filter === option ? "border-brand-600 bg-accent text-on-accent" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
          >
            {FILTER_LABELS[option]}
          </button>
        ))}
      </div>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">No events yet: the task is waiting for a worker.</p>
      ) : shown.length === 0 ? (
        <p className="text-sm text-slate-600">No {FILTER_LABELS[filter].toLowerCase()} events.</p>
      ) : null}
      <div className="relative">
        <ol
          ref={list}
          onScroll={onScroll}
          aria-label="Timeline"
          data-testid="timeline"
          data-following={following}
          className="max-h-[28rem] space-y-1 overflow-y-auto pr-1 text-sm"
          tabIndex={0}
          hidden={shown.length === 0}
        >
          {shown.map((event) => {
            const key = eventKey(event);
            const duration = durations.get(key);
            const running = event.type === "step" && duration === undefined && runningSince !== null && event.created_at && Date.parse(event.created_at) === runningSince;
            return (
              <li key={key} data-event-id={event.id} data-type={event.type} className="flex flex-wrap gap-x-2 border-b border-slate-100 py-1 last:border-0">
                <time
                  className="w-16 shrink-0 text-xs text-slate-500"
                  dateTime={event.created_at ?? undefined}
                  title={event.created_at ? new Date(event.created_at).toLocaleString() : undefined}
                >
                  {relativeTime(event.created_at, now)}
                </time>
                <span className="shrink-0 rounded bg-slate-100 px-1 text-xs text-slate-700">{event.type}</span>
                <span className={`min-w-0 flex-1 break-words ${LEVEL_TONE[event.level] ?? "text-slate-800"}`}>
                  {describeEvent(event, conceptTitles)}
                  {duration !== undefined ? (
                    <span className="ml-1 text-xs text-slate-500" data-testid="step-duration">
                      · took {formatDuration(duration)}
                    </span>
                  ) : running ? (
                    <span className="ml-1 text-xs text-slate-500">· running for {formatDuration(now - runningSince!)}</span>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ol>
        {!following && shown.length > 0 ? (
          <button
            type="button"
            onClick={follow}
            className="absolute right-3 bottom-2 rounded-full bg-accent px-3 py-1 text-xs font-medium text-on-accent shadow"
            data-testid="jump-to-latest"
          >
            Jump to latest{unseen ? ` (${unseen} new)` : ""}
          </button>
        ) : null}
      </div>
    </div>
  );
}
