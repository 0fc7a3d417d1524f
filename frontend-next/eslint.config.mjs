import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "src/api/schema.d.ts", "next-env.d.ts"] },
  {
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "localStorage", message: "The session lives in an httpOnly cookie; no browser storage." },
        { name: "sessionStorage", message: "The session lives in an httpOnly cookie; no browser storage." },
      ],
    },
  },
  {
    // the single door to localStorage: review drafts and preferences, never the session
    files: ["src/client/local-store.ts"],
    rules: { "no-restricted-globals": "off" },
  },
];
export default config;
