"use client";
/** A regeneration started outside the concept panel (a mentor action): the panel follows its task and shows the new version. */
export const REGENERATION_EVENT = "waymark:regeneration-started";

export function announceRegeneration(taskId: string): void {
  window.dispatchEvent(new CustomEvent<string>(REGENERATION_EVENT, { detail: taskId }));
}
