/* Course site behaviour on top of sphinx-book-theme 1.3 / pydata-sphinx-theme 0.17.
 *
 * 1. Menu buttons. Both themes render a button with class "primary-toggle" (and
 *    "secondary-toggle"), and both themes' scripts listen only to the FIRST one in the page
 *    (pydata-sphinx-theme issue #2451): the navbar copy, which sphinx-book-theme never
 *    shows. The visible article-header buttons therefore did nothing. Each visible copy
 *    now forwards its click to the listened-to one, which opens the sidebar as a dialog on
 *    narrow screens (Escape closes it) and collapses/expands it on wide screens.
 * 2. Copy buttons of code blocks get an accessible name.
 * 3. Blocks that scroll sideways (tables, code, outputs) become keyboard-scrollable
 *    regions with a name and a visible cue (class "course-scrolls", styled in course.css).
 * 4. The colour-mode button names the current mode.
 */
(() => {
  "use strict";

  const WIDE = window.matchMedia("(min-width: 992px)");

  function forwardMenuButtons(kind, controls) {
    const buttons = Array.from(document.querySelectorAll(`button.${kind}-toggle`));
    const listened = buttons[0];
    if (!listened) return;
    buttons.forEach((button) => {
      button.setAttribute("aria-controls", controls);
      if (button === listened) return;
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopImmediatePropagation();
        listened.click();
        button.focus();
        updateExpanded();
      });
    });
  }

  // aria-expanded on the primary buttons mirrors the sidebar on wide screens.
  function updateExpanded() {
    const sidebar = document.getElementById("pst-primary-sidebar");
    if (!sidebar) return;
    const open = WIDE.matches && !sidebar.classList.contains("pst-sidebar-hidden");
    document.querySelectorAll("button.primary-toggle").forEach((button) => {
      button.setAttribute("aria-expanded", String(open));
    });
  }

  function setUpMenuButtons() {
    forwardMenuButtons("primary", "pst-primary-sidebar");
    forwardMenuButtons("secondary", "pst-secondary-sidebar");
    document.querySelectorAll("button.primary-toggle, button.secondary-toggle").forEach((b) => {
      if (b.hasAttribute("aria-label")) return;
      b.setAttribute("aria-label", b.classList.contains("primary-toggle")
        ? "Toggle primary sidebar" : "Toggle secondary sidebar");
    });
    updateExpanded();
    WIDE.addEventListener("change", updateExpanded);
  }

  function nameCopyButtons() {
    document.querySelectorAll("button.copybtn:not([aria-label])").forEach((button) => {
      button.setAttribute("aria-label", "Copy code to clipboard");
    });
  }

  const SCROLLERS = [
    [".pst-scrollable-table-container", "Table, scrolls sideways"],
    ["div.highlight > pre", "Code, scrolls sideways"],
    [".cell_output .output pre", "Output, scrolls sideways"],
    [".cell_output .output", "Output, scrolls sideways"],
    ["mjx-container[display=\"true\"]", "Formula, scrolls sideways"],
    ["div.math", "Formula, scrolls sideways"],
    ["span.math.course-wide-math", "Formula, scrolls sideways"],
  ];

  // Inline formulas are never clipped (course.css); one wider than its line scrolls.
  function fitWideInlineMath() {
    document.querySelectorAll("main span.math").forEach((el) => {
      const line = el.parentElement.closest("p, li, td, th, dd, div") || el.parentElement;
      const inner = el.firstElementChild || el;
      el.classList.toggle("course-wide-math", inner.getBoundingClientRect().width > line.clientWidth);
    });
  }

  // A table's cells paint over an inset shadow, so a wide table also gets a line of text
  // under it (hidden from screen readers: the region's name already says it scrolls).
  function showTableHint(container, scrolls) {
    const next = container.nextElementSibling;
    const hint = next && next.classList.contains("course-scroll-hint") ? next : null;
    if (scrolls && !hint) {
      container.insertAdjacentHTML("afterend",
        '<p class="course-scroll-hint" aria-hidden="true">Scroll the table sideways for more \u2192</p>');
    } else if (!scrolls && hint) {
      hint.remove();
    }
  }

  function markScrollableBlocks() {
    fitWideInlineMath();
    SCROLLERS.forEach(([selector, label]) => {
      document.querySelectorAll(`main ${selector}`).forEach((el) => {
        const scrolls = el.scrollWidth > el.clientWidth + 1;
        el.classList.toggle("course-scrolls", scrolls);
        if (el.querySelector(":scope > table")) showTableHint(el, scrolls);
        if (scrolls) {
          el.tabIndex = 0;
          if (!el.hasAttribute("role")) el.setAttribute("role", "region");
          if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", label);
        } else if (el.classList.contains("course-scroll-labelled")) {
          el.removeAttribute("tabindex");
        }
        if (scrolls) el.classList.add("course-scroll-labelled");
      });
    });
  }

  function nameColourModeButton() {
    const button = document.querySelector(".theme-switch-button");
    if (!button) return;
    const update = () => {
      const mode = document.documentElement.dataset.mode || "auto";
      const shown = mode === "auto" ? "system" : mode;
      button.setAttribute("aria-label", `Color mode: ${shown}`);
      button.setAttribute("data-bs-title", `Color mode: ${shown}`);
    };
    update();
    new MutationObserver(update).observe(document.documentElement,
      { attributes: true, attributeFilter: ["data-mode"] });
  }

  function debounce(fn, wait) {
    let timer = null;
    return () => { clearTimeout(timer); timer = setTimeout(fn, wait); };
  }

  function start() {
    setUpMenuButtons();
    nameColourModeButton();
    nameCopyButtons();
    markScrollableBlocks();
    // copybutton.js, MathJax and the widgets add or resize content after this runs.
    window.addEventListener("load", () => {
      nameCopyButtons();
      markScrollableBlocks();
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        MathJax.startup.promise.then(markScrollableBlocks);
      }
    });
    window.addEventListener("resize", debounce(markScrollableBlocks, 200));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
