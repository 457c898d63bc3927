/* The admin's lists that search as you type (Django's autocomplete, select2) hide the real <select>
   and show their own box: a click on the field's label reached the hidden list, not the box, so
   the label took nobody anywhere. It now puts the focus in the box, as a label does. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var label = event.target.closest && event.target.closest("label[for]");
    if (!label) return;
    var list = document.getElementById(label.htmlFor);
    if (!list || !list.classList.contains("select2-hidden-accessible")) return;
    var box = list.nextElementSibling;
    var target = box && (box.querySelector(".select2-search__field") || box.querySelector(".select2-selection"));
    if (!target) return;
    event.preventDefault();
    target.focus();
  });
})();
