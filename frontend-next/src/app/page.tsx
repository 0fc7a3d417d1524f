import { redirect } from "next/navigation";
import { readToken } from "@/server/session";

export default async function Home() {
  redirect((await readToken()) ? "/dashboard" : "/login");
}
