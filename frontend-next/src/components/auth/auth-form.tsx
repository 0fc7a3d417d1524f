"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { fetchJson } from "@/client/api";
import { zodResolver } from "@/client/zod-resolver";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { InlineError } from "@/components/ui/states";

const LoginSchema = z.object({
  email: z.string().trim().email("Enter a valid email address"),
  password: z.string().min(1, "Enter your password").max(128),
});
const RegisterSchema = LoginSchema.extend({
  password: z.string().min(8, "At least 8 characters").max(128, "At most 128 characters"),
});
type Credentials = z.infer<typeof LoginSchema>;

/** Sign in or register through the Next server, which keeps the token in an httpOnly cookie. */
export function AuthForm({ mode, next }: { mode: "login" | "register"; next: string }) {
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const { register, handleSubmit, formState } = useForm<Credentials>({
    resolver: zodResolver(mode === "register" ? RegisterSchema : LoginSchema),
  });

  const submit = handleSubmit(async (values) => {
    setError(null);
    try {
      await fetchJson(mode === "register" ? "/api/session/register" : "/api/session", { method: "POST", body: JSON.stringify(values) });
      router.replace(next);
      router.refresh();
    } catch (caught) {
      setError(caught);
    }
  });

  const { errors, isSubmitting } = formState;
  return (
    <form onSubmit={submit} noValidate className="mt-5 space-y-4" aria-label={mode === "register" ? "Create an account" : "Sign in"}>
      <Field id="email" label="Email" error={errors.email?.message}>
        <TextInput id="email" type="email" autoComplete="email" aria-invalid={Boolean(errors.email)} {...register("email")} />
      </Field>
      <Field id="password" label="Password" hint={mode === "register" ? "8 to 128 characters." : undefined} error={errors.password?.message}>
        <TextInput
          id="password"
          type="password"
          autoComplete={mode === "register" ? "new-password" : "current-password"}
          aria-invalid={Boolean(errors.password)}
          {...register("password")}
        />
      </Field>
      <InlineError error={error} />
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? "Please wait…" : mode === "register" ? "Create account" : "Sign in"}
      </Button>
    </form>
  );
}
