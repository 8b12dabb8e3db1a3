/* The page's Python, in a Web Worker (started by run_in_page.js), so that a long cell never
 * freezes the page; Stop terminates this worker and the page starts a new one.
 *
 * Messages in:  {type: "start", pyodide: URL of _static/pyodide/, manifest}
 *               {type: "run", id, code, name}
 * Messages out: {type: "progress", loaded, total, what}   bytes fetched so far
 *               {type: "ready", versions} | {type: "failed", message}
 *               {type: "stream", id, name: "stdout" | "stderr", text}
 *               {type: "result", id, value, figures, error}
 * Every file comes from the site: Pyodide checks each wheel against pyodide-lock.json.
 */
"use strict";

let pyodide = null;
let runner = null;
let currentId = null;
let loaded = 0;
let total = 0;
let what = "";

function progress(step) {
  if (step) what = step;
  self.postMessage({ type: "progress", loaded, total, what });
}

// Count the bytes of every file Pyodide fetches, for the page's progress indicator. The
// request itself (and its integrity check) is the original fetch's.
const siteFetch = self.fetch.bind(self);
self.fetch = async (...args) => {
  const response = await siteFetch(...args);
  if (!response.body) return response;
  const counter = new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      progress();
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
};

self.course_emit = (name, text) => {
  self.postMessage({ type: "stream", id: currentId, name, text });
};

function sizeOf(manifest, kind) {
  return manifest.files.filter((f) => f.kind === kind).reduce((sum, f) => sum + f.bytes, 0);
}

async function start(base, manifest) {
  total = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  progress(`Python ${manifest.python} (Pyodide ${manifest.pyodide}, ${mb(sizeOf(manifest, "core"))})`);
  importScripts(`${base}pyodide.js`);
  loaded += manifest.files.find((f) => f.name === "pyodide.js").bytes;
  pyodide = await self.loadPyodide({ indexURL: base, fullStdLib: false });
  loaded += manifest.files.find((f) => f.name === "pyodide.asm.js").bytes;  // importScripts'
  progress(`${manifest.packages.join(" and ")} (${mb(sizeOf(manifest, "package"))})`);
  await pyodide.loadPackage(manifest.packages, { messageCallback: () => {}, checkIntegrity: true });
  progress(`nnh (${mb(sizeOf(manifest, "nnh"))})`);
  await pyodide.loadPackage(`${base}${manifest.nnh_wheel}`, { messageCallback: () => {} });
  const source = await (await siteFetch(new URL("course_runner.py", self.location.href))).text();
  pyodide.FS.writeFile("/home/pyodide/course_runner.py", source);
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide')");
  runner = pyodide.pyimport("course_runner");
  const versions = JSON.parse(runner.versions());
  progress("ready");
  self.postMessage({ type: "ready", versions });
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "start") {
    try {
      await start(message.pyodide, message.manifest);
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message || error) });
    }
  } else if (message.type === "run") {
    currentId = message.id;
    let result;
    try {
      result = JSON.parse(runner.run_cell(message.code, message.name));
    } catch (error) {
      result = { value: null, figures: [], error: String(error && error.message || error) };
    }
    self.postMessage({ type: "result", id: message.id, ...result });
    currentId = null;
  }
};
