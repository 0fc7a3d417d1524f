"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { TaskOut, TaskStatus } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { InlineError } from "@/components/ui/states";
import { describeRecovery } from "@/lib/describe-event";
import { canCancel, canRetry } from "@/lib/pipeline";

/** Review, cancel and retry: each shown only when the task's status allows it. */
export function TaskActions({ task, status }: { task: TaskOut; status: TaskStatus }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["task", task.id] });
  const path = { params: { path: { task_id: task.id } } };
  const cancel = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/tasks/{task_id}/cancel", path)), onSettled: refresh });
  const retry = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/tasks/{task_id}/retry", path)), onSettled: refresh });

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {status === "awaiting_review" ? (
          <Link href={`/tasks/${task.id}/review`} className={buttonClass("primary")}>
            Review the proposal
          </Link>
        ) : null}
        {task.roadmap_id ? (
          <Link href={`/roadmaps/${task.roadmap_id}`} className={buttonClass("secondary")}>
            Open the roadmap
          </Link>
        ) : null}
        {canRetry(status) ? (
          <Button variant="secondary" onClick={() => retry.mutate()} disabled={retry.isPending}>
            {retry.isPending ? "Retrying…" : "Retry"}
          </Button>
        ) : null}
        {canCancel(status) ? (
          <Button variant="secondary" className="text-red-700 sm:ml-auto" onClick={() => setConfirming(true)} disabled={cancel.isPending}>
            Cancel task
          </Button>
        ) : null}
      </div>
      {retry.data ? (
        <p role="status" className="text-sm text-emerald-800" data-testid="retry-outcome">
          Retry accepted: {describeRecovery(retry.data.recovery_type)} ({retry.data.recovery_type}).
        </p>
      ) : null}
      {cancel.isSuccess ? (
        <p role="status" className="text-sm text-slate-700">
          Cancelled. Content already generated is kept; you can retry later.
        </p>
      ) : null}
      <InlineError error={retry.error ?? cancel.error} />
      <Dialog open={confirming} onOpenChange={setConfirming} title="Cancel this task?" description="Work in progress stops at the next safe point. Everything generated so far is kept, and you can retry later.">
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Keep running
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              setConfirming(false);
              cancel.mutate();
            }}
          >
            Cancel task
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
