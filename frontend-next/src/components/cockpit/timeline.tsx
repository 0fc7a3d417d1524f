import type { TaskEvent } from "@/api/types";
import { describeEvent } from "@/lib/describe-event";

const LEVEL_TONE: Record<string, string> = { error: "text-red-700", warning: "text-amber-800" };

/** The live timeline: every event once, in stream order, as plain text. */
export function Timeline({ events, conceptTitles }: { events: readonly TaskEvent[]; conceptTitles: ReadonlyMap<string, string> }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No events yet: the task is waiting for a worker.</p>;
  return (
    <ol aria-label="Timeline" data-testid="timeline" className="max-h-[28rem] space-y-1 overflow-y-auto pr-1 text-sm" tabIndex={0}>
      {events.map((event) => (
        <li key={`${event.id}:${event.data?.["replayed_from"] ?? ""}`} data-event-id={event.id} data-type={event.type} className="flex gap-2 border-b border-slate-100 py-1 last:border-0">
          <time className="shrink-0 font-mono text-xs text-slate-500" dateTime={event.created_at ?? undefined}>
            {event.created_at ? new Date(event.created_at).toLocaleTimeString() : "—"}
          </time>
          <span className="shrink-0 rounded bg-slate-100 px-1 text-xs text-slate-600">{event.type}</span>
          <span className={`min-w-0 break-words ${LEVEL_TONE[event.level] ?? "text-slate-800"}`}>{describeEvent(event, conceptTitles)}</span>
        </li>
      ))}
    </ol>
  );
}
