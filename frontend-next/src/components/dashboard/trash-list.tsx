"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TrashedRoadmap } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { useNow } from "@/client/use-now";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorState, InlineError, LoadingState } from "@/components/ui/states";
import { relativeTime } from "@/lib/timeline";
import { daysLeft } from "@/lib/trash";
import { PAGE_SIZE, Pager } from "./pager";

/** Deleted roadmaps, restorable (with their progress) until the retention job purges them. */
export function TrashList() {
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const [restored, setRestored] = useState<string | null>(null);
  const now = useNow(60_000);
  const trash = useQuery({
    queryKey: ["trash", offset],
    queryFn: () => unwrap(api.GET("/api/v1/roadmaps/trash", { params: { query: { limit: PAGE_SIZE, offset } } })),
    placeholderData: keepPreviousData,
  });
  const restore = useMutation({
    mutationFn: (roadmap: TrashedRoadmap) => unwrap(api.POST("/api/v1/roadmaps/{roadmap_id}/restore", { params: { path: { roadmap_id: roadmap.id } } })),
    onMutate: () => setRestored(null),
    onSuccess: (_, roadmap) => {
      setRestored(roadmap.title);
      void queryClient.invalidateQueries({ queryKey: ["trash"] });
      void queryClient.invalidateQueries({ queryKey: ["roadmaps"] });
    },
  });

  return (
    <Card title="Trash">
      <div data-testid="trash">
        <p role="status" className="text-sm text-emerald-800" data-testid="trash-restored">
          {restored ? `“${restored}” is back in your roadmaps, with your progress.` : ""}
        </p>
        {trash.isPending ? (
          <LoadingState label="Loading the trash…" />
        ) : trash.isError ? (
          <ErrorState error={trash.error} onRetry={() => trash.refetch()} />
        ) : trash.data.items.length === 0 ? (
          <p className="text-sm text-slate-600">The trash is empty. A deleted roadmap waits here, restorable, before it is deleted for good.</p>
        ) : (
          <>
            <ul className="divide-y divide-slate-100" aria-label="Deleted roadmaps">
              {trash.data.items.map((roadmap) => (
                <li key={roadmap.id} className="flex flex-wrap items-center justify-between gap-2 py-3" data-testid="trash-row">
                  <div className="min-w-0">
                    <p className="font-medium break-words">{roadmap.title}</p>
                    <p className="text-sm text-slate-600">
                      Deleted <time dateTime={roadmap.deleted_at} title={new Date(roadmap.deleted_at).toLocaleString()}>{relativeTime(roadmap.deleted_at, now)}</time> ·{" "}
                      <span data-testid="trash-days-left">{daysLeft(roadmap.purge_at, now)}</span> · {roadmap.progress.completed}/{roadmap.progress.concepts} concepts done
                    </p>
                  </div>
                  <Button variant="secondary" onClick={() => restore.mutate(roadmap)} disabled={restore.isPending} aria-label={`Restore ${roadmap.title}`}>
                    Restore
                  </Button>
                </li>
              ))}
            </ul>
            <Pager offset={offset} total={trash.data.total} onOffset={setOffset} label="the trash" />
          </>
        )}
        <InlineError error={restore.error} />
      </div>
    </Card>
  );
}
