"use client";
import type { KeyboardEvent } from "react";

/**
 * Reorder and remove controls of one tree row. The handle can be dragged, and moved with
 * Alt+↑ / Alt+↓ (or the buttons) from the keyboard.
 */
export function RowControls({ label, onMove, onRemove, canRemove }: { label: string; onMove: (direction: -1 | 1) => void; onRemove: () => void; canRemove: boolean }) {
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      onMove(event.key === "ArrowUp" ? -1 : 1);
    }
  };
  return (
    <div className="flex shrink-0 items-center gap-0.5">
      <button type="button" data-handle className="cursor-grab rounded px-1.5 py-1 text-slate-500 hover:bg-slate-100" aria-label={`Reorder ${label} (drag, or Alt+Up / Alt+Down)`} onKeyDown={onKeyDown}>
        ⠿
      </button>
      <button type="button" className="rounded px-1.5 py-1 text-slate-600 hover:bg-slate-100" aria-label={`Move ${label} up`} onClick={() => onMove(-1)}>
        ↑
      </button>
      <button type="button" className="rounded px-1.5 py-1 text-slate-600 hover:bg-slate-100" aria-label={`Move ${label} down`} onClick={() => onMove(1)}>
        ↓
      </button>
      <button type="button" className="rounded px-1.5 py-1 text-red-700 hover:bg-red-50 disabled:text-slate-300" aria-label={`Remove ${label}`} onClick={onRemove} disabled={!canRemove}>
        ✕
      </button>
    </div>
  );
}
