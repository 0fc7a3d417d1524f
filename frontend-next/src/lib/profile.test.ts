import { describe, expect, it } from "vitest";
import { bodyFromForm, characterCount, fieldErrors, formFromProfile, sentRowKeys, valueOrigin, wizardDefaultsFrom } from "./profile";

const saved = {
  background: "Five years of web backends",
  role: "Backend engineer",
  technologies: [
    { name: "Python", level: "advanced" as const },
    { name: "C", level: "beginner" as const },
  ],
  primary_language: "de",
  secondary_language: null,
  weekly_hours: 7.5,
  preferred_formats: ["hands_on" as const, "reading" as const],
  about_me: null,
  updated_at: "2026-12-03T10:00:00Z",
};

describe("the profile form", () => {
  it("round-trips a saved profile; empty text is sent as null, formats in a fixed order", () => {
    const form = formFromProfile(saved);
    expect(form.weekly_hours).toBe("7.5");
    expect(form.secondary_language).toBe("");
    const body = bodyFromForm(form);
    expect({ ...body, updated_at: saved.updated_at }).toEqual({ ...saved, preferred_formats: ["reading", "hands_on"] });
  });

  it("starts empty before a profile is saved", () => {
    const body = bodyFromForm(formFromProfile({ updated_at: null }));
    expect(body).toEqual({ background: null, role: null, technologies: [], primary_language: null, secondary_language: null, weekly_hours: null, preferred_formats: [], about_me: null });
  });

  it("drops empty technology rows and keeps the row keys of the ones it sends", () => {
    const form = formFromProfile(saved);
    form.technologies.splice(1, 0, { key: 999, name: "", level: "none" });
    expect(bodyFromForm(form).technologies?.map((t) => t.name)).toEqual(["Python", "C"]);
    expect(sentRowKeys(form)).toEqual([form.technologies[0]!.key, form.technologies[2]!.key]);
  });

  it("counts characters as the API does (code points)", () => {
    expect(characterCount("héllo 👋")).toBe(7);
  });
});

describe("a 422 placed on the fields its loc names", () => {
  it("top-level fields, technology rows by key, and the rest on the form", () => {
    const detail = [
      { loc: ["body", "weekly_hours"], msg: "Input should be greater than 0", type: "greater_than" },
      { loc: ["body", "technologies", 1, "name"], msg: "String should have at most 80 characters", type: "string_too_long" },
      { loc: ["body", "technologies"], msg: "Value error, each technology once: go is listed more than once", type: "value_error" },
      { loc: ["body"], msg: "Extra inputs are not permitted", type: "extra_forbidden" },
    ];
    expect(fieldErrors(detail, [11, 22])).toEqual({
      weekly_hours: "Input should be greater than 0",
      "technologies.22.name": "String should have at most 80 characters",
      technologies: "each technology once: go is listed more than once",
      _form: "Extra inputs are not permitted",
    });
  });

  it("a plain reason goes on the form", () => {
    expect(fieldErrors("Too large")).toEqual({ _form: "Too large" });
  });
});

describe("the wizard and the profile", () => {
  it("takes weekly hours, primary language and background", () => {
    expect(wizardDefaultsFrom(saved)).toEqual({ weekly_hours: 7.5, language: "de", background: "Five years of web backends" });
    expect(wizardDefaultsFrom({ updated_at: null })).toEqual({});
  });

  it("says whether a value is the profile's or changed for this roadmap", () => {
    expect(valueOrigin("weekly_hours", "7.5", saved)).toBe("profile");
    expect(valueOrigin("weekly_hours", 3, saved)).toBe("override");
    expect(valueOrigin("language", "de", saved)).toBe("profile");
    expect(valueOrigin("language", "de", { updated_at: null })).toBeNull();
  });
});
