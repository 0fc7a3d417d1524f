"use client";
import { Button } from "@/components/ui/button";
import type { MentorPreset, MentorRequest } from "./use-mentor";

const PRESETS: { preset: MentorPreset; label: string }[] = [
  { preset: "explain", label: "Explain" },
  { preset: "another_example", label: "Another example" },
  { preset: "simpler", label: "Explain it simply" },
  { preset: "test_me", label: "Test me" },
];

/** Ready-made questions, asked in the current session; buttons, so the keyboard reaches them. */
export function MentorPresets({ disabled, onAsk }: { disabled: boolean; onAsk: (request: MentorRequest) => void }) {
  return (
    <div role="group" aria-label="Ready-made questions" className="flex flex-wrap gap-2" data-testid="mentor-presets">
      {PRESETS.map(({ preset, label }) => (
        <Button key={preset} variant="secondary" className="text-xs" disabled={disabled} onClick={() => onAsk({ shown: label, preset })} data-testid={`mentor-preset-${preset}`}>
          {label}
        </Button>
      ))}
    </div>
  );
}
