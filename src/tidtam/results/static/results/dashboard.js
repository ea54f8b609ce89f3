// Results dashboards: draw the charts from the JSON data island (no inline script: CSP).
(function () {
  "use strict";
  var COLOURS = ["#0b5d4b", "#a14a00", "#1a56db", "#7a5200", "#a3171b", "#5b3f8c", "#2f7d89", "#6b6b6b"];
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  function font() {
    return { family: getComputedStyle(document.documentElement).fontFamily, size: 13 };
  }
  function chart(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas || !window.Chart) { return; }
    new window.Chart(canvas, config);
  }
  ready(function () {
    var island = document.getElementById("dashboard-data");
    if (!island || !window.Chart) { return; }
    var data = JSON.parse(island.textContent);
    window.Chart.defaults.font = font();
    window.Chart.defaults.animation = false;
    var common = { responsive: true, maintainAspectRatio: false };
    chart("chart-gender", {
      type: "doughnut",
      data: { labels: data.gender.labels, datasets: [{ data: data.gender.values, backgroundColor: ["#2f7d89", "#a14a00"] }] },
      options: common
    });
    chart("chart-sectors", {
      type: "bar",
      data: { labels: data.sectors.labels, datasets: [{ label: "", data: data.sectors.values, backgroundColor: COLOURS[0] }] },
      options: Object.assign({ indexAxis: "y", plugins: { legend: { display: false } } }, common)
    });
    chart("chart-sessions", {
      type: "line",
      data: { labels: data.sessions.labels, datasets: [{ label: "", data: data.sessions.values, borderColor: COLOURS[2], backgroundColor: COLOURS[2], tension: 0.2 }] },
      options: Object.assign({ plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }, common)
    });
    if (data.budget) {
      chart("chart-budget", {
        type: "bar",
        data: { labels: data.budget.labels, datasets: [{ label: "%", data: data.budget.values, backgroundColor: COLOURS[1] }] },
        options: Object.assign({ plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, max: 100 } } }, common)
      });
    }
    document.querySelectorAll("canvas.sparkline").forEach(function (canvas) {
      var values = data.tiles[canvas.getAttribute("data-tile")] || [];
      new window.Chart(canvas, {
        type: "line",
        data: { labels: values.map(function (_v, i) { return "Q" + (i + 1); }), datasets: [{ data: values, borderColor: "#1b2420", borderWidth: 2, pointRadius: 2, fill: false, spanGaps: true }] },
        options: { responsive: false, plugins: { legend: { display: false }, tooltip: { enabled: true } }, scales: { x: { display: false }, y: { display: false, beginAtZero: true } } }
      });
    });
  });
})();
