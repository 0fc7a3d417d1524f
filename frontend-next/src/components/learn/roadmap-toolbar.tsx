"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import type { RoadmapOut } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { InlineError } from "@/components/ui/states";

const noSubscribe = () => () => undefined;

/** The notes page, export (Markdown, JSON, print to PDF), the public share link, and deleting the roadmap. */
export function RoadmapToolbar({ roadmap }: { roadmap: RoadmapOut }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => "");
  const path = { params: { path: { roadmap_id: roadmap.id } } };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["roadmap", roadmap.id] });
  const share = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/roadmaps/{roadmap_id}/share", path)), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: () => unwrap(api.DELETE("/api/v1/roadmaps/{roadmap_id}/share", path)), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/roadmaps/{roadmap_id}", path)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["roadmaps"] });
      void queryClient.invalidateQueries({ queryKey: ["trash"] });
      router.push("/dashboard");
    },
  });
  const slug = roadmap.share_slug;
  const link = slug ? `${origin}/shared/${slug}` : null;
  return (
    <div className="space-y-2 no-print">
      <div className="flex flex-wrap gap-2">
        <Link className={buttonClass("secondary")} href={`/roadmaps/${roadmap.id}/notes`} data-testid="notes-link">
          Notes
        </Link>
        <a className={buttonClass("secondary")} href={`/api/v1/roadmaps/${roadmap.id}/export?format=markdown`} download data-testid="export-markdown">
          Export Markdown
        </a>
        <a className={buttonClass("secondary")} href={`/api/v1/roadmaps/${roadmap.id}/export?format=json`} download>
          Export JSON
        </a>
        <Link className={buttonClass("secondary")} href={`/roadmaps/${roadmap.id}/print?auto=1`} data-testid="print-roadmap">
          Print / PDF
        </Link>
        {slug ? (
          <Button variant="ghost" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
            Revoke share link
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => share.mutate()} disabled={share.isPending}>
            Share…
          </Button>
        )}
        <Button variant="ghost" className="text-red-700" onClick={() => setConfirmDelete(true)}>
          Delete…
        </Button>
      </div>
      <Dialog open={confirmDelete} onOpenChange={setConfirmDelete} title="Move this roadmap to the trash?" description="It waits in the trash on your dashboard, where you can restore it with your progress until it is deleted for good (30 days on a standard setup). Its share link stops working at once; tasks still writing to it are cancelled first.">
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
            Keep it
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            Move to the trash
          </Button>
        </div>
      </Dialog>
      {link ? (
        <p className="text-sm break-all">
          Public read-only link:{" "}
          <a href={link} className="text-brand-700 underline" data-testid="share-link">
            {link}
          </a>
        </p>
      ) : null}
      <InlineError error={share.error ?? revoke.error ?? remove.error} />
    </div>
  );
}
