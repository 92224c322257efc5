/* Renders every ECharts chart declared in the page, also after HTMX swaps.
 * A chart is <div class="chart" data-chart="ID">, where ID names a json_script element holding the option. */
(function () {
  "use strict";
  function renderCharts(root) {
    if (typeof echarts === "undefined") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source) { return; }
      var existing = echarts.getInstanceByDom(el);
      if (existing) { existing.dispose(); }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(source.textContent));
      el.dataset.rendered = "true";
    });
  }
  function resizeAll() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = typeof echarts !== "undefined" && echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { renderCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { renderCharts(event.target); });
  document.addEventListener("shown.bs.tab", resizeAll);
  window.addEventListener("resize", resizeAll);
})();
