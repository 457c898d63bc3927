/* Miz shell behaviour that templates declare with data-* attributes, so no page needs inline
   script or style (the Content-Security-Policy allows neither, decision 0044).
   - data-miz-print: a button that prints the page.
   - data-miz-width="42": an element (a progress bar) 42% wide; applied again to content htmx
     swaps in.
   - every .table-responsive box (a table that may scroll sideways) can take the keyboard's focus,
     so it can be scrolled with the arrow keys, and is named for a screen reader by its table's
     caption or the heading before it (axe: scrollable-region-focusable). */
(function () {
  "use strict";

  function apply(root) {
    root.querySelectorAll("[data-miz-width]").forEach(function (el) {
      var percent = Math.max(0, Math.min(100, parseFloat(el.dataset.mizWidth) || 0));
      el.style.width = percent + "%";
    });
    root.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (box) {
      box.tabIndex = 0;
      if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) return;
      var caption = box.querySelector("caption");
      var heading = box.previousElementSibling;
      var name = caption ? caption.textContent : (heading && /^H\d$/.test(heading.tagName) ? heading.textContent : "");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", (name || "جدول").trim());
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-miz-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { apply(document); });
  document.addEventListener("htmx:load", function (event) { apply(event.target.parentNode || document); });
})();
