/* Miz shell behaviour that templates declare with data-* attributes, so no page needs inline
   script or style (the Content-Security-Policy allows neither, decision 0044).
   - data-miz-print: a button that prints the page.
   - data-miz-width="42": an element (a progress bar) 42% wide; applied again to content htmx
     swaps in.
   - every .table-responsive box (a table that may scroll sideways) can take the keyboard's focus,
     so it can be scrolled with the arrow keys, and is named for a screen reader by its table's
     caption or the heading before it (axe: scrollable-region-focusable).
   - data-miz-file: a file chooser (core/widgets/file.html). Its native input, which reads
     «Choose File / No file chosen» in Chromium whatever the page's language, is hidden from sight
     (still focused by Tab, opened by Space or Enter, named by its label) and the Persian face
     beside it is shown: «انتخاب پرونده» and the chosen file's name and size. Without this script
     the native input stays as it is. */
(function () {
  "use strict";

  var DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  function persianDigits(text) {
    return String(text).replace(/[0-9]/g, function (d) { return DIGITS[d]; }).replace(/\./g, "٫");
  }

  // As core.text.file_size_text: «۱٫۵ مگابایت», «۱۵۰ کیلوبایت», «۵۰۰ بایت».
  function fileSize(size) {
    var number, unit;
    if (size < 1024) { number = String(size); unit = "بایت"; }
    else if (size < 1024 * 1024) { number = String(Math.round(size / 1024)); unit = "کیلوبایت"; }
    else { number = (size / (1024 * 1024)).toFixed(1).replace(/\.0$/, ""); unit = "مگابایت"; }
    if (number === "1024" && unit === "کیلوبایت") { number = "1"; unit = "مگابایت"; }
    return persianDigits(number) + " " + unit;
  }

  function showChosen(box) {
    var input = box.querySelector("input[type=file]");
    var name = box.querySelector("[data-miz-file-name]");
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) { name.textContent = "پرونده‌ای انتخاب نشده"; return; }
    var total = files.reduce(function (sum, f) { return sum + f.size; }, 0);
    // The names are isolated (bdi): a Latin «.pdf» would otherwise jump across the Persian.
    var names = document.createElement("bdi");
    names.textContent = files.map(function (f) { return f.name; }).join("، ");
    name.textContent = files.length > 1 ? persianDigits(files.length) + " پرونده: " : "";
    name.appendChild(names);
    name.appendChild(document.createTextNode(" (" + fileSize(total) + ")"));
  }

  function dressFileInputs(root) {
    root.querySelectorAll("[data-miz-file]:not(.is-ready)").forEach(function (box) {
      var input = box.querySelector("input[type=file]");
      var face = box.querySelector(".miz-file-face");
      var name = box.querySelector("[data-miz-file-name]");
      if (!input || !face || !name) return;
      name.id = input.id + "_chosen";
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      input.setAttribute("aria-describedby", described.concat(name.id).join(" "));
      face.hidden = false;
      box.classList.add("is-ready");
      showChosen(box);
    });
  }

  function apply(root) {
    dressFileInputs(root);
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

  document.addEventListener("change", function (event) {
    var box = event.target.closest && event.target.closest(".miz-file.is-ready");
    if (box && event.target.type === "file") showChosen(box);
  });
  document.addEventListener("keydown", function (event) {
    // Chromium opens a file chooser on Space; Enter would submit the form instead.
    if (event.key !== "Enter" || event.target.type !== "file" || !event.target.closest(".miz-file.is-ready")) return;
    event.preventDefault();
    event.target.click();
  });
  document.addEventListener("click", function (event) {
    var face = event.target.closest(".miz-file.is-ready .miz-file-face");
    if (face) {
      face.parentNode.querySelector("input[type=file]").click();
      return;
    }
    var button = event.target.closest("[data-miz-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { apply(document); });
  document.addEventListener("htmx:load", function (event) { apply(event.target.parentNode || document); });
})();
