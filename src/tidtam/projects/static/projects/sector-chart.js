// The "participants by sector" chart of the project page. Its numbers come from the JSON data
// island #sector-chart-data written by the server (no inline script: the CSP forbids it).
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("sector-chart");
    var island = document.getElementById("sector-chart-data");
    if (!canvas || !island || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(island.textContent);
    var colours = ["#0b5d4b", "#2e86ab", "#f18f01", "#c73e1d", "#6a4c93", "#3b8b5a", "#8c6d46", "#5c6f7a"];
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.values,
          backgroundColor: data.values.map(function (_v, i) { return colours[i % colours.length]; })
        }]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
    canvas.setAttribute("data-chart-ready", "true");
    window.tidtamSectorChart = chart;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
