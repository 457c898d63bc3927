// The report page's monthly trend: requests accepted and answered each month (bars) and the share
// answered within the SLA (line, right-hand axis in RTL). The same figures are in the table below.
(function () {
  "use strict";
  const fa = (n) => n == null ? "-" : Number(n).toLocaleString("fa-IR");
  document.addEventListener("DOMContentLoaded", () => {
    const source = document.getElementById("trend-data");
    const canvas = document.getElementById("trend-chart");
    if (!source || !canvas || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    Chart.defaults.font.family = "Vazirmatn, sans-serif";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "پذیرفته", data: data.accepted, backgroundColor: "#1f4e79" },
          { label: "پاسخ‌داده", data: data.answered, backgroundColor: "#2e7d32" },
          { label: "درصد پاسخ در مهلت", data: data.within, type: "line", yAxisID: "share", borderColor: "#b45309", backgroundColor: "#b45309" },
        ],
      },
      options: {
        locale: "fa-IR",
        plugins: { legend: { rtl: true }, tooltip: { rtl: true, callbacks: { label: (c) => `${c.dataset.label}: ${fa(c.raw)}` } } },
        scales: {
          x: { reverse: true },
          y: { position: "right", beginAtZero: true, ticks: { callback: (v) => fa(v) } },
          share: { position: "left", min: 0, max: 100, grid: { drawOnChartArea: false }, ticks: { callback: (v) => `${fa(v)}٪` } },
        },
      },
    });
  });
})();
