"use client";
import { createParser } from "eventsource-parser";
import { useCallback, useEffect, useRef, useState } from "react";
import type { LogPage, TaskEvent } from "@/api/types";
import { ApiError, parseRetryAfter } from "@/lib/errors";
import { endsTask, fromLogEntry, mergeEvents } from "@/lib/events";
import { redirectToLogin } from "./api";

export type Connection = "connecting" | "live" | "reconnecting" | "ended" | "waiting";

export type TaskEventsState = {
  events: TaskEvent[];
  connection: Connection;
  error: ApiError | null;
  notice: string | null;
  endedAt: number; // when the stream last ended at a terminal event (ms since epoch), 0 before
};
export type TaskEvents = TaskEventsState & { resume: () => void };

const LOG_PAGE = 500;

/**
 * A task's events: seeded from the persisted log, then the live SSE stream from its first event
 * (replayed and de-duplicated), resumed with Last-Event-ID after a drop. The list is ordered and
 * free of duplicates however many times it reconnects. After the task's end the stream stops;
 * `resume()` follows it again (a retried task goes on) without losing what is held.
 */
export function useTaskEvents(taskId: string): TaskEvents {
  const [state, setState] = useState<TaskEventsState>({ events: [], connection: "connecting", error: null, notice: null, endedAt: 0 });
  const [generation, setGeneration] = useState(0);
  const heldRef = useRef<TaskEvent[]>([]);
  const streamLastRef = useRef<string | null>(null); // resume point: only ids the stream itself delivered
  const resume = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    const update = (patch: Partial<TaskEventsState>) => setState((current) => ({ ...current, ...patch, events: heldRef.current }));
    const push = (incoming: TaskEvent[]) => {
      const merged = mergeEvents(heldRef.current, incoming);
      if (merged !== heldRef.current) {
        heldRef.current = merged;
        update({});
      }
    };

    const seedFromLog = async () => {
      let after = 0;
      for (let page = 0; page < 40; page += 1) {
        const response = await fetch(`/api/v1/tasks/${taskId}/logs?after=${after}&limit=${LOG_PAGE}`, { signal: controller.signal, cache: "no-store" });
        if (!response.ok) throw await asError(response);
        const body = (await response.json()) as LogPage;
        push(body.items.map((entry) => fromLogEntry(entry, taskId)));
        if (body.next_after === null || body.items.length < LOG_PAGE) return;
        after = body.next_after;
      }
    };

    const follow = async () => {
      const headers: Record<string, string> = { Accept: "text/event-stream" };
      if (streamLastRef.current) headers["Last-Event-ID"] = streamLastRef.current;
      const response = await fetch(`/api/v1/tasks/${taskId}/events`, { headers, signal: controller.signal, cache: "no-store" });
      if (!response.ok || !response.body) throw await asError(response);
      update({ connection: "live", notice: null });
      const parser = createParser({
        onEvent(message) {
          if (!message.data) return;
          const event = JSON.parse(message.data) as TaskEvent;
          if (message.id && event.data?.["replayed_from"] !== "database") streamLastRef.current = message.id;
          push([{ ...event, id: event.id ?? message.id ?? "" }]);
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        parser.feed(value);
      }
    };

    const run = async () => {
      update({ connection: generation ? "reconnecting" : "connecting" });
      try {
        if (generation === 0) await seedFromLog();
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && (error.status === 404 || error.status === 401)) return fail(error);
        // the live stream may still have everything: go on
      }
      for (let attempt = 0; !controller.signal.aborted; attempt += 1) {
        try {
          await follow();
          if (endsTask(heldRef.current)) return update({ connection: "ended", endedAt: Date.now() });
          attempt = 0; // the stream ended cleanly but the task goes on (proxy timeout): resume at once
        } catch (error) {
          if (controller.signal.aborted) return;
          if (error instanceof ApiError && (error.status === 404 || error.status === 401)) return fail(error);
          if (error instanceof ApiError && error.status === 429) {
            const wait = error.retryAfterSeconds ?? 5;
            update({ connection: "waiting", notice: `Too many live views open; retrying in ${wait} s.` });
            await sleep(wait * 1000, controller.signal);
            continue;
          }
          update({ connection: "reconnecting", notice: "Connection lost; reconnecting…" });
        }
        await sleep(Math.min(2000 * (attempt + 1), 10_000), controller.signal);
      }
    };

    const fail = (error: ApiError) => {
      if (error.status === 401) redirectToLogin("expired");
      update({ error, connection: "ended" });
    };

    void run();
    return () => controller.abort();
  }, [taskId, generation]);

  return { ...state, resume };
}

async function asError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { detail?: unknown } | null;
  return new ApiError(response.status, body?.detail ?? null, parseRetryAfter(response.headers.get("retry-after")));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
