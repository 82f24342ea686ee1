// Equity charts: each dimension's rates as a bar chart drawn from the page's own JSON
// (json_script), with a button to switch between the chart and the table. Without this script
// the tables show and nothing is lost.
(function () {
  "use strict";
  var source = document.getElementById("equity-charts");
  if (!source || typeof Chart === "undefined") return;
  var charts = JSON.parse(source.textContent);
  var colours = ["#1f3a5f", "#1d5fa8", "#b07d12"];

  function draw(canvas) {
    var data = charts[canvas.getAttribute("data-equity-chart")];
    if (!data || canvas.chart) return;
    canvas.chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return { label: series.label + " (%)", data: series.values, backgroundColor: colours[index % colours.length] };
        })
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (item) {
            return item.dataset.label + ": " + (item.raw === null ? "hidden" : item.raw + "%");
          } } }
        }
      }
    });
  }

  document.querySelectorAll("[data-equity-toggle]").forEach(function (button) {
    var slug = button.getAttribute("data-equity-toggle");
    var chart = document.getElementById(slug + "-chart");
    var table = document.getElementById(slug + "-table");
    function show(tableShown) {
      table.hidden = !tableShown;
      chart.hidden = tableShown;
      button.setAttribute("aria-expanded", tableShown ? "true" : "false");
      button.textContent = tableShown ? "Show the chart" : "Show the table";
      if (!tableShown) draw(chart.querySelector("canvas"));
    }
    button.hidden = false;
    button.addEventListener("click", function () { show(table.hidden); });
    show(false);
  });
})();
