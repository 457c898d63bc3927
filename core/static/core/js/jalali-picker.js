/* Jalali date picker for inputs with data-jalali-picker (core.widgets.JalaliDateInput).
   The input stays a plain text field (typing works without JavaScript); the button opens a
   month grid. Arithmetic from jalaali-js (window.jalaali). */
(function () {
  "use strict";
  var FA = "۰۱۲۳۴۵۶۷۸۹";
  var MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
  var WEEK = ["ش", "ی", "د", "س", "چ", "پ", "ج"];
  function fa(n) { return String(n).replace(/[0-9]/g, function (d) { return FA[+d]; }); }
  function ascii(s) {
    return String(s).replace(/[۰-۹]/g, function (d) { return FA.indexOf(d); })
      .replace(/[٠-٩]/g, function (d) { return "٠١٢٣٤٥٦٧٨٩".indexOf(d); });
  }
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function parse(value) {
    var m = /^(\d{4})[\/\-.](\d{1,2})[\/\-.](\d{1,2})$/.exec(ascii(value || "").trim());
    if (!m || !window.jalaali.isValidJalaaliDate(+m[1], +m[2], +m[3])) return null;
    return { jy: +m[1], jm: +m[2], jd: +m[3] };
  }
  function today() { return window.jalaali.toJalaali(new Date()); }

  function open(group) {
    var input = group.querySelector("[data-jalali-picker]");
    var toggle = group.querySelector("[data-jalali-toggle]");
    close();
    var shown = parse(input.value) || today();
    var popup = document.createElement("div");
    popup.className = "jalali-popup";
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-label", "انتخاب تاریخ");
    group.style.position = "relative";
    group.appendChild(popup);
    toggle.setAttribute("aria-expanded", "true");

    function render() {
      var first = window.jalaali.toGregorian(shown.jy, shown.jm, 1);
      var weekday = (new Date(first.gy, first.gm - 1, first.gd).getDay() + 1) % 7; // Saturday = 0
      var length = window.jalaali.jalaaliMonthLength(shown.jy, shown.jm);
      var now = today();
      var html = '<div class="d-flex justify-content-between align-items-center mb-1">' +
        '<button type="button" class="btn btn-sm btn-light" data-step="-1" aria-label="ماه پیش">›</button>' +
        '<strong aria-live="polite">' + MONTHS[shown.jm - 1] + " " + fa(shown.jy) + "</strong>" +
        '<button type="button" class="btn btn-sm btn-light" data-step="1" aria-label="ماه بعد">‹</button></div>' +
        "<table><thead><tr>" + WEEK.map(function (w) { return "<th scope=\"col\">" + w + "</th>"; }).join("") +
        "</tr></thead><tbody><tr>";
      var cell = 0;
      for (; cell < weekday; cell++) html += "<td></td>";
      for (var d = 1; d <= length; d++, cell++) {
        if (cell && cell % 7 === 0) html += "</tr><tr>";
        var isToday = now.jy === shown.jy && now.jm === shown.jm && now.jd === d;
        html += '<td><button type="button" class="day' + (isToday ? " today" : "") + '" data-day="' + d +
          '" aria-label="' + fa(d) + " " + MONTHS[shown.jm - 1] + " " + fa(shown.jy) + '">' + fa(d) + "</button></td>";
      }
      html += "</tr></tbody></table>";
      popup.innerHTML = html;
    }
    render();
    popup.addEventListener("click", function (event) {
      // render() replaces the clicked button; the document listener below would no longer find
      // it inside the popup and close the popup on every month change.
      event.stopPropagation();
      var step = event.target.closest("[data-step]");
      var day = event.target.closest("[data-day]");
      if (step) {
        shown.jm += +step.dataset.step;
        if (shown.jm < 1) { shown.jm = 12; shown.jy--; }
        if (shown.jm > 12) { shown.jm = 1; shown.jy++; }
        render();
      } else if (day) {
        input.value = fa(shown.jy + "/" + pad(shown.jm) + "/" + pad(+day.dataset.day));
        input.dispatchEvent(new Event("change", { bubbles: true }));
        close();
        input.focus();
      }
    });
    var target = popup.querySelector(".day.today") || popup.querySelector(".day");
    if (target) target.focus();
  }

  function close() {
    document.querySelectorAll(".jalali-popup").forEach(function (p) {
      var t = p.parentNode.querySelector("[data-jalali-toggle]");
      if (t) t.setAttribute("aria-expanded", "false");
      p.remove();
    });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-jalali-toggle]");
    if (toggle) { open(toggle.closest("[data-jalali-group]")); return; }
    if (!event.target.closest(".jalali-popup")) close();
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
})();
