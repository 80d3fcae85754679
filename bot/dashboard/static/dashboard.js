// Draws the page's charts with the ECharts the app serves; the data is in the page as JSON.
(function () {
  "use strict";
  var charts = [];
  function draw(el) {
    var spec = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(spec);
    el.dataset.drawn = "1";
    charts.push(chart);
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
  var full = document.getElementById("fullscreen");
  if (full && document.documentElement.requestFullscreen) {
    full.addEventListener("click", function () {
      document.documentElement.requestFullscreen().catch(function () {});
    });
  }
})();
