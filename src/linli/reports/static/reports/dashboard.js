/* Dashboards: draw each chart with ECharts from the JSON beside it. Charts are decoration: every
   figure is also in the table under its chart, and without this file (or without ECharts) the
   chart boxes stay hidden.

   A chart box is <div data-chart="ID" hidden>; its data is the JSON in <script id="ID"
   type="application/json"> (Django's json_script):
     {kind: "pyramid", labels, series: [{name, data} (men), {name, data} (women)], axis}
     {kind: "bars", labels, data, axis}
     {kind: "trend", labels, series: [{name, data} (activities), {name, data} (person-times)]}
     {kind: "progress", labels (indicators), data (% of target), behind (booleans), axis,
      time (% of the project's time elapsed), time_name}
   Tooltips are drawn inside the canvas (renderMode "richText"), so no inline styles reach the
   page and the strict Content-Security-Policy holds. */
(function () {
  "use strict";

  var MEN = "#0b5f8a";
  var WOMEN = "#c2410c";
  var BAR = "#0f766e";
  var LATE = "#b91c1c";
  var ROW_HEIGHT = 30;

  function absolute(value) {
    return Math.abs(value);
  }

  function tooltip() {
    return { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText",
             valueFormatter: absolute };
  }

  // Men to the left (negative), women to the right, the youngest band at the bottom. On a
  // phone the bars carry no numbers (they would run into the band labels; the table has them).
  function pyramidOption(data, narrow) {
    var men = data.series[0];
    var women = data.series[1];
    return {
      color: [MEN, WOMEN],
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
      tooltip: tooltip(),
      xAxis: { type: "value", axisLabel: { formatter: absolute } },
      yAxis: { type: "category", data: data.labels, axisTick: { show: false } },
      series: [
        { type: "bar", name: men.name, stack: "sex", barMaxWidth: 28,
          data: men.data.map(function (n) { return -n; }),
          label: { show: !narrow, position: "left",
                   formatter: function (p) { return absolute(p.value); } } },
        { type: "bar", name: women.name, stack: "sex", barMaxWidth: 28, data: women.data,
          label: { show: !narrow, position: "right" } }
      ]
    };
  }

  function barsOption(data, narrow) {
    return {
      color: [BAR],
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      tooltip: tooltip(),
      xAxis: { type: "value" },
      yAxis: { type: "category", data: data.labels, inverse: true, axisTick: { show: false },
               axisLabel: { width: narrow ? 96 : 160, overflow: "truncate" } },
      series: [{ type: "bar", data: data.data, barMaxWidth: 22,
                 label: { show: true, position: "right" } }]
    };
  }

  // Activities as bars on the left axis, person-times as a line on the right axis.
  function trendOption(data) {
    return {
      color: [BAR, WOMEN],
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 24, containLabel: true },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: data.labels },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1 }],
      series: [
        { type: "bar", name: data.series[0].name, data: data.series[0].data, barMaxWidth: 22 },
        { type: "line", name: data.series[1].name, data: data.series[1].data, yAxisIndex: 1 }
      ]
    };
  }

  // Each indicator's share of its target as a bar (red when behind schedule), and the share of
  // the project's time elapsed as a vertical line: a bar short of the line is trailing.
  function progressOption(data, narrow) {
    var bars = data.data.map(function (value, i) {
      return { value: value, itemStyle: { color: data.behind[i] ? LATE : BAR } };
    });
    return {
      grid: { left: 8, right: 48, top: 24, bottom: 24, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText",
                 valueFormatter: function (v) { return v + "%"; } },
      xAxis: { type: "value", name: data.axis, nameLocation: "middle", nameGap: 24,
               max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } },
      yAxis: { type: "category", data: data.labels, inverse: true, axisTick: { show: false },
               axisLabel: { width: narrow ? 96 : 180, overflow: "truncate" } },
      series: [{ type: "bar", data: bars, barMaxWidth: 18,
                 label: { show: true, position: "right", formatter: "{c}%" },
                 markLine: { symbol: "none", silent: true, lineStyle: { color: "#475569", type: "dashed" },
                             label: { formatter: data.time_name + " {c}%" },
                             data: [{ xAxis: data.time }] } }]
    };
  }

  function height(data) {
    if (data.kind === "trend") {
      return 280;
    }
    return Math.max(data.labels.length * ROW_HEIGHT + 70, 160);
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
    box.style.height = height(data) + "px";
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    var narrow = box.clientWidth < 480;
    var option = data.kind === "pyramid" ? pyramidOption(data, narrow)
      : data.kind === "trend" ? trendOption(data)
      : data.kind === "progress" ? progressOption(data, narrow) : barsOption(data, narrow);
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
  });
})();
