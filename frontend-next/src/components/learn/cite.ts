"use client";
/** A citation in a mentor answer was clicked: the concept panel shows and highlights what it names. */
export const CITE_EVENT = "waymark:cite";

export function showCitation(id: string): void {
  window.dispatchEvent(new CustomEvent<string>(CITE_EVENT, { detail: id }));
}
