"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import type { RoadmapOut } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Button, buttonClass } from "@/components/ui/button";
import { InlineError } from "@/components/ui/states";

const noSubscribe = () => () => undefined;

/** Export (Markdown, JSON, print to PDF) and the public share link. */
export function RoadmapToolbar({ roadmap }: { roadmap: RoadmapOut }) {
  const queryClient = useQueryClient();
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => "");
  const path = { params: { path: { roadmap_id: roadmap.id } } };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["roadmap", roadmap.id] });
  const share = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/roadmaps/{roadmap_id}/share", path)), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: () => unwrap(api.DELETE("/api/v1/roadmaps/{roadmap_id}/share", path)), onSuccess: refresh });
  const slug = roadmap.share_slug;
  const link = slug ? `${origin}/shared/${slug}` : null;
  return (
    <div className="space-y-2 no-print">
      <div className="flex flex-wrap gap-2">
        <a className={buttonClass("secondary")} href={`/api/v1/roadmaps/${roadmap.id}/export?format=markdown`} download data-testid="export-markdown">
          Export Markdown
        </a>
        <a className={buttonClass("secondary")} href={`/api/v1/roadmaps/${roadmap.id}/export?format=json`} download>
          Export JSON
        </a>
        <Button variant="secondary" onClick={() => window.print()}>
          Print / PDF
        </Button>
        {slug ? (
          <Button variant="ghost" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
            Revoke share link
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => share.mutate()} disabled={share.isPending}>
            Share…
          </Button>
        )}
      </div>
      {link ? (
        <p className="text-sm break-all">
          Public read-only link:{" "}
          <a href={link} className="text-brand-700 underline" data-testid="share-link">
            {link}
          </a>
        </p>
      ) : null}
      <InlineError error={share.error ?? revoke.error} />
    </div>
  );
}
