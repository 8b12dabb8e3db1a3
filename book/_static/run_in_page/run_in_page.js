/* Run it in the page: a Run bar under each code cell and a Start Python panel. The first
 * press loads runner.js, which does the rest (see there). Kept small: every chapter loads it. */
(() => {
  "use strict";

  const HERE = new URL("./", document.currentScript.src);
  const STORE = "nnh-run-in-page:";
  const cells = [];
  let panel = null;
  let controller = null;

  const el = (tag, attrs = {}, text = "") => {
    const node = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    if (text) node.textContent = text;
    return node;
  };

  // The controller (runner.js) loads on the first press; then the press goes on to it.
  function act(action, cell) {
    if (!controller) {
      controller = new Promise((resolve, reject) => {
        const script = el("script", { src: new URL("runner.js", HERE).href });
        script.onload = () => resolve(window.CourseRunner);
        script.onerror = () => reject(new Error("runner.js did not load"));
        document.head.append(script);
      });
    }
    return controller.then((runner) => runner[action](cell));
  }

  function addPanel(first) {
    const root = el("div", { class: "rip-panel", role: "region", "aria-label": "Run the code in this page" });
    const text = el("p", { class: "rip-panel-text", role: "status" },
      "The code of this page can run in your browser: press Run under a cell, or");
    const start = el("button", { type: "button", class: "rip-button rip-start" }, "Start Python");
    const stop = el("button", { type: "button", class: "rip-button rip-stop-all", hidden: "" }, "Stop Python");
    const progress = el("progress", { class: "rip-progress", hidden: "", "aria-label": "Loading Python" });
    start.addEventListener("click", () => act("start"));
    stop.addEventListener("click", () => act("stopPython"));
    root.append(text, start, stop, progress);
    first.before(root);
    panel = { root, text, start, stop, progress };
  }

  function exerciseKey(cell) {
    const exercise = cell.exercise;
    const inExercise = Array.from(exercise.querySelectorAll("div.cell")).indexOf(cell.root);
    return `${STORE}${location.pathname}#${exercise.id || "exercise"}:${inExercise}`;
  }

  function setUpCell(root, index) {
    const highlight = root.querySelector(".cell_input div.highlight");
    const pre = highlight && highlight.querySelector("pre");
    if (!pre) return;
    const cell = {
      root, index, highlight, number: index + 1,
      original: pre.textContent.replace(/\n$/, ""),
      stored: root.querySelector(":scope > .cell_output"),
      exercise: root.closest(".exercise"),
      solution: root.closest(".solution"),
      state: "idle",
    };
    root.dataset.ripCell = String(cell.number);
    const key = cell.exercise && !cell.solution ? exerciseKey(cell) : null;
    cell.saved = () => (key ? localStorage.getItem(key) : null);
    cell.save = (code) => { if (key) localStorage.setItem(key, code); };
    const bar = el("div", { class: "rip-bar", role: "group", "aria-label": `Cell ${cell.number}` });
    const run = el("button", { type: "button", class: "rip-button rip-run" }, "Run");
    const all = el("button", { type: "button", class: "rip-button rip-above" }, "Run all above");
    cell.stop = el("button", { type: "button", class: "rip-button rip-stop", hidden: "" }, "Stop");
    cell.status = el("span", { class: "rip-status", role: "status" });
    run.addEventListener("click", () => act("runFromButton", cell));
    all.addEventListener("click", () => act("runAllAbove", cell));
    cell.stop.addEventListener("click", () => act("stopPython"));
    bar.append(run, all, cell.stop);
    if (key) {
      const reset = el("button", { type: "button", class: "rip-button rip-reset" }, "Reset");
      reset.addEventListener("click", () => {
        if (cell.editor) cell.editor.setCode(cell.original);
        localStorage.removeItem(key);
        cell.status.textContent = "The exercise's code is back to its start.";
      });
      bar.append(reset);
      root.classList.add("rip-exercise");
    }
    bar.append(cell.status);
    cell.output = el("div", { class: "rip-output", hidden: "", role: "region",
      "aria-label": `Output of cell ${cell.number}, run in your browser` });
    root.querySelector(".cell_input").after(bar);
    bar.after(cell.output);
    cells.push(cell);
  }

  function start() {
    const roots = Array.from(document.querySelectorAll("main div.cell"))
      .filter((root) => root.querySelector(":scope > .cell_input div.highlight pre"));
    if (!roots.length) return;
    roots.forEach((root, index) => setUpCell(root, index));
    const firstVisible = cells.find((cell) => !cell.solution && !cell.exercise) || cells[0];
    addPanel(firstVisible.root);
    // A student who saved exercise code here before sees it at once (the editor loads;
    // Python still waits for Run).
    window.CourseRunnerPage = { cells, panel, el, here: HERE };
    if (cells.some((cell) => cell.saved() !== null)) act("loadEditor").catch(() => {});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
