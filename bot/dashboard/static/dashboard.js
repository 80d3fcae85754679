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
  // A list its panel clips (the meeting screen, which nobody scrolls) shows the items that fit
  // whole and says how many of the heading's count are not shown (data-total, data-what);
  // counted again when the window changes (全屏).
  function fit(list) {
    var rest = list.querySelector("[data-rest]");
    if (rest) { list.removeChild(rest); }
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (li) { li.hidden = false; });
    if (getComputedStyle(list).overflowY !== "hidden") { return; }
    var total = Number(list.dataset.total) || items.length;
    var shown = items.length;
    while (shown > 1 && list.scrollHeight > list.clientHeight + 1) {
      shown -= 1;
      items[shown].hidden = true;
      if (!rest) {
        rest = document.createElement("li");
        rest.className = "muted";
        rest.dataset.rest = "1";
      }
      rest.textContent = "另有 " + (total - shown) + " " + (list.dataset.what || "项") + "未显示";
      list.appendChild(rest);
    }
  }
  function fitLists() { document.querySelectorAll("ul.plain").forEach(fit); }
  document.querySelectorAll("[data-chart]").forEach(draw);
  fitLists();
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
    fitLists();
  });
  // The projects' filters fold on a phone only: a wider window has room to show them open.
  var filters = document.getElementById("filter-box");
  if (filters && window.matchMedia("(min-width: 700px)").matches) { filters.open = true; }
  var full = document.getElementById("fullscreen");
  if (full && document.documentElement.requestFullscreen) {
    full.addEventListener("click", function () {
      document.documentElement.requestFullscreen().catch(function () {});
    });
  }
})();
