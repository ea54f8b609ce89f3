// Results dashboards: draw the charts from the JSON data island (no inline script: CSP).
(function () {
  "use strict";
  var COLOURS = ["#0b5d4b", "#a14a00", "#1a56db", "#7a5200", "#a3171b", "#5b3f8c", "#2f7d89", "#6b6b6b"];
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  function options(extra) {
    var base = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } };
    Object.keys(extra || {}).forEach(function (key) { base[key] = extra[key]; });
    return base;
  }
  function empty(values) {
    return !values || values.every(function (v) { return !v; });
  }
  function chart(id, values, config) {
    var canvas = document.getElementById(id);
    if (!canvas || !window.Chart) { return; }
    if (empty(values)) {
      var box = canvas.parentNode;
      var note = document.createElement("p");
      note.className = "chart-empty";
      note.textContent = box.getAttribute("data-empty") || "-";
      box.replaceChild(note, canvas);
      return;
    }
    new window.Chart(canvas, config);
  }
  ready(function () {
    var island = document.getElementById("dashboard-data");
    if (!island || !window.Chart) { return; }
    var data = JSON.parse(island.textContent);
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.size = 13;
    chart("chart-gender", data.gender.values, {
      type: "doughnut",
      data: { labels: data.gender.labels, datasets: [{ data: data.gender.values, backgroundColor: ["#2f7d89", "#a14a00"] }] },
      options: options({ plugins: { legend: { display: true, position: "bottom" } } })
    });
    chart("chart-sectors", data.sectors.values, {
      type: "bar",
      data: { labels: data.sectors.labels, datasets: [{ data: data.sectors.values, backgroundColor: COLOURS[0] }] },
      options: options({ indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } })
    });
    chart("chart-sessions", data.sessions.values, {
      type: "line",
      data: { labels: data.sessions.labels, datasets: [{ data: data.sessions.values, borderColor: COLOURS[2], backgroundColor: COLOURS[2], tension: 0.2 }] },
      options: options({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
    });
    if (data.budget) {
      chart("chart-budget", data.budget.values, {
        type: "bar",
        data: { labels: data.budget.labels, datasets: [{ data: data.budget.values, backgroundColor: COLOURS[1] }] },
        options: options({ scales: { y: { beginAtZero: true, max: 100 } } })
      });
    }
    document.querySelectorAll("canvas.sparkline").forEach(function (canvas) {
      var values = data.tiles[canvas.getAttribute("data-tile")] || [];
      if (!values.length) { return; }
      new window.Chart(canvas, {
        type: "line",
        data: { labels: values.map(function (_v, i) { return "Q" + (i + 1); }), datasets: [{ data: values, borderColor: "#1b2420", borderWidth: 2, pointRadius: 3, fill: false, spanGaps: true }] },
        options: { responsive: false, animation: false, plugins: { legend: { display: false } }, scales: { x: { display: false }, y: { display: false, beginAtZero: true } } }
      });
    });
  });
})();
