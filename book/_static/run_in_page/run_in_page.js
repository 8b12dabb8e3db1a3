/* Run it in the page: each code cell of a chapter gets Run and "Run all above"; the code runs
 * in the reader's browser (Pyodide in a Web Worker, worker.js), from files the site serves.
 *
 * Until the reader presses Run or "Start Python" this script only adds the buttons: the
 * editor (CodeMirror, editor.js) and Python (_static/pyodide/) load on that first press,
 * with a progress indicator. Then every cell becomes editable. One Python per page: cells
 * share their variables, like a notebook. Run first runs the cells above that have not run
 * yet (code exercises and solutions excepted), so a cell always finds what it needs. Stop
 * ends the worker (a static host cannot give the headers an interrupt would need); the next
 * Run starts a fresh Python.
 *
 * Code exercises (a cell inside a sphinx-exercise block): the student's code is kept in
 * localStorage per exercise and cell, Reset brings the stub back; the check's verdict is the
 * cell's value. Cells inside a solution keep their Run too, but stay hidden until opened.
 */
(() => {
  "use strict";

  const HERE = new URL("./", document.currentScript.src);
  const PYODIDE = new URL("../pyodide/", HERE);
  const STORE = "nnh-run-in-page:";
  const cells = [];
  let editorLoading = null;
  let python = null;        // {worker, ready: Promise, ran: Set of cells run in it}
  let queue = Promise.resolve();
  let nextId = 1;
  const pending = new Map(); // id -> {cell, resolve}
  let panel = null;

  const el = (tag, attrs = {}, text = "") => {
    const node = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    if (text) node.textContent = text;
    return node;
  };
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

  // --- the editor ------------------------------------------------------------------------

  function loadEditor() {
    if (!editorLoading) {
      editorLoading = new Promise((resolve, reject) => {
        const script = el("script", { src: new URL("editor.js", HERE).href });
        script.onload = () => resolve(window.CourseEditor);
        script.onerror = () => reject(new Error("the editor (editor.js) did not load"));
        document.head.append(script);
      }).then((editor) => {
        cells.forEach((cell) => makeEditable(cell, editor));
        return editor;
      });
    }
    return editorLoading;
  }

  function makeEditable(cell, editor) {
    if (cell.editor) return;
    const host = el("div", { class: "rip-editor" });
    cell.highlight.after(host);
    cell.highlight.classList.add("rip-replaced");
    cell.editor = editor.create(host, {
      doc: cell.saved() ?? cell.original,
      label: `Code of cell ${cell.number}, editable; Shift+Enter runs it`,
      onRun: () => runFromButton(cell),
      onChange: (code) => cell.save(code),
    });
  }

  const codeOf = (cell) => (cell.editor ? cell.editor.getCode() : cell.saved() ?? cell.original);

  // --- Python ----------------------------------------------------------------------------

  function startPython() {
    if (python) return python.ready;
    const worker = new Worker(new URL("worker.js", HERE));
    const session = { worker, ran: new Set() };
    python = session;
    showPanelState("loading");
    session.ready = fetch(new URL("manifest.json", PYODIDE))
      .then((response) => {
        if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
        return response.json();
      })
      .then((manifest) => new Promise((resolve, reject) => {
        worker.onmessage = (event) => {
          const m = event.data;
          if (m.type === "progress") showProgress(m);
          else if (m.type === "ready") { showPanelState("ready", m.versions); resolve(); }
          else if (m.type === "failed") reject(new Error(m.message));
          else if (m.type === "stream") appendStream(m);
          else if (m.type === "result") finishRun(m);
        };
        worker.onerror = (event) => reject(new Error(event.message || "the worker failed"));
        worker.postMessage({ type: "start", pyodide: PYODIDE.href, manifest });
      }))
      .catch((error) => {
        if (python === session) python = null;
        worker.terminate();
        showPanelState("failed", error.message);
        throw error;
      });
    return session.ready;
  }

  function stopPython() {
    if (!python) return;
    python.worker.terminate();
    python = null;
    pending.forEach(({ cell, resolve }) => {
      setStatus(cell, "Stopped. Python restarts on the next Run; its variables are gone.");
      resolve();
    });
    pending.clear();
    cells.forEach((cell) => { if (cell.state === "queued") setStatus(cell, "Not run (stopped)."); });
    cells.forEach((cell) => setRunning(cell, false));
    queue = Promise.resolve();
    showPanelState("stopped");
  }

  function runOne(cell) {
    return new Promise((resolve) => {
      const session = python;
      if (!session) { resolve(); return; }
      const id = nextId++;
      pending.set(id, { cell, resolve, started: performance.now() });
      cell.state = "running";
      setRunning(cell, true);
      setStatus(cell, "Running…");
      clearOutput(cell);
      session.ran.add(cell);
      session.worker.postMessage({ type: "run", id, code: codeOf(cell), name: String(cell.number) });
    });
  }

  // Queue cells to run in order; each waits for Python and for the cells before it.
  function enqueue(list) {
    list.forEach((cell) => { cell.state = "queued"; setStatus(cell, "Waiting…"); });
    const session = startPython();
    list.forEach((cell) => {
      queue = queue.then(() => session).then(() => {
        if (cell.state === "queued") return runOne(cell);
        return undefined;
      }).catch(() => {
        setStatus(cell, "Python did not start: see the message at the top of the page.");
      });
    });
    return queue;
  }

  const above = (cell) => cells.filter((c) => c.index < cell.index && !c.solution);

  function runFromButton(cell) {
    loadEditor().catch(() => {});
    const ran = python ? python.ran : new Set();
    const missing = above(cell).filter((c) => !c.exercise && !ran.has(c));
    return enqueue([...missing, cell]);
  }

  function runAllAbove(cell) {
    loadEditor().catch(() => {});
    return enqueue(above(cell));
  }

  // --- output ----------------------------------------------------------------------------

  function clearOutput(cell) {
    cell.output.replaceChildren();
    cell.output.hidden = false;
    if (cell.stored) cell.stored.classList.add("rip-replaced");
  }

  function appendStream(m) {
    const entry = pending.get(m.id);
    if (!entry) return;
    const out = entry.cell.output;
    let last = out.lastElementChild;
    if (!last || !last.classList.contains(`rip-${m.name}`)) {
      last = el("pre", { class: `rip-${m.name}` });
      out.append(last);
    }
    last.textContent += m.text;
  }

  function finishRun(m) {
    const entry = pending.get(m.id);
    if (!entry) return;
    pending.delete(m.id);
    const { cell } = entry;
    if (m.value !== null) {
      const verdict = /^[✓✗…] /.test(m.value) ? ` rip-verdict rip-verdict-${"✓✗…".indexOf(m.value[0])}` : "";
      cell.output.append(el("pre", { class: `rip-value${verdict}` }, m.value));
    }
    m.figures.forEach((figure) => {
      const mode = figure.dark ? "only-light" : "";
      cell.output.append(el("img", { class: `rip-figure ${mode}`, alt: figure.alt,
        src: `data:image/png;base64,${figure.light}` }));
      if (figure.dark) {
        cell.output.append(el("img", { class: "rip-figure only-dark", alt: figure.alt,
          src: `data:image/png;base64,${figure.dark}` }));
      }
    });
    if (m.error) cell.output.append(el("pre", { class: "rip-error" }, m.error));
    const seconds = ((performance.now() - entry.started) / 1000).toFixed(2);
    cell.state = m.error ? "error" : "done";
    setStatus(cell, m.error ? `Error (after ${seconds} s).` : `Done in ${seconds} s.`);
    setRunning(cell, false);
    entry.resolve();
  }

  // --- the controls ----------------------------------------------------------------------

  function setStatus(cell, text) { cell.status.textContent = text; }

  function setRunning(cell, running) {
    cell.stop.hidden = !running;
    cell.root.classList.toggle("rip-running", running);
  }

  function showProgress(m) {
    if (!panel) return;
    panel.progress.max = m.total;
    panel.progress.value = Math.min(m.loaded, m.total);
    panel.progress.hidden = false;
    if (m.what !== "ready") {
      panel.text.textContent = `Loading ${m.what}: ${mb(m.loaded)} of ${mb(m.total)}`;
    }
  }

  function showPanelState(state, detail) {
    if (!panel) return;
    panel.start.hidden = state === "loading" || state === "ready";
    panel.stop.hidden = !(state === "loading" || state === "ready");
    panel.root.dataset.state = state;
    if (state === "loading") panel.text.textContent = "Starting Python…";
    if (state === "ready") {
      panel.progress.hidden = true;
      panel.text.textContent = `Python ${detail.python} is running in this page (NumPy ${detail.numpy}, `
        + `matplotlib ${detail.matplotlib}). Edit any cell and run it.`;
    }
    if (state === "stopped") {
      panel.progress.hidden = true;
      panel.start.textContent = "Start Python";
      panel.text.textContent = "Python stopped. Run a cell or Start Python to start it again.";
    }
    if (state === "failed") {
      panel.progress.hidden = true;
      panel.text.textContent = `Python could not start: ${detail}. The page must come from a web `
        + "server (make serve), not from a file.";
    }
  }

  function addPanel(first) {
    const root = el("div", { class: "rip-panel", role: "region", "aria-label": "Run the code in this page" });
    const text = el("p", { class: "rip-panel-text", role: "status" },
      "The code of this page can run in your browser: press Run under a cell, or");
    const start = el("button", { type: "button", class: "rip-button rip-start" }, "Start Python");
    const stop = el("button", { type: "button", class: "rip-button rip-stop-all", hidden: "" }, "Stop Python");
    const progress = el("progress", { class: "rip-progress", hidden: "", "aria-label": "Loading Python" });
    start.addEventListener("click", () => { loadEditor().catch(() => {}); startPython().catch(() => {}); });
    stop.addEventListener("click", stopPython);
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
    run.addEventListener("click", () => runFromButton(cell));
    all.addEventListener("click", () => runAllAbove(cell));
    cell.stop.addEventListener("click", stopPython);
    bar.append(run, all, cell.stop);
    if (key) {
      const reset = el("button", { type: "button", class: "rip-button rip-reset" }, "Reset");
      reset.addEventListener("click", () => {
        localStorage.removeItem(key);
        if (cell.editor) cell.editor.setCode(cell.original);
        localStorage.removeItem(key);
        setStatus(cell, "The exercise's code is back to its start.");
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
    if (cells.some((cell) => cell.saved() !== null)) loadEditor().catch(() => {});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
