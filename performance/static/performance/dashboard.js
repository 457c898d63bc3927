// Charts of the performance dashboard. Plan bars are hollow with a dashed border and actual bars
// solid, so the two read apart without colour; every chart has its data table beside it.
(function () {
  "use strict";
  const fa = (n) => n == null ? "-" : Number(n).toLocaleString("fa-IR");
  const font = { family: "Vazirmatn, sans-serif" };
  if (window.Chart) { Chart.defaults.font.family = font.family; }

  // right to left: bars grow from the right edge, where the province names are
  const rtlScales = (tick) => ({ x: { reverse: true, ticks: { callback: tick } }, y: { position: "right" } });

  function bars(canvas, data) {
    const datasets = [
      { label: "برنامه", data: data.plan, borderColor: "#1f4e79", backgroundColor: "rgba(255,255,255,0)", borderWidth: 2, borderDash: [5, 3] },
      { label: "عملکرد", data: data.actual, backgroundColor: "#2e7d32", borderColor: "#2e7d32", borderWidth: 1 },
    ];
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets },
      options: { indexAxis: "y", locale: "fa-IR", plugins: { legend: { rtl: true }, tooltip: { rtl: true, callbacks: { label: (c) => `${c.dataset.label}: ${fa(c.raw)}` } } }, scales: rtlScales((v) => fa(v)) },
    });
  }

  function percentBars(canvas, labels, series) {
    new Chart(canvas, {
      type: "bar",
      data: { labels, datasets: series },
      options: { indexAxis: "y", locale: "fa-IR", plugins: { legend: { rtl: true }, tooltip: { rtl: true, callbacks: { label: (c) => `${c.dataset.label}: ${fa(c.raw)}٪` } } }, scales: rtlScales((v) => `${fa(v)}٪`) },
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const source = document.getElementById("chart-data");
    if (!source || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    const barsCanvas = document.getElementById("plan-actual-chart");
    if (barsCanvas) bars(barsCanvas, data);
    const rank = document.getElementById("ranking-chart");
    if (rank) percentBars(rank, data.labels, [{ label: `درصد تحقق ${fa(data.year)}`, data: data.percent, backgroundColor: "#1f4e79" }]);
    const yoy = document.getElementById("yoy-chart");
    if (yoy && data.previous) {
      percentBars(yoy, data.labels, [
        { label: `سال ${fa(data.year - 1)}`, data: data.previous, backgroundColor: "rgba(255,255,255,0)", borderColor: "#8a6d3b", borderWidth: 2, borderDash: [5, 3] },
        { label: `سال ${fa(data.year)}`, data: data.percent, backgroundColor: "#1f4e79" },
      ]);
    }
    const profile = document.getElementById("profile-chart");
    if (profile) percentBars(profile, data.labels, [{ label: "درصد تحقق", data: data.percent, backgroundColor: "#1f4e79" }]);
  });
})();
