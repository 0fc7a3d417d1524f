"use client";
import { useEffect, useState } from "react";

/** The time, refreshed every `intervalMs`: relative times ("12 s ago") keep moving. */
export function useNow(intervalMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
