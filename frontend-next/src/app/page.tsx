import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FrontDoor } from "@/components/home/front-door";
import { readToken } from "@/server/session";

export const metadata: Metadata = { title: { absolute: "Waymark · learning roadmaps built for you, reviewed by you" } };

/** Signed in: the dashboard. Signed out: the front door (server-rendered; the sample needs no API call). */
export default async function Home() {
  if (await readToken()) redirect("/dashboard");
  return <FrontDoor />;
}
