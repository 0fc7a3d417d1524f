"use client";
import { Button } from "@/components/ui/button";

export const PAGE_SIZE = 50;

/** "51–73 of 73" with Newer / Older, once a list is longer than one page. */
export function Pager({ offset, total, onOffset, label }: { offset: number; total: number; onOffset: (offset: number) => void; label: string }) {
  if (total <= PAGE_SIZE && offset === 0) return null;
  return (
    <nav aria-label={`Pages of ${label}`} className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm" data-testid="pager">
      <Button variant="secondary" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - PAGE_SIZE))}>
        ← Newer
      </Button>
      <span className="text-slate-600" aria-live="polite">
        {offset + 1}–{Math.min(total, offset + PAGE_SIZE)} of {total}
      </span>
      <Button variant="secondary" disabled={offset + PAGE_SIZE >= total} onClick={() => onOffset(offset + PAGE_SIZE)}>
        Older →
      </Button>
    </nav>
  );
}
