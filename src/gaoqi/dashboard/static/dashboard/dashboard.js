/* Drill-down on the dashboard: a click on a chart's data item that carries a "url" opens that list.
 * gaoqi.js renders the charts on DOMContentLoaded; the handlers are bound once the page has loaded. */
(function () {
  "use strict";
  function bind() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart][data-drill]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (!chart) { return; }
      chart.off("click");
      chart.on("click", function (params) {
        if (params.data && params.data.url) { window.location.assign(params.data.url); }
      });
      el.dataset.drillBound = "true";
    });
  }
  window.addEventListener("load", bind);
})();
