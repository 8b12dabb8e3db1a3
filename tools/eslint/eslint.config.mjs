// ESLint for the site's own JavaScript: the scripts in book/_static, the explorers' widget.js
// and the editor's entry point. Rules that find bugs, not style: an undefined name (Reset once
// called a function that lived in another file), a name declared twice, unreachable code.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["book/_static/**/*.js", "nnh/interactive/widget.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },
  {
    files: ["book/_static/run_in_page/worker.js"],
    languageOptions: { globals: { ...globals.worker, loadPyodide: "readonly" } },
  },
  {
    files: ["runner/editor.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
  },
  {
    rules: {
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      "no-use-before-define": ["error", { functions: false, classes: true, variables: true }],
    },
  },
];
