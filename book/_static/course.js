/* Course site behaviour on top of sphinx-book-theme 1.3 / pydata-sphinx-theme 0.17.
 *
 * The theme's selectors, attributes and localStorage keys used here are listed in
 * book/_ext/theme_contract.py (checked by tests/test_theme_contract.py).
 *
 * 1. Menu buttons. The themes' own scripts open the sidebar (a dialog on narrow screens,
 *    Escape closes it) and hide it on wide screens. This names the buttons, mirrors the
 *    sidebar's state in aria-expanded, keeps a hidden sidebar hidden on the next page
 *    (localStorage "course-sidebar-hidden") and closes the narrow-screen dialog when one of
 *    its links is followed, so the page it leads to is not hidden behind it.
 * 2. Copy buttons of code blocks get an accessible name.
 * 3. Blocks that scroll sideways (tables, code, outputs) become named regions with a visible
 *    cue (class "course-scrolls", styled in course.css), and stop being one when they fit
 *    again. pydata-sphinx-theme gives code, outputs and tables their tab stops itself; this
 *    adds tab stops only to the blocks it does not cover (formulas).
 * 4. The colour-mode button names the current mode.
 * 5. sphinx-togglebutton names every toggle "Toggle hidden content"; each is named after the
 *    title it opens ("Solution to Exercise 2.1 (...)"); aria-expanded says whether it is open.
 */
(() => {
  "use strict";

  const WIDE = window.matchMedia("(min-width: 992px)");
  const HIDDEN = "pst-sidebar-hidden";
  const HIDDEN_KEY = "course-sidebar-hidden";

  function storedHidden() {
    try { return localStorage.getItem(HIDDEN_KEY) === "1"; } catch (e) { return false; }
  }

  function storeHidden(hidden) {
    try { localStorage.setItem(HIDDEN_KEY, hidden ? "1" : "0"); } catch (e) { /* private mode */ }
  }

  // aria-expanded on the primary buttons mirrors the sidebar on wide screens.
  function updateExpanded() {
    const sidebar = document.getElementById("pst-primary-sidebar");
    if (!sidebar) return;
    const open = WIDE.matches && !sidebar.classList.contains(HIDDEN);
    document.querySelectorAll("button.primary-toggle").forEach((button) => {
      button.setAttribute("aria-expanded", String(open));
    });
  }

  function followSidebar() {
    const sidebar = document.getElementById("pst-primary-sidebar");
    if (!sidebar) return;
    if (WIDE.matches && storedHidden()) sidebar.classList.add(HIDDEN);
    // The theme toggles the class on wide screens; on narrow ones its dialog borrows the
    // sidebar's classes while open, which is not the reader hiding it.
    new MutationObserver(() => {
      if (WIDE.matches) storeHidden(sidebar.classList.contains(HIDDEN));
      updateExpanded();
    }).observe(sidebar, { attributes: true, attributeFilter: ["class"] });
  }

  function closeDrawerOnFollowedLink() {
    ["pst-primary-sidebar-modal", "pst-secondary-sidebar-modal"].forEach((id) => {
      const dialog = document.getElementById(id);
      if (!dialog) return;
      dialog.addEventListener("click", (event) => {
        if (dialog.open && event.target.closest("a[href]")) dialog.close();
      });
    });
  }

  function setUpMenuButtons() {
    document.querySelectorAll("button.primary-toggle").forEach((button) => {
      button.setAttribute("aria-controls", "pst-primary-sidebar");
    });
    document.querySelectorAll("button.secondary-toggle").forEach((button) => {
      button.setAttribute("aria-controls", "pst-secondary-sidebar");
    });
    document.querySelectorAll("button.primary-toggle, button.secondary-toggle").forEach((b) => {
      if (b.hasAttribute("aria-label")) return;
      b.setAttribute("aria-label", b.classList.contains("primary-toggle")
        ? "Toggle primary sidebar" : "Toggle secondary sidebar");
    });
    followSidebar();
    closeDrawerOnFollowedLink();
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

  // pydata-sphinx-theme's addTabStopsToScrollableElements sets these blocks' tab stops.
  const THEME_TAB_STOPS = "pre, .cell_output > .output, .pst-scrollable-table-container";

  function markScrollableBlocks() {
    fitWideInlineMath();
    SCROLLERS.forEach(([selector, label]) => {
      document.querySelectorAll(`main ${selector}`).forEach((el) => {
        const scrolls = el.scrollWidth > el.clientWidth + 1;
        const ours = el.classList.contains("course-scroll-labelled");
        el.classList.toggle("course-scrolls", scrolls);
        if (el.querySelector(":scope > table")) showTableHint(el, scrolls);
        const themeTabStop = el.matches(THEME_TAB_STOPS);
        if (scrolls && !ours) {
          // Only what this script adds is marked, so only that is taken back.
          if (!themeTabStop && !el.hasAttribute("tabindex")) el.dataset.courseTabindex = "";
          if (!el.hasAttribute("role")) el.dataset.courseRole = "";
          if (!el.hasAttribute("aria-label")) el.dataset.courseLabel = "";
          el.classList.add("course-scroll-labelled");
        }
        if (scrolls) {
          if ("courseTabindex" in el.dataset) el.tabIndex = 0;
          if ("courseRole" in el.dataset) el.setAttribute("role", "region");
          if ("courseLabel" in el.dataset) el.setAttribute("aria-label", label);
        } else if (ours) {
          // It fits again: no longer a region that "scrolls sideways".
          if ("courseTabindex" in el.dataset) el.removeAttribute("tabindex");
          if ("courseRole" in el.dataset) el.removeAttribute("role");
          if ("courseLabel" in el.dataset) el.removeAttribute("aria-label");
          ["courseTabindex", "courseRole", "courseLabel"].forEach((key) => delete el.dataset[key]);
          el.classList.remove("course-scroll-labelled");
        }
      });
    });
  }

  function nameToggleButtons() {
    document.querySelectorAll(".admonition-title > button.toggle-button").forEach((button) => {
      const title = button.parentElement.cloneNode(true);
      title.querySelectorAll("button, .headerlink").forEach((n) => n.remove());
      const text = title.textContent.replace(/\s+/g, " ").trim();
      if (text) button.setAttribute("aria-label", text);
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
    // copybutton.js and the widgets add content after this runs; MathJax's fonts resize
    // the formulas when they arrive.
    window.addEventListener("load", () => {
      nameCopyButtons();
      nameToggleButtons();
      markScrollableBlocks();
    });
    document.fonts.ready.then(markScrollableBlocks);
    window.addEventListener("resize", debounce(markScrollableBlocks, 200));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
