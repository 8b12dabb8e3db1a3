// Print the page with every solution shown: open each closed <details> before printing and
// close it again afterwards (print.css expands the sphinx-togglebutton solutions).
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details:not([open])").forEach((d) => {
    d.dataset.openedForPrint = "1";
    d.open = true;
  });
});
window.addEventListener("afterprint", () => {
  document.querySelectorAll("details[data-opened-for-print]").forEach((d) => {
    d.open = false;
    delete d.dataset.openedForPrint;
  });
});

// On paper an explorer cannot move and an answer box cannot check: print.css hides both and
// prints, in their place, a sentence (.course-print-note) that says what the widget shows and
// where to find it online: the page's address on the site (its canonical URL when the site
// sets html_baseurl, else its path from the site's root) and the widget's anchor.
(() => {
  "use strict";
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();

  function pageAddress() {
    const canonical = document.querySelector('link[rel="canonical"]');
    if (canonical && canonical.href) return canonical.href.split("#")[0];
    const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
    return decodeURIComponent(location.pathname.slice(root.pathname.length)) || "index.html";
  }

  function where(widget) {
    const heading = widget.closest("section")?.querySelector(":scope > h1, :scope > h2, :scope > h3");
    const title = heading ? clean(heading.textContent.replace(/#$/, "")) : "";
    const place = `${pageAddress()}#${widget.id}`;
    return `the web version of this page${title ? `, section \u201c${title}\u201d` : ""} (${place})`;
  }

  function explorerNote(widget) {
    const title = clean(widget.querySelector(".nnh-title")?.textContent) || "An interactive figure";
    const sliders = [...widget.querySelectorAll('input[type="range"]')].map((input) => {
      const label = widget.querySelector(`label[for="${input.id}"]`);
      return clean(label?.textContent).split("=")[0].trim();
    }).filter(Boolean);
    const start = clean(widget.querySelector(".nnh-panels")?.getAttribute("aria-label"));
    const controls = sliders.length ? ` with ${sliders.length === 1 ? "a slider" : "sliders"} for ${sliders.join(" and ")}` : "";
    return `Interactive figure (online only): \u201c${title}\u201d, redrawn as you move it${controls}.` +
      (start ? ` At its start it shows: ${start.replace(/\.$/, "")}.` : "") +
      ` Use it in ${where(widget)}.`;
  }

  function answerNote(widget) {
    const question = clean(widget.querySelector(".nnh-question")?.textContent);
    const precision = clean(widget.querySelector(".nnh-precision")?.textContent);
    return `Answer box (online only): it checks your answer to \u201c${question}\u201d` +
      (precision ? ` (${precision.replace(/\.$/, "").replace(/^Give your answer/, "given")})` : "") +
      `. Check yours in ${where(widget)}.`;
  }

  function addPrintNotes() {
    document.querySelectorAll(".nnh-widget[id]").forEach((widget) => {
      const next = widget.nextElementSibling;
      if (next && next.classList.contains("course-print-note")) return;
      const note = document.createElement("p");
      note.className = "course-print-note";
      note.textContent = widget.classList.contains("nnh-answer") ? answerNote(widget) : explorerNote(widget);
      widget.after(note);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addPrintNotes);
  } else {
    addPrintNotes();
  }
})();
