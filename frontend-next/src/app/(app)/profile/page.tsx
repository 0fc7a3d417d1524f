import type { Metadata } from "next";
import { ProfilePage } from "@/components/profile/profile-form";

export const metadata: Metadata = { title: "Profile" };

export default function Profile() {
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Your profile</h1>
        <p className="mt-1 text-sm text-slate-600">
          What you tell Waymark about yourself. New roadmaps start from it, and the plan is fitted to it; it is read as information about you, never as instructions.
        </p>
      </div>
      <ProfilePage />
    </div>
  );
}
