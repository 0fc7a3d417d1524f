"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import type { ContentType, ProfileOut } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { useProfile } from "@/components/profile/profile-form";
import { zodResolver } from "@/client/zod-resolver";
import { Button } from "@/components/ui/button";
import { Field, Select, TextArea, TextInput } from "@/components/ui/field";
import { InlineError, LoadingState } from "@/components/ui/states";
import { PlacementStep, PlacementSummary } from "./placement-step";
import type { PlacementOut, PlacementResult } from "@/api/types";
import { valueOrigin, wizardDefaultsFrom, type WizardProfileField } from "@/lib/profile";

const CONTENT_TYPES: { value: ContentType; label: string }[] = [
  { value: "tutorial", label: "Tutorials" },
  { value: "resources", label: "Resources" },
  { value: "quiz", label: "Quizzes" },
];

const Schema = z.object({
  goal: z.string().trim().min(3, "Describe your goal in a few words").max(2000),
  level: z.enum(["beginner", "intermediate", "advanced"]),
  weekly_hours: z.coerce.number<string | number>().gt(0, "More than 0 hours").max(80, "At most 80 hours a week"),
  language: z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}$/, "A language tag like en or pt-BR"),
  background: z.string().max(2000).optional(),
  focus: z.string().max(500).optional(),
  content_types: z.array(z.enum(["tutorial", "resources", "quiz"])).min(1, "Pick at least one kind of content"),
  skip_review: z.boolean(),
});
type Values = z.infer<typeof Schema>;

const ALL_STEPS = [
  { title: "Goal", fields: ["goal", "level"] },
  { title: "Placement check", fields: [] },
  { title: "Time and language", fields: ["weekly_hours", "language"] },
  { title: "About you", fields: ["background", "focus"] },
  { title: "Content", fields: ["content_types", "skip_review"] },
  { title: "Summary", fields: [] },
] as const;

const LEVELS: Record<Values["level"], string> = { beginner: "Beginner", intermediate: "Intermediate", advanced: "Advanced" };

/**
 * The wizard starts from the learner's profile (weekly hours, language, background); without
 * one, or when it cannot be read, from the usual defaults. docs/learner.md.
 */
export function NewRoadmapForm() {
  const profile = useProfile();
  if (profile.isPending) return <LoadingState label="Loading your profile…" />;
  return <WizardForm profile={profile.data} />;
}

/**
 * The new-roadmap wizard. One Idempotency-Key per form: a double click, or a retry after a
 * network error, returns the task the first request created instead of making another.
 */
function WizardForm({ profile }: { profile: ProfileOut | undefined }) {
  const router = useRouter();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [step, setStep] = useState(0);
  const [withPlacement, setWithPlacement] = useState(false);
  const [placement, setPlacement] = useState<{ check: PlacementOut; result: PlacementResult } | null>(null);
  // the placement check is a step only when asked for
  const STEPS = ALL_STEPS.filter((s) => withPlacement || s.title !== "Placement check");
  const current = STEPS[step]!.title;
  const [error, setError] = useState<unknown>(null);
  const { register, handleSubmit, trigger, formState, getValues, setValue } = useForm<Values>({
    resolver: zodResolver(Schema),
    defaultValues: { goal: "", level: "beginner", weekly_hours: 5, language: "en", background: "", focus: "", content_types: ["tutorial", "resources", "quiz"], skip_review: false, ...wizardDefaultsFrom(profile) },
  });
  const { errors, isSubmitting, isSubmitSuccessful } = formState;
  const last = step === STEPS.length - 1;
  const form = useRef<HTMLFormElement>(null);
  const moved = useRef(false);

  // a new step takes focus: its first field, or the summary's heading
  useEffect(() => {
    if (!moved.current) return;
    const fieldset = form.current?.querySelector<HTMLFieldSetElement>("fieldset:not([hidden])");
    fieldset?.querySelector<HTMLElement>("[data-step-focus], input, textarea, select")?.focus();
  }, [step]);
  const goTo = (next: number) => {
    moved.current = true;
    setStep(next);
  };

  const next = async () => {
    if (await trigger([...STEPS[step]!.fields])) goTo(step + 1);
  };

  const submit = handleSubmit(async (values) => {
    setError(null);
    try {
      const accepted = await unwrap(
        api.POST("/api/v1/tasks", {
          params: { header: { "Idempotency-Key": idempotencyKey } },
          body: {
            goal: values.goal,
            ...(placement ? { placement_id: placement.check.id } : {}),
            preferences: {
              level: values.level,
              weekly_hours: values.weekly_hours,
              language: values.language,
              content_types: values.content_types,
              skip_review: values.skip_review,
              // an explicit null: a background cleared here stays cleared (else the profile's applies)
              background: values.background?.trim() ? values.background.trim() : null,
              ...(values.focus?.trim() ? { focus: values.focus.trim() } : {}),
            },
          },
        }),
      );
      router.push(`/tasks/${accepted.task_id}`);
    } catch (caught) {
      setError(caught);
      throw caught; // keeps isSubmitSuccessful false
    }
  });

  return (
    <form
      ref={form}
      onSubmit={(event) => {
        if (!last) {
          event.preventDefault();
          void next();
          return;
        }
        submit(event).catch(() => undefined);
      }}
      noValidate
      aria-label="New roadmap"
      className="space-y-5"
    >
      <ol className="flex flex-wrap gap-2 text-xs" aria-label="Steps">
        {STEPS.map((s, index) => (
          <li key={s.title} aria-current={index === step ? "step" : undefined} className={`rounded-full px-3 py-1 ${index === step ? "bg-accent text-on-accent" : index < step ? "bg-brand-100 text-brand-700" : "bg-slate-100 text-slate-600"}`}>
            {index + 1}. {s.title}
          </li>
        ))}
      </ol>

      <fieldset hidden={current !== "Goal"} className="space-y-4">
        <legend className="sr-only">Goal</legend>
        <Field id="goal" label="What do you want to learn?" error={errors.goal?.message} hint="For example: Learn Rust for embedded work.">
          <TextArea id="goal" rows={3} aria-invalid={Boolean(errors.goal)} {...register("goal")} />
        </Field>
        <Field id="level" label="Your level">
          <Select id="level" {...register("level")}>
            <option value="beginner">Beginner</option>
            <option value="intermediate">Intermediate</option>
            <option value="advanced">Advanced</option>
          </Select>
        </Field>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 h-4 w-4" checked={withPlacement} onChange={(e) => {
              setWithPlacement(e.target.checked);
              if (!e.target.checked) setPlacement(null);
            }} />
          <span>
            Check what I already know first <span className="text-slate-500">(optional: about ten questions; what you know is tested out, not generated)</span>
          </span>
        </label>
      </fieldset>

      {withPlacement ? (
        <fieldset hidden={current !== "Placement check"} className="space-y-4">
          <legend className="text-sm font-medium text-slate-800">Placement check</legend>
          {current === "Placement check" || placement ? (
            <PlacementStep
              goal={getValues("goal")}
              level={getValues("level")}
              onResult={(check, result) => {
                setPlacement({ check, result });
                setValue("level", result.verified_level);
              }}
            />
          ) : null}
        </fieldset>
      ) : null}

      <fieldset hidden={current !== "Time and language"} className="space-y-4">
        <legend className="sr-only">Time and language</legend>
        <Field id="weekly_hours" label="Hours per week" error={errors.weekly_hours?.message} hint={fromProfileHint(profile, "weekly_hours")}>
          <TextInput id="weekly_hours" type="number" inputMode="decimal" min={0.5} max={80} step={0.5} aria-invalid={Boolean(errors.weekly_hours)} {...register("weekly_hours")} />
        </Field>
        <Field id="language" label="Content language" error={errors.language?.message} hint={`A BCP 47 tag: en, fr, pt-BR…${fromProfileHint(profile, "language") ? ` ${fromProfileHint(profile, "language")}` : ""}`}>
          <TextInput id="language" aria-invalid={Boolean(errors.language)} {...register("language")} />
        </Field>
      </fieldset>

      <fieldset hidden={current !== "About you"} className="space-y-4">
        <legend className="sr-only">About you</legend>
        <Field id="background" label="Your background (optional)" error={errors.background?.message} hint={fromProfileHint(profile, "background")}>
          <TextArea id="background" rows={3} {...register("background")} />
        </Field>
        <Field id="focus" label="Focus (optional)" error={errors.focus?.message} hint="Anything to emphasise, e.g. projects over theory.">
          <TextInput id="focus" {...register("focus")} />
        </Field>
      </fieldset>

      <fieldset hidden={current !== "Content"} className="space-y-4">
        <legend className="text-sm font-medium text-slate-800">Content to generate</legend>
        <div className="flex flex-wrap gap-4">
          {CONTENT_TYPES.map(({ value, label }) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={value} {...register("content_types")} className="h-4 w-4" />
              {label}
            </label>
          ))}
        </div>
        {errors.content_types ? <p role="alert" className="text-xs text-red-700">{errors.content_types.message}</p> : null}
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" {...register("skip_review")} className="mt-0.5 h-4 w-4" />
          <span>
            Skip my review <span className="text-slate-500">(go straight to content; you will not be able to edit the plan first)</span>
          </span>
        </label>
      </fieldset>

      <fieldset hidden={current !== "Summary"} className="space-y-4">
        <legend className="sr-only">Summary</legend>
        {current === "Summary" ? <Summary values={getValues()} profile={profile} placement={placement?.result ?? null} /> : null}
      </fieldset>

      <InlineError error={error} />
      <div className="flex flex-wrap gap-3">
        {step > 0 ? (
          <Button variant="secondary" onClick={() => goTo(step - 1)} disabled={isSubmitting}>
            Back
          </Button>
        ) : null}
        {last ? (
          <Button type="submit" disabled={isSubmitting || isSubmitSuccessful}>
            {isSubmitting || isSubmitSuccessful ? "Creating…" : "Create roadmap"}
          </Button>
        ) : (
          <Button type="submit">Next</Button>
        )}
      </div>
    </form>
  );
}

function fromProfileHint(profile: ProfileOut | undefined, field: WizardProfileField): string | undefined {
  return wizardDefaultsFrom(profile)[field] === undefined ? undefined : "Filled in from your profile; change it for this roadmap if you like.";
}

/** "(from your profile)", or what the profile says when this roadmap sets something else. */
function Origin({ field, value, profile }: { field: WizardProfileField; value: string | number | undefined; profile: ProfileOut | undefined }) {
  const origin = valueOrigin(field, value, profile);
  if (!origin) return null;
  const theirs = wizardDefaultsFrom(profile)[field];
  return (
    <span className="text-slate-500" data-testid={`origin-${field}`}>
      {" "}
      {origin === "profile" ? "(from your profile)" : `(for this roadmap; your profile says ${field === "background" ? "something else" : field === "weekly_hours" ? `${theirs} h` : theirs})`}
    </span>
  );
}

/** The last step: what will be sent, and what it will cost, before anything is created. */
function Summary({ values, profile, placement }: { values: Values; profile: ProfileOut | undefined; placement: PlacementResult | null }) {
  const types = values.content_types.length;
  return (
    <div className="space-y-3" data-testid="wizard-summary">
      <h2 tabIndex={-1} data-step-focus className="text-lg font-semibold focus:outline-none">
        Check and create
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">Goal</dt>
        <dd className="break-words">{values.goal}</dd>
        <dt className="text-slate-600">Level</dt>
        <dd>
          {LEVELS[values.level]}
          {placement && placement.verified_level === values.level ? <span className="text-slate-500"> (verified by the placement check)</span> : null}
        </dd>
        <dt className="text-slate-600">Time</dt>
        <dd>
          {values.weekly_hours} h a week
          <Origin field="weekly_hours" value={values.weekly_hours} profile={profile} />
        </dd>
        <dt className="text-slate-600">Language</dt>
        <dd>
          {values.language}
          <Origin field="language" value={values.language} profile={profile} />
        </dd>
        {values.background?.trim() || wizardDefaultsFrom(profile).background !== undefined ? (
          <>
            <dt className="text-slate-600">Background</dt>
            <dd className="break-words whitespace-pre-line">
              {values.background?.trim() ? values.background : "None for this roadmap"}
              <Origin field="background" value={values.background} profile={profile} />
            </dd>
          </>
        ) : null}
        {values.focus?.trim() ? (
          <>
            <dt className="text-slate-600">Focus</dt>
            <dd className="break-words">{values.focus}</dd>
          </>
        ) : null}
        <dt className="text-slate-600">Content</dt>
        <dd>{CONTENT_TYPES.filter((t) => values.content_types.includes(t.value)).map((t) => t.label).join(", ")}</dd>
        <dt className="text-slate-600">Review</dt>
        <dd>{values.skip_review ? "Skipped: content starts at once" : "You review the plan before any content is made"}</dd>
      </dl>
      {placement ? <PlacementSummary result={placement} /> : null}
      <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="wizard-estimate">
        <p className="font-medium">Estimate</p>
        <p className="mt-1 text-slate-700">
          Designing the roadmap takes a few model calls (reading your goal, the curriculum, its checks). Content then costs one call per concept for each of the {types} kind
          {types === 1 ? "" : "s"} you chose: a roadmap of 40 concepts is about {40 * types} calls.
        </p>
        <p className="mt-1 text-slate-700">
          {values.skip_review
            ? "With the review skipped, content starts without showing you the priced estimate."
            : "The exact figures — concepts, calls and cost, priced on this deployment — show at your review, before any content is generated."}
        </p>
      </div>
    </div>
  );
}
