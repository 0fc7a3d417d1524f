import { LoadingState } from "@/components/ui/states";

export default function AppLoading() {
  return <LoadingState />;
}
