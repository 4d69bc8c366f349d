// ESLint flat config. Why these rules and why the layer check is ESLint's own no-restricted-imports:
// docs/decisions/037-lint-layers-and-unused-code.md.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Layers: routes → services → models → lib/db. A layer may import its own folder and anything below,
// never above. The app shell (root.tsx, entry.*.tsx, types.d.ts) sits beside the routes, on top.
// Components are the routes' view parts: they may not reach into services, models or the database.
const forbidden = {
  routes: ["routes"],
  services: ["routes"],
  models: ["routes", "services", "components"],
  lowest: ["routes", "services", "models", "components"],
  components: ["routes", "services", "models"],
};
const layerFiles = {
  // Shared flows live in services or models, never in another route (docs: STYLE rule 1).
  routes: ["app/routes/**"],
  services: ["app/services/**"],
  models: ["app/models/**"],
  // lib/db: pure helpers, data tables, configuration, i18n setup and the database client.
  lowest: ["app/lib/**", "app/data/**", "app/demo/**", "app/*.server.ts", "app/i18n.ts"],
  components: ["app/components/**"],
};

// Known crossings, each allowed for one importing file only, until the module moves to its layer
// (issue 12). Add nothing here without a reason; remove an entry as soon as its crossing is gone.
// None left: the sign-in mail is composed in services/signin.server.ts since decision 058.
/** @type {Array<{ file: string, imports: string[] }>} */
const exceptions = [];

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Every cross-folder import in app/ is written `~/folder/…` (relative imports may not leave their
// folder), so matching the specifier is enough and no module resolver is needed.
function layerRule(layer, allowed = []) {
  const except = allowed.length ? `(?!(?:${allowed.map((a) => escapeRegex(a.slice(2))).join("|")})$)` : "";
  const relative = { regex: "^\\.\\./", message: "Import across folders with `~/…`, so the layer rule sees it." };
  if (!layer) return ["error", { patterns: [relative] }];
  return [
    "error",
    {
      patterns: [
        relative,
        {
          regex: `^~/${except}(?:${forbidden[layer].join("|")})/`,
          message: `Layers: routes → services → models → lib/db; ${layer === "lowest" ? "lib/db" : layer} may not import ${forbidden[layer].join(", ")} (see eslint.config.js).`,
        },
      ],
    },
  ];
}

const layerOf = (file) => Object.keys(layerFiles).find((layer) => file.startsWith(`app/${layer}/`)) ?? "lowest";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "app/generated/", ".cache/", "data/", "test-results/", "bench/results/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true, caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      // Input hygiene deliberately matches control characters (text rules, CSV, signed notes).
      "no-control-regex": "off",
    },
  },
  // Small scripts served as they are to browsers (no bundler).
  { files: ["public/**/*.js"], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    settings: { react: { version: "18.3" } },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // Props are typed by TypeScript.
      "react/prop-types": "off",
      "no-restricted-imports": layerRule(null),
    },
  },
  ...Object.entries(layerFiles).map(([layer, files]) => ({
    files,
    rules: { "no-restricted-imports": layerRule(layer) },
  })),
  ...exceptions.map(({ file, imports }) => ({
    files: [file],
    rules: { "no-restricted-imports": layerRule(layerOf(file), imports) },
  })),
);
