import type { Profile, ProfileOut, SkillLevel, LearningFormat } from "@/api/types";

/**
 * The profile form's pure parts: the form's values from the API's profile and back, the API's
 * 422 placed on the fields its `loc` names, and what the wizard takes from the profile.
 * docs/learner.md (the bounds), docs/web.md (the profile page).
 */
export const LIMITS = { background: 2000, role: 200, technologies: 30, technologyName: 80, aboutMe: 1000 } as const;

export const SKILL_LEVELS: { value: SkillLevel; label: string }[] = [
  { value: "none", label: "None yet" },
  { value: "beginner", label: "Beginner" },
  { value: "intermediate", label: "Intermediate" },
  { value: "advanced", label: "Advanced" },
  { value: "expert", label: "Expert" },
];

export const FORMATS: { value: LearningFormat; label: string }[] = [
  { value: "reading", label: "Reading" },
  { value: "video", label: "Video" },
  { value: "hands_on", label: "Hands-on" },
];

export type TechnologyRow = { key: number; name: string; level: SkillLevel };
export type ProfileForm = {
  background: string;
  role: string;
  technologies: TechnologyRow[];
  primary_language: string;
  secondary_language: string;
  weekly_hours: string;
  preferred_formats: LearningFormat[];
  about_me: string;
};

let rowKey = 0;
/** A stable key for a technology row (rows are added and removed; an index would move focus). */
export function newRowKey(): number {
  rowKey += 1;
  return rowKey;
}

export function formFromProfile(profile: Partial<ProfileOut> | undefined): ProfileForm {
  return {
    background: profile?.background ?? "",
    role: profile?.role ?? "",
    technologies: (profile?.technologies ?? []).map((t) => ({ key: newRowKey(), name: t.name, level: t.level })),
    primary_language: profile?.primary_language ?? "",
    secondary_language: profile?.secondary_language ?? "",
    weekly_hours: typeof profile?.weekly_hours === "number" ? String(profile.weekly_hours) : "",
    preferred_formats: [...(profile?.preferred_formats ?? [])],
    about_me: profile?.about_me ?? "",
  };
}

const textOrNull = (value: string): string | null => (value.trim() ? value.trim() : null);

/** The PUT body: empty text is "not said" (null); the API checks every bound. */
export function bodyFromForm(form: ProfileForm): Profile {
  const hours = form.weekly_hours.trim();
  return {
    background: textOrNull(form.background),
    role: textOrNull(form.role),
    // a row left empty is not a technology; a name of spaces still goes, and the API says why not
    technologies: form.technologies.filter((t) => t.name.length > 0).map((t) => ({ name: t.name.trim() || t.name, level: t.level })),
    primary_language: textOrNull(form.primary_language),
    secondary_language: textOrNull(form.secondary_language),
    weekly_hours: hours === "" ? null : Number(hours),
    preferred_formats: FORMATS.map((f) => f.value).filter((value) => form.preferred_formats.includes(value)),
    about_me: textOrNull(form.about_me),
  };
}

/** Characters as the API counts them (code points, not UTF-16 units). */
export function characterCount(text: string): number {
  return [...text].length;
}

/**
 * A 422's errors by the field they name: `["body", "technologies", 0, "name"]` →
 * `technologies.0.name`. The technology rows sent are the non-empty ones, so a row index in
 * `loc` is mapped back to the row's key (`technologies.<key>.name`). What names no field goes
 * under `_form`.
 */
export function fieldErrors(detail: unknown, sentRowKeys: readonly number[] = []): Record<string, string> {
  const errors: Record<string, string> = {};
  const add = (key: string, message: string) => {
    errors[key] = errors[key] ? `${errors[key]} ${message}` : message;
  };
  if (!Array.isArray(detail)) {
    add("_form", typeof detail === "string" && detail ? detail : "The profile was not accepted.");
    return errors;
  }
  for (const item of detail as { loc?: unknown; msg?: unknown }[]) {
    const message = String(item.msg ?? "Not accepted").replace(/^Value error, /, "");
    const loc = Array.isArray(item.loc) ? (item.loc as (string | number)[]) : [];
    const path = loc[0] === "body" ? loc.slice(1) : loc;
    if (path.length === 0 || typeof path[0] !== "string") {
      add("_form", message);
      continue;
    }
    if (path[0] === "technologies" && typeof path[1] === "number") {
      const key = sentRowKeys[path[1]];
      const field = typeof path[2] === "string" ? path[2] : "name";
      add(key === undefined ? "technologies" : `technologies.${key}.${field}`, message);
      continue;
    }
    add(path[0], message);
  }
  return errors;
}

/** The keys of the rows `bodyFromForm` sends, in order. */
export function sentRowKeys(form: ProfileForm): number[] {
  return form.technologies.filter((t) => t.name.length > 0).map((t) => t.key);
}

export type WizardProfileField = "weekly_hours" | "language" | "background";

/** What the wizard starts from: the profile's weekly hours, primary language and background. */
export type WizardDefaults = { weekly_hours?: number; language?: string; background?: string };

export function wizardDefaultsFrom(profile: Partial<ProfileOut> | undefined): WizardDefaults {
  const defaults: WizardDefaults = {};
  if (typeof profile?.weekly_hours === "number") defaults.weekly_hours = profile.weekly_hours;
  if (profile?.primary_language) defaults.language = profile.primary_language;
  if (profile?.background?.trim()) defaults.background = profile.background;
  return defaults;
}

/**
 * Where a wizard value comes from: the profile (kept as it was), changed for this roadmap
 * (the profile says something else), or neither.
 */
export function valueOrigin(field: WizardProfileField, value: string | number | undefined, profile: Partial<ProfileOut> | undefined): "profile" | "override" | null {
  const fromProfile = wizardDefaultsFrom(profile)[field];
  if (fromProfile === undefined) return null;
  const same = field === "weekly_hours" ? Number(value) === Number(fromProfile) : String(value ?? "").trim() === String(fromProfile).trim();
  return same ? "profile" : "override";
}
