"use client";
import { readLocal, writeLocal } from "./local-store";

/** Opt-in browser notifications: asked for once, remembered in this browser. */
const KEY = "waymark:notifications";

export type NotifyState = "unsupported" | "off" | "on" | "blocked";

export function notifyState(): NotifyState {
  if (typeof window === "undefined" || !("Notification" in window)) return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  return Notification.permission === "granted" && readLocal(KEY) === "on" ? "on" : "off";
}

export async function turnNotifications(on: boolean): Promise<NotifyState> {
  if (!("Notification" in window)) return "unsupported";
  if (on && Notification.permission !== "granted") await Notification.requestPermission();
  writeLocal(KEY, on ? "on" : "off");
  return notifyState();
}

export function notify(title: string, body: string, url: string): void {
  if (notifyState() !== "on") return;
  const note = new Notification(title, { body, tag: url });
  note.onclick = () => {
    window.focus();
    window.open(url, "_self");
  };
}
