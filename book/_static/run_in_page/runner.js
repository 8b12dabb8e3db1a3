/* Run it in the page: each code cell of a chapter gets Run and "Run all above"; the code runs
 * in the reader's browser (Pyodide in a Web Worker, worker.js), from files the site serves.
 *
 * Until the reader presses Run or "Start Python" run_in_page.js only adds the buttons:
 * the controller (runner.js), the editor (CodeMirror, editor.js) and Python
 * (_static/pyodide/) load on that first press,
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
/* This file, runner.js, is the controller: loaded by run_in_page.js on the first press, it takes
 * the page's cells and panel from window.CourseRunnerPage and loads runner.css. */
(() => {
  "use strict";

  const page = window.CourseRunnerPage;
  const HERE = page.here;
  const PYODIDE = new URL("../pyodide/", HERE);
  const { cells, panel, el } = page;
  let editorLoading = null;
  let python = null;        // {worker, ready: Promise, ran: Set of cells run in it}
  let queue = Promise.resolve();
  let nextId = 1;
  const pending = new Map(); // id -> {cell, resolve, started}
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  document.head.append(el("link", { rel: "stylesheet", href: new URL("runner.css", HERE).href }));

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



  window.CourseRunner = {
    runFromButton, runAllAbove, stopPython,
    loadEditor: () => loadEditor(),
    start: () => { loadEditor().catch(() => {}); startPython().catch(() => {}); },
  };
})();
