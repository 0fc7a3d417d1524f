import type { FieldErrors, FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";

/** react-hook-form validation by a zod schema (the few lines @hookform/resolvers would add). */
export function zodResolver<TValues extends FieldValues>(schema: z.ZodType<TValues>): Resolver<TValues> {
  return async (values) => {
    const result = await schema.safeParseAsync(values);
    if (result.success) return { values: result.data, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of result.error.issues) {
      const name = issue.path.join(".");
      errors[name] ??= { type: issue.code, message: issue.message };
    }
    return { values: {}, errors: nest(errors) as FieldErrors<TValues> };
  };
}

function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const parts = path.split(".");
    let target = out;
    parts.slice(0, -1).forEach((part) => {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    });
    target[parts[parts.length - 1] ?? ""] = value;
  }
  return out;
}
