/* Survey pages: draw the charts of the analysis and the needs profile with ECharts, and offer a
   print button on the paper form. Charts are decoration: every figure is also in a table next
   to its chart, and without this file (or without ECharts) the chart boxes stay hidden.

   A chart box is <div data-chart="ID" hidden>; its data is the JSON in <script id="ID"
   type="application/json"> (Django's json_script): {kind: "needs"|"bars", labels, series|data,
   axis}. Tooltips are drawn inside the canvas (renderMode "richText"), so no inline styles
   reach the page and the strict Content-Security-Policy holds. */
(function () {
  "use strict";

  var URGENCY = ["#f2c14e", "#e8833a", "#c2410c", "#8f1d1d"];
  var BAR = "#0f766e";
  var ROW_HEIGHT = 34;

  function percent(value) {
    return value + "%";
  }

  // "医疗照护（看病、体检…）" → "医疗照护": the table beside the chart has the whole text.
  function shortLabel(text) {
    var cut = text.search(/（| \(/);
    return cut > 0 ? text.slice(0, cut) : text;
  }

  function valueAxis(data) {
    return {
      type: "value", max: 100, name: data.axis, nameLocation: "middle", nameGap: 26,
      axisLabel: { formatter: "{value}%" }
    };
  }

  function categoryAxis(labels, narrow) {
    return {
      type: "category", data: labels.map(shortLabel), inverse: true,
      axisLabel: { width: narrow ? 96 : 150, overflow: "truncate" }, axisTick: { show: false }
    };
  }

  function needsOption(data, narrow) {
    var stacked = data.series.length > 1;
    return {
      color: stacked ? URGENCY : [BAR],
      legend: { show: stacked, type: "scroll", top: 0 },
      grid: { left: 8, right: 16, top: stacked ? 32 : 8, bottom: 40 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText",
                 valueFormatter: percent },
      xAxis: valueAxis(data),
      yAxis: categoryAxis(data.labels, narrow),
      series: data.series.map(function (serie) {
        return { type: "bar", name: serie.name, stack: "need", data: serie.data, barMaxWidth: 22 };
      })
    };
  }

  function barsOption(data, narrow) {
    return {
      color: [BAR],
      grid: { left: 8, right: 40, top: 8, bottom: 40 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText",
                 valueFormatter: percent },
      xAxis: valueAxis(data),
      yAxis: categoryAxis(data.labels, narrow),
      series: [{
        type: "bar", data: data.data, barMaxWidth: 22,
        label: { show: true, position: "right", formatter: "{c}%" }
      }]
    };
  }

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.labels || !data.labels.length) {
      return;
    }
    box.hidden = false;
    // Setting a property through the CSSOM is allowed by the policy (a style attribute is not).
    box.style.height = (data.labels.length * ROW_HEIGHT + 90) + "px";
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    var narrow = box.clientWidth < 480;
    var option = data.kind === "needs" ? needsOption(data, narrow) : barsOption(data, narrow);
    // No animation: the figures are the point, and cheap phones draw them faster without it.
    option.animation = false;
    chart.setOption(option);
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.echarts) {
      document.querySelectorAll("[data-chart]").forEach(draw);
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
