// The in-page code editor: CodeMirror 6 with Python highlighting, bundled by esbuild into
// _static/run_in_page/editor.js (tools/run_in_page.py). run_in_page.js loads it on the first
// Run and calls window.CourseEditor.create(). Tokens get CodeMirror's "tok-*" classes, which
// run_in_page.css colours for the light and the dark mode.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";

// CodeMirror draws only the lines near the window and estimates the height of the rest; an
// editor that comes into view is measured and may change height. The host's data-drawn says
// "whole" once every line is drawn and measured (its height is final), "part" before.
function markDrawn(parent, view) {
  const { from, to } = view.viewport;
  parent.dataset.drawn = from === 0 && to === view.state.doc.length ? "whole" : "part";
}

function create(parent, { doc, label, onRun, onChange }) {
  const runKeys = [
    { key: "Shift-Enter", run: () => { onRun(); return true; } },
    { key: "Mod-Enter", run: () => { onRun(); return true; } },
  ];
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        bracketMatching(),
        indentUnit.of("    "),
        python(),
        syntaxHighlighting(classHighlighter),
        // Tab indents; Escape then Tab leaves the editor (CodeMirror's documented escape hatch).
        keymap.of([...runKeys, indentWithTab, ...defaultKeymap, ...historyKeymap]),
        // Long lines wrap: nothing scrolls sideways (a scrolling box that is not focusable fails
        // axe's scrollable-region-focusable, and a phone has no room to scroll).
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && onChange) onChange(update.state.doc.toString());
          if (update.docChanged || update.viewportChanged || update.geometryChanged) {
            markDrawn(parent, update.view);
          }
        }),
      ],
    }),
  });
  markDrawn(parent, view);
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: () => view.focus(),
  };
}

window.CourseEditor = { create };
