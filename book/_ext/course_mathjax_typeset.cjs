// TeX to CommonHTML at build time, with MathJax's own modules (mathjax-full 3.2.2, shipped by
// the PyPI package django-static-mathjax; its folder is argv[2]). Called by course_mathjax.py.
//
// One JSON request per line on stdin, one JSON answer per line on stdout:
//   {"tex": "...", "display": true|false}  ->  {"html": "<mjx-container ...>"}
//   {"css": true}                          ->  {"css": "..."}   (every glyph, fonts at argv[3])
// A TeX error is an answer {"error": "..."}, never a red formula in the page.
"use strict";
const path = require("path");
const readline = require("readline");

const root = path.resolve(process.argv[2]);
const fontURL = process.argv[3];
const load = (name) => require(path.join(root, "js", name));

const { mathjax } = load("mathjax.js");
const { TeX } = load("input/tex.js");
const { CHTML } = load("output/chtml.js");
const { liteAdaptor } = load("adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = load("handlers/html.js");
const { AssistiveMmlHandler } = load("a11y/assistive-mml.js");

// TeX packages: the client's input/tex component (base, ams, newcommand, configmacros) and those
// its autoloader would fetch for a course like this one. Not noerrors and noundefined, which
// turn an error into output: a typo must fail the build. (AllPackages would also need
// mhchem's parser, which the package does not ship.)
const PACKAGES = {
  base: "Base", ams: "Ams", newcommand: "Newcommand", configmacros: "ConfigMacros",
  boldsymbol: "Boldsymbol", mathtools: "Mathtools", cases: "Cases", cancel: "Cancel",
  color: "Color", bbox: "Bbox", braket: "Braket", enclose: "Enclose",
  textmacros: "TextMacros", upgreek: "Upgreek",
};
for (const [name, prefix] of Object.entries(PACKAGES)) {
  load(`input/tex/${name}/${prefix}Configuration.js`);
}

const adaptor = liteAdaptor();
// The hidden MathML beside each formula is what screen readers read.
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
const tex = new TeX({
  packages: Object.keys(PACKAGES),
  formatError: (jax, error) => { throw error; },
});
// adaptiveCSS false: the stylesheet covers every glyph, so one file serves every page,
// whichever pages a build rewrote. In the browser MathJax scales each formula to the x-height
// of the text around it; here it cannot measure, so every formula is scaled by 1.2, which
// matches the system sans-serif fonts of the theme (x-height 0.53-0.55 em on Linux, macOS and
// Windows, against 0.44 em for MathJax's TeX font).
const chtml = new CHTML({ fontURL, adaptiveCSS: false, matchFontHeight: false, scale: 1.2 });
const doc = mathjax.document("", { InputJax: tex, OutputJax: chtml });

function answer(request) {
  if (request.css) return { css: adaptor.textContent(chtml.styleSheet(doc)) };
  const node = doc.convert(request.tex, { display: Boolean(request.display) });
  return { html: adaptor.outerHTML(node) };
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let reply;
  try {
    reply = answer(JSON.parse(line));
  } catch (error) {
    reply = { error: String((error && error.message) || error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
