import type { MapState } from "@/lib/concept-state";

/** Each state's colours on the map and in the list (a mark goes with each, never colour alone). */
export const STATE_TONES: Record<MapState, string> = {
  not_started: "border-slate-300 bg-white text-slate-800",
  generating: "border-brand-500 bg-brand-50 text-brand-700 motion-safe:animate-pulse",
  ready: "border-sky-500 bg-sky-50 text-sky-900",
  completed: "border-emerald-600 bg-emerald-50 text-emerald-900",
  tested_out: "border-violet-600 bg-violet-50 text-violet-900",
  failed: "border-red-600 bg-red-50 text-red-800",
};

export const STATE_SWATCHES: Record<MapState, string> = {
  not_started: "border-slate-400 bg-white",
  generating: "border-brand-500 bg-brand-50",
  ready: "border-sky-500 bg-sky-50",
  completed: "border-emerald-600 bg-emerald-50",
  tested_out: "border-violet-600 bg-violet-50",
  failed: "border-red-600 bg-red-50",
};
