// Draws the page's charts with the ECharts the app serves; the data is in the page as JSON.
(function () {
  "use strict";
  var charts = [];
  function draw(el) {
    var spec = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    // The meeting screen is dark: ECharts' own dark theme, on the page's background.
    var dark = document.body.classList.contains("screen");
    var chart = echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
    if (dark) { spec.backgroundColor = "transparent"; }
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
