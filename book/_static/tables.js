// Tables on a phone: a table wider than its box (it would scroll sideways, or squeeze its
// columns until words break) is shown as one card per row instead, each cell under its
// column's heading (course.css, .course-cards). Only below 640 px; re-checked on resize.
(() => {
  "use strict";
  const PHONE = window.matchMedia("screen and (max-width: 639.98px)");

  function label(table) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    table.querySelectorAll("tbody tr").forEach((row) => {
      [...row.children].forEach((cell, i) => {
        if (heads[i] && !cell.dataset.label) cell.dataset.label = heads[i];
      });
    });
  }

  // Whether the table needs more than its box with no word broken.
  function tooWide(table) {
    const box = table.parentElement;
    table.classList.remove("course-cards");
    table.classList.add("course-measure");
    const wide = table.scrollWidth > box.clientWidth + 1;
    table.classList.remove("course-measure");
    return wide;
  }

  function reflow() {
    let changed = false;
    document.querySelectorAll("main .pst-scrollable-table-container > table").forEach((table) => {
      if (!table.querySelector("thead th")) return;
      label(table);
      const before = table.classList.contains("course-cards");
      const cards = PHONE.matches && tooWide(table);
      table.classList.toggle("course-cards", cards);
      changed = changed || cards !== before;
    });
    // course.js re-marks the blocks that scroll sideways (and their hints) on resize.
    if (changed) window.dispatchEvent(new Event("resize"));
  }

  reflow();
  PHONE.addEventListener("change", reflow);
  window.addEventListener("load", reflow);
  document.fonts.ready.then(reflow);  // MathJax's fonts resize the formulas in cells
})();
