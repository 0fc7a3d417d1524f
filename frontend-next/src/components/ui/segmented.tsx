"use client";

/** A row of buttons of which exactly one is pressed: a small switch between views. */
export function Segmented<T extends string>({ label, options, value, onChange, labelOf }: { label: string; options: readonly T[]; value: T; onChange: (option: T) => void; labelOf: (option: T) => string }) {
  return (
    <div role="group" aria-label={label} className="flex rounded-md border border-slate-300 text-xs">
      {options.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={value === option}
          onClick={() => onChange(option)}
          className={`px-2.5 py-1 first:rounded-l-md last:rounded-r-md ${value === option ? "bg-accent text-on-accent" : "bg-white text-slate-700 hover:bg-slate-100"}`}
        >
          {labelOf(option)}
        </button>
      ))}
    </div>
  );
}
