import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // the Docker image ships the standalone server; `next start` (dev stack, e2e) needs the default
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" as const } : {}),
  // The BFF proxy streams Server-Sent Events: gzip would hold every event until the end.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
