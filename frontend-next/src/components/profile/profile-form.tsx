"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { ProfileOut } from "@/api/types";
import { api, unwrap } from "@/client/api";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select, TextArea, TextInput } from "@/components/ui/field";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { ApiError } from "@/lib/errors";
import { FORMATS, LIMITS, SKILL_LEVELS, bodyFromForm, characterCount, fieldErrors, formFromProfile, newRowKey, sentRowKeys, type ProfileForm } from "@/lib/profile";

export const PROFILE_QUERY = ["profile"] as const;

export function useProfile() {
  return useQuery({ queryKey: PROFILE_QUERY, queryFn: () => unwrap(api.GET("/api/v1/me/profile")), staleTime: 30_000 });
}

/** The profile page: loads the profile, then the form (which owns its values from then on). */
export function ProfilePage() {
  const profile = useProfile();
  if (profile.isPending) return <LoadingState label="Loading your profile…" />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => profile.refetch()} />;
  return <ProfileEditor saved={profile.data} />;
}

function ProfileEditor({ saved }: { saved: ProfileOut }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ProfileForm>(() => formFromProfile(saved));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [savedAt, setSavedAt] = useState<string | null>(saved.updated_at);
  const rows = useRef(new Map<number, HTMLInputElement>());

  const update = (patch: Partial<ProfileForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setDirty(true);
  };

  const save = useMutation({
    mutationFn: (values: ProfileForm) => unwrap(api.PUT("/api/v1/me/profile", { body: bodyFromForm(values) })),
    onMutate: () => setErrors({}),
    onSuccess: (profile) => {
      queryClient.setQueryData(PROFILE_QUERY, profile);
      setSavedAt(profile.updated_at);
      setDirty(false);
    },
    onError: (error, values) => {
      if (error instanceof ApiError && error.status === 422) setErrors(fieldErrors(error.detail, sentRowKeys(values)));
    },
  });

  const removeRow = (index: number) => {
    const next = form.technologies.filter((_, i) => i !== index);
    update({ technologies: next });
    // focus goes to the row that took its place, else the one before, else "Add a technology"
    const target = next[index] ?? next[index - 1];
    requestAnimationFrame(() => (target ? rows.current.get(target.key)?.focus() : document.getElementById("add-technology")?.focus()));
  };
  const addRow = () => {
    const key = newRowKey();
    update({ technologies: [...form.technologies, { key, name: "", level: "beginner" }] });
    requestAnimationFrame(() => rows.current.get(key)?.focus());
  };

  const aboutCount = characterCount(form.about_me);
  const errorProps = (name: string) => ({ "aria-invalid": Boolean(errors[name]), "aria-describedby": errors[name] ? `${name}-error` : undefined });

  return (
    <form
      aria-label="Your profile"
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(form);
      }}
    >
      <Card title="About you">
        <div className="space-y-4">
          <Field id="role" label="Role" error={errors.role} hint="What you do, e.g. backend engineer or student.">
            <TextInput id="role" value={form.role} onChange={(e) => update({ role: e.target.value })} {...errorProps("role")} />
          </Field>
          <Field id="background" label="Background" error={errors.background} hint="New roadmaps start from it; you can change it for each one.">
            <TextArea id="background" rows={3} value={form.background} onChange={(e) => update({ background: e.target.value })} {...errorProps("background")} />
          </Field>
        </div>
      </Card>

      <Card title="Technologies">
        <p className="mb-3 text-sm text-slate-600">What you already know, each with your own rating (at most {LIMITS.technologies}).</p>
        {form.technologies.length === 0 ? <p className="mb-3 text-sm text-slate-600">None listed.</p> : null}
        <ul className="space-y-3" aria-label="Technologies">
          {form.technologies.map((row, index) => {
            const nameKey = `technologies.${row.key}.name`;
            const levelKey = `technologies.${row.key}.level`;
            return (
              <li key={row.key} data-testid="technology-row" className="flex flex-wrap items-start gap-2">
                <div className="min-w-[10rem] flex-1">
                  <label htmlFor={`tech-${row.key}-name`} className="sr-only">
                    Technology {index + 1}
                  </label>
                  <TextInput
                    id={`tech-${row.key}-name`}
                    ref={(node) => {
                      if (node) rows.current.set(row.key, node);
                      else rows.current.delete(row.key);
                    }}
                    placeholder="e.g. Python"
                    value={row.name}
                    onChange={(e) => update({ technologies: form.technologies.map((t) => (t.key === row.key ? { ...t, name: e.target.value } : t)) })}
                    aria-invalid={Boolean(errors[nameKey])}
                    aria-describedby={errors[nameKey] ? `${nameKey}-error` : undefined}
                  />
                  {errors[nameKey] ? (
                    <p id={`${nameKey}-error`} role="alert" className="mt-1 text-xs text-red-700">
                      {errors[nameKey]}
                    </p>
                  ) : null}
                </div>
                <div className="w-40">
                  <label htmlFor={`tech-${row.key}-level`} className="sr-only">
                    Level in technology {index + 1}
                  </label>
                  <Select
                    id={`tech-${row.key}-level`}
                    value={row.level}
                    onChange={(e) => update({ technologies: form.technologies.map((t) => (t.key === row.key ? { ...t, level: e.target.value as typeof row.level } : t)) })}
                    aria-invalid={Boolean(errors[levelKey])}
                  >
                    {SKILL_LEVELS.map((level) => (
                      <option key={level.value} value={level.value}>
                        {level.label}
                      </option>
                    ))}
                  </Select>
                  {errors[levelKey] ? <p role="alert" className="mt-1 text-xs text-red-700">{errors[levelKey]}</p> : null}
                </div>
                <Button variant="ghost" onClick={() => removeRow(index)} aria-label={`Remove technology ${index + 1}${row.name ? ` (${row.name})` : ""}`}>
                  Remove
                </Button>
              </li>
            );
          })}
        </ul>
        {errors.technologies ? (
          <p id="technologies-error" role="alert" className="mt-2 text-xs text-red-700">
            {errors.technologies}
          </p>
        ) : null}
        <Button id="add-technology" variant="secondary" className="mt-3" onClick={addRow} disabled={form.technologies.length >= LIMITS.technologies}>
          Add a technology
        </Button>
      </Card>

      <Card title="Language and time">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="primary_language" label="Primary language" error={errors.primary_language} hint="A BCP 47 tag: en, fr, pt-BR…">
            <TextInput id="primary_language" value={form.primary_language} onChange={(e) => update({ primary_language: e.target.value })} {...errorProps("primary_language")} />
          </Field>
          <Field id="secondary_language" label="Secondary language" error={errors.secondary_language}>
            <TextInput id="secondary_language" value={form.secondary_language} onChange={(e) => update({ secondary_language: e.target.value })} {...errorProps("secondary_language")} />
          </Field>
          <Field id="weekly_hours" label="Hours per week" error={errors.weekly_hours}>
            <TextInput id="weekly_hours" type="number" inputMode="decimal" step={0.5} value={form.weekly_hours} onChange={(e) => update({ weekly_hours: e.target.value })} {...errorProps("weekly_hours")} />
          </Field>
        </div>
      </Card>

      <Card title="How you like to learn">
        <fieldset aria-describedby={errors.preferred_formats ? "preferred_formats-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Preferred formats</legend>
          <div className="mt-2 flex flex-wrap gap-4">
            {FORMATS.map(({ value, label }) => (
              <label key={value} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="h-4 w-4"
                  checked={form.preferred_formats.includes(value)}
                  onChange={(e) => update({ preferred_formats: e.target.checked ? [...form.preferred_formats, value] : form.preferred_formats.filter((f) => f !== value) })}
                />
                {label}
              </label>
            ))}
          </div>
          {errors.preferred_formats ? (
            <p id="preferred_formats-error" role="alert" className="mt-1 text-xs text-red-700">
              {errors.preferred_formats}
            </p>
          ) : null}
        </fieldset>
        <div className="mt-4">
          <Field
            id="about_me"
            label="About me"
            error={errors.about_me}
            hint={
              <span data-testid="about-me-count" aria-live="polite" className={aboutCount > LIMITS.aboutMe ? "font-medium text-red-700" : undefined}>
                {aboutCount} of {LIMITS.aboutMe} characters{aboutCount > LIMITS.aboutMe ? ` (${aboutCount - LIMITS.aboutMe} too many)` : ""}
              </span>
            }
          >
            <TextArea
              id="about_me"
              rows={4}
              value={form.about_me}
              onChange={(e) => update({ about_me: e.target.value })}
              aria-invalid={Boolean(errors.about_me) || aboutCount > LIMITS.aboutMe}
              aria-describedby={`about_me-hint${errors.about_me ? " about_me-error" : ""}`}
            />
          </Field>
        </div>
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save profile"}
        </Button>
        <p role="status" data-testid="profile-state" className="text-sm text-slate-600">
          {save.isPending ? "Saving…" : dirty ? "Unsaved changes" : savedAt ? `Saved ${new Date(savedAt).toLocaleString()}` : "Not saved yet"}
        </p>
      </div>
      {errors._form ? (
        <p role="alert" className="text-sm text-red-700">
          {errors._form}
        </p>
      ) : save.isError && !(save.error instanceof ApiError && save.error.status === 422) ? (
        <ErrorState error={save.error} />
      ) : save.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Not saved: correct the fields marked above.
        </p>
      ) : null}
    </form>
  );
}
