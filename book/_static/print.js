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
