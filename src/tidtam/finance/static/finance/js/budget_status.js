// Budget-status charts: data from the JSON island #budget-status-chart (no inline script).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var island = document.getElementById("budget-status-chart");
    if (!island || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(island.textContent);
    var font = { family: "'Noto Sans Thai', sans-serif" };
    window.Chart.defaults.font.family = font.family;
    var number = new Intl.NumberFormat("th-TH");
    var percentCanvas = document.getElementById("chart-percent");
    if (percentCanvas) {
      percentCanvas.dataset.ready = "0";
      new window.Chart(percentCanvas, {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: data.titles.percent, data: data.disbursed_percent, backgroundColor: "#0b5d4b" }] },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { title: { display: true, text: data.titles.percent }, legend: { display: false } },
          scales: { y: { beginAtZero: true, max: 100 } }
        }
      });
      percentCanvas.dataset.ready = "1";
    }
    var amountCanvas = document.getElementById("chart-amounts");
    if (amountCanvas) {
      new window.Chart(amountCanvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.titles.approved, data: data.approved, backgroundColor: "#9cc5b8" },
            { label: data.titles.disbursed, data: data.disbursed, backgroundColor: "#0b5d4b" }
          ]
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: {
            title: { display: true, text: data.titles.amounts },
            tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + number.format(ctx.parsed.y); } } }
          },
          scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return number.format(v); } } } }
        }
      });
      amountCanvas.dataset.ready = "1";
    }
  });
})();
