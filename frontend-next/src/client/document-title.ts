"use client";
import { useEffect } from "react";

/**
 * The tab's title: the page's own name, with "(n) Review waiting · " in front while reviews
 * wait. Next's metadata and `usePageTitle` set the name; an observer puts the badge back in
 * front whenever the name changes, so the two never fight.
 */
const BADGE = /^\(\d+\) Review waiting · /;
let badge = 0;
let observer: MutationObserver | null = null;

export function titleWithBadge(title: string, count: number): string {
  const base = title.replace(BADGE, "");
  return count > 0 ? `(${count}) Review waiting · ${base}` : base;
}

function apply(): void {
  const wanted = titleWithBadge(document.title, badge);
  if (document.title !== wanted) document.title = wanted;
}

export function setTitleBadge(count: number): void {
  badge = count;
  if (!observer && typeof MutationObserver !== "undefined") {
    observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
  }
  apply();
}

/** Name the page after what it shows (a task's goal, a concept's title). */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (!title) return;
    document.title = `${title} · Waymark`;
    apply();
  }, [title]);
}
