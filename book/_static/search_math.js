/* Search page only (course_page.py adds it there): readable math in result snippets.
 *
 * Sphinx's searchtools.js cuts each snippet (p.context) from a page's text. The pages arrive
 * typeset (book/_ext/course_mathjax.py), so a formula reads there as the text of its hidden
 * MathML, "σ(x)=11+e−x" for \(\sigma(x) = \frac{1}{1 + e^{-x}}\).
 * _static/search_formulas.js, written with the search page, maps that text back to the TeX
 * (window.courseSearchFormulas). Sphinx offers no hook for the snippet, so this script watches
 * the results list, puts each formula's TeX back into each new snippet and writes it as plain
 * text: "σ(x) = 1/(1 + e⁻ˣ)". The highlighted search terms are highlighted again afterwards.
 */
(() => {
  "use strict";

  const SYMBOLS = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ",
    eta: "η", theta: "θ", vartheta: "ϑ", iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν",
    xi: "ξ", pi: "π", rho: "ρ", sigma: "σ", tau: "τ", upsilon: "υ", phi: "ϕ", varphi: "φ",
    chi: "χ", psi: "ψ", omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ",
    Pi: "Π", Sigma: "Σ", Phi: "Φ", Psi: "Ψ", Omega: "Ω",
    cdot: "·", times: "×", div: "÷", pm: "±", mp: "∓", ast: "∗", star: "⋆", circ: "∘",
    odot: "⊙", otimes: "⊗", oplus: "⊕", le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠",
    neq: "≠", approx: "≈", sim: "∼", equiv: "≡", propto: "∝", ll: "≪", gg: "≫", infty: "∞",
    sum: "∑", prod: "∏", int: "∫", partial: "∂", nabla: "∇", to: "→", rightarrow: "→",
    leftarrow: "←", Rightarrow: "⇒", Leftrightarrow: "⇔", mapsto: "↦", in: "∈", notin: "∉",
    subset: "⊂", subseteq: "⊆", cup: "∪", cap: "∩", forall: "∀", exists: "∃", emptyset: "∅",
    ldots: "…", dots: "…", cdots: "⋯", vdots: "⋮", top: "ᵀ", prime: "′", mid: "|", vert: "|",
    lvert: "|", rvert: "|", Vert: "‖", lVert: "‖", rVert: "‖", langle: "⟨", rangle: "⟩",
    lfloor: "⌊", rfloor: "⌋", lceil: "⌈", rceil: "⌉", "{": "{", "}": "}", "|": "‖", "%": "%",
    "&": "&", "#": "#", _: "_", "\\": "; ", ",": " ", ";": " ", ":": " ", "!": "", " ": " ",
    quad: " ", qquad: "  ", colon: ":", neg: "¬", land: "∧", lor: "∨", checkmark: "✓",
  };
  // Relations and binary operators: printed with a space on each side.
  const RELATIONS = { le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠", neq: "≠", approx: "≈",
    equiv: "≡", to: "→", rightarrow: "→", Rightarrow: "⇒", mapsto: "↦", in: "∈", propto: "∝",
    times: "×", cdot: "·", pm: "±", odot: "⊙", otimes: "⊗", oplus: "⊕" };
  // Words MathJax prints upright: they read as themselves.
  const NAMES = new Set(["log", "ln", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh", "max",
    "min", "arg", "sup", "inf", "lim", "det", "dim", "Pr", "softmax", "relu", "sgn"]);
  // Sizing and spacing commands that print nothing.
  const SILENT = new Set(["left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
    "Bigr", "biggl", "biggr", "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits",
    "nonumber", "notag", "label", "tag"]);
  // Commands whose argument is printed as it is (fonts, text, operator names).
  const KEEP_ARGUMENT = new Set(["mathrm", "mathbf", "mathit", "mathsf", "mathtt", "boldsymbol",
    "bm", "text", "textrm", "textbf", "textit", "mbox", "operatorname", "mathcal", "mathscr",
    "mathfrak", "underline", "overline", "emph"]);
  const ACCENTS = { hat: "\u0302", widehat: "\u0302", tilde: "\u0303", widetilde: "\u0303",
    bar: "\u0304", vec: "\u20d7", dot: "\u0307", ddot: "\u0308" };
  const DOUBLE_STRUCK = { R: "ℝ", N: "ℕ", Z: "ℤ", Q: "ℚ", C: "ℂ", E: "𝔼", P: "ℙ" };
  const SUPER = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷",
    "8": "⁸", "9": "⁹", "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", n: "ⁿ",
    i: "ⁱ", x: "ˣ", T: "ᵀ", k: "ᵏ", l: "ˡ", j: "ʲ", a: "ᵃ", b: "ᵇ", c: "ᶜ", d: "ᵈ", e: "ᵉ",
    m: "ᵐ", p: "ᵖ", t: "ᵗ", u: "ᵘ", v: "ᵛ", w: "ʷ", y: "ʸ", "′": "′", "*": "*", "ᵀ": "ᵀ" };
  const SUB = { "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇",
    "8": "₈", "9": "₉", "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎", a: "ₐ",
    e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ", m: "ₘ", n: "ₙ", o: "ₒ", p: "ₚ", r: "ᵣ",
    s: "ₛ", t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ" };

  /* One argument at position i: a {group} (balanced), a \command or one character.
   * Returns [text of the argument, position after it]. */
  function argument(tex, i) {
    while (tex[i] === " ") i += 1;
    if (tex[i] === "{") {
      let depth = 0;
      for (let j = i; j < tex.length; j += 1) {
        if (tex[j] === "\\") { j += 1; continue; }
        if (tex[j] === "{") depth += 1;
        else if (tex[j] === "}" && --depth === 0) return [tex.slice(i + 1, j), j + 1];
      }
      return [tex.slice(i + 1), tex.length];  // cut off by the snippet's end
    }
    if (tex[i] === "\\") {
      const name = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
      return name ? [name[0], i + name[0].length] : ["", tex.length];
    }
    return [tex[i] || "", i + 1];
  }

  const short = (text) => /^[\p{L}\p{N}.′∂]*$/u.test(text) || /^[\p{L}\p{N}]\(.*\)$/u.test(text);
  const wrap = (text) => (short(text) ? text : `(${text})`);
  function script(text, table, mark) {
    const chars = [...text.replace(/\s+/g, "")];
    if (!chars.length) return "";
    return chars.every((c) => c in table)
      ? chars.map((c) => table[c]).join("") : `${mark}${wrap(text)}`;
  }

  /* TeX source (no delimiters) as plain text. */
  function texToText(tex) {
    let out = "";
    let i = 0;
    while (i < tex.length) {
      const c = tex[i];
      if (c === "\\") {
        const match = /^\\([A-Za-z]+|.?)/.exec(tex.slice(i));
        const name = match[1];
        i += match[0].length;
        if (name === "begin" || name === "end") { i = argument(tex, i)[1]; out += " "; }
        else if (name === "frac" || name === "dfrac" || name === "tfrac") {
          const [top, afterTop] = argument(tex, i);
          const [bottom, afterBottom] = argument(tex, afterTop);
          out += `${wrap(texToText(top))}/${wrap(texToText(bottom))}`;
          i = afterBottom;
        } else if (name === "sqrt") {
          const [radicand, after] = argument(tex, i);
          out += `√${wrap(texToText(radicand))}`;
          i = after;
        } else if (name === "mathbb") {
          const [letter, after] = argument(tex, i);
          out += DOUBLE_STRUCK[letter] || texToText(letter);
          i = after;
        } else if (name in ACCENTS) {
          const [base, after] = argument(tex, i);
          out += texToText(base) + ACCENTS[name];
          i = after;
        } else if (KEEP_ARGUMENT.has(name)) {
          const [inner, after] = argument(tex, i);
          out += texToText(inner);
          i = after;
        } else if (SILENT.has(name)) {
          if (name === "label" || name === "tag") i = argument(tex, i)[1];
        } else {
          if (name in RELATIONS) out += ` ${RELATIONS[name]} `;
          else if (name in SYMBOLS) out += SYMBOLS[name];
          else out += name;  // \tanh, \log, unknown commands: their name
          if (/^[A-Za-z]+$/.test(name)) {  // TeX drops the spaces after a command word
            while (tex[i] === " " || tex[i] === "\n") i += 1;
            if (NAMES.has(name) && /^[A-Za-z0-9\\]/.test(tex.slice(i))) out += " ";
          }
        }
      } else if (c === "^" || c === "_") {
        const [inner, after] = argument(tex, i + 1);
        const text = texToText(inner);
        out += c === "^" ? script(text, SUPER, "^") : script(text, SUB, "_");
        i = after;
      } else if (c === "{" || c === "}") i += 1;
      else if (c === "&") { out += " "; i += 1; }
      else if (c === "~") { out += " "; i += 1; }
      else if (c === "'") { out += "′"; i += 1; }
      else if (c === "-") { out += "−"; i += 1; }
      else if (c === "=" || c === "<" || c === ">") { out += ` ${c} `; i += 1; }
      else { out += c; i += 1; }
    }
    return out;
  }

  // Math in a snippet: \( \), \[ \], $$ $$; a formula the snippet cuts at either end is
  // open at its start (a closing delimiter first) or at its end (an opening one last).
  const MATH = /\\\(([\s\S]*?)(?:\\\)|$)|\\\[([\s\S]*?)(?:\\\]|$)|\$\$([\s\S]*?)(?:\$\$|$)/g;

  function readable(text) {
    const firstOpen = text.search(/\\\(|\\\[|\$\$/);
    const firstClose = text.search(/\\\)|\\\]/);
    if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) {
      const delimiter = text.slice(firstClose, firstClose + 2) === "\\)" ? "\\(" : "\\[";
      const start = text.startsWith("...") ? 3 : 0;
      // the formula's start was cut: "1}{1+e^{-x}}" was the end of a \frac
      const cut = text.slice(start, firstClose).replace(/\}\s*\{/g, "}/{");
      text = text.slice(0, start) + delimiter + cut + text.slice(firstClose);
    }
    return text
      .replace(MATH, (whole, inline, display, dollars) =>
        texToText(inline ?? display ?? dollars ?? "").replace(/\s+/g, " ").replace(/([([]) | ([)\]])/g, "$1$2").trim())
      .replace(/[ \t]+/g, " ");
  }

  // The formulas' texts, longest first, as one pattern: each stretch of a snippet is replaced
  // once, by the longest formula that starts there, and only where no letter or digit goes on
  // around it ("si", the text of s_i, is not the start of "sigmoid"). One-character texts
  // ("x", "W") read the same either way: left as they are.
  const FORMULAS = window.courseSearchFormulas || {};
  const escape = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const TEXTS = Object.keys(FORMULAS).filter((t) => [...t].length > 1)
    .sort((a, b) => b.length - a.length);
  const FORMULA_TEXT = TEXTS.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${TEXTS.map(escape).join("|")})(?![\\p{L}\\p{N}])`, "gu")
    : null;

  function withTex(text) {
    return FORMULA_TEXT ? text.replace(FORMULA_TEXT, (t) => `\\(${FORMULAS[t]}\\)`) : text;
  }

  // Snippets already read, with the text they had: results arrive one by one, and each arrival
  // would otherwise send every earlier snippet through the formulas' pattern again.
  const read = new WeakMap();

  function rewrite(snippet) {
    if (snippet.dataset.courseMath || read.get(snippet) === snippet.textContent) return;
    read.set(snippet, snippet.textContent);
    const tex = withTex(snippet.textContent);
    if (!/\\[()[\]]|\$\$/.test(tex)) return;
    snippet.dataset.courseMath = "";
    const terms = new Set([...snippet.querySelectorAll(".highlighted")].map((s) => s.textContent));
    const text = readable(tex);
    snippet.textContent = "";
    const found = [...terms].filter(Boolean).map(escape);
    if (!found.length) { snippet.textContent = text; return; }
    for (const part of text.split(new RegExp(`(${found.join("|")})`, "gi"))) {
      if (!part) continue;
      if (found.some((t) => new RegExp(`^(?:${t})$`, "i").test(part))) {
        const mark = document.createElement("span");
        mark.className = "highlighted";
        mark.textContent = part;
        snippet.append(mark);
      } else snippet.append(part);
    }
  }

  function watch() {
    const results = document.getElementById("search-results");
    if (!results) return;
    const pass = () => results.querySelectorAll("p.context").forEach(rewrite);
    new MutationObserver(pass).observe(results, { childList: true, subtree: true, characterData: true });
    pass();
  }

  window.courseSearchMath = { readable, withTex };  // for the tests: what the page uses
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
