/* Charts: draw each chart box with ECharts from the JSON beside it. Charts are decoration:
   every figure is also in a table next to its chart, and without this file (or without ECharts)
   the chart boxes stay hidden.

   A chart box is <div data-chart="ID" hidden>; its data is the JSON in <script id="ID"
   type="application/json"> (Django's json_script), with a "kind" naming how to draw it:
     {kind: "pyramid", labels, series: [{name, data} (men), {name, data} (women)], axis}
     {kind: "bars", labels, data, axis}                    counts, one bar per label
     {kind: "percent", labels, data, axis}                 shares (0–100), one bar per label
     {kind: "needs", labels, series: [{name, data}], axis} shares, stacked by urgency
     {kind: "trend", labels, series: [{name, data} (activities), {name, data} (person-times)]}
     {kind: "progress", labels (indicators), data (% of target), behind (booleans), axis,
      time (% of the project's time elapsed), time_name}
   A kind is {option(data, narrow) → ECharts option, height(data) → px}; a page may add its own
   to LinliCharts.kinds before DOMContentLoaded. Tooltips are drawn inside the canvas
   (renderMode "richText"), so no inline styles reach the page and the strict
   Content-Security-Policy holds. */
(function () {
  "use strict";

  var MEN = "#0b5f8a";
  var WOMEN = "#c2410c";
  var BAR = "#0f766e";
  var LATE = "#b91c1c";
  var URGENCY = ["#f2c14e", "#e8833a", "#c2410c", "#8f1d1d"];
  var NARROW = 480; // px: below this a chart box is a phone's, and labels get shorter

  function absolute(value) {
    return Math.abs(value);
  }

  function percent(value) {
    return value + "%";
  }

  // "医疗照护（看病、体检…）" → "医疗照护": the table beside the chart has the whole text.
  function shortLabel(text) {
    var cut = text.search(/（| \(/);
    return cut > 0 ? text.slice(0, cut) : text;
  }

  function shadowTooltip(valueFormatter) {
    return { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText",
             valueFormatter: valueFormatter };
  }

  // One row per label, the first on top.
  function rowsAxis(labels, width) {
    return { type: "category", data: labels, inverse: true, axisTick: { show: false },
             axisLabel: { width: width, overflow: "truncate" } };
  }

  function rowsHeight(rowHeight, extra, least) {
    return function (data) {
      return Math.max(data.labels.length * rowHeight + extra, least || 0);
    };
  }

  // Shares of 0–100 %, for the survey pages.
  function percentAxis(data) {
    return { type: "value", max: 100, name: data.axis, nameLocation: "middle", nameGap: 26,
             axisLabel: { formatter: "{value}%" } };
  }

  var kinds = {};

  // Men to the left (negative), women to the right, the youngest band at the bottom. On a
  // phone the bars carry no numbers (they would run into the band labels; the table has them).
  kinds.pyramid = {
    height: rowsHeight(30, 70, 160),
    option: function (data, narrow) {
      var men = data.series[0];
      var women = data.series[1];
      return {
        color: [MEN, WOMEN],
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
        tooltip: shadowTooltip(absolute),
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
  };

  // Counts, one bar per label, the number at its end.
  kinds.bars = {
    height: rowsHeight(30, 70, 160),
    option: function (data, narrow) {
      return {
        color: [BAR],
        grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
        tooltip: shadowTooltip(absolute),
        xAxis: { type: "value" },
        yAxis: rowsAxis(data.labels, narrow ? 96 : 160),
        series: [{ type: "bar", data: data.data, barMaxWidth: 22,
                   label: { show: true, position: "right" } }]
      };
    }
  };

  // Shares (0–100 %), one bar per label, the share at its end.
  kinds.percent = {
    height: rowsHeight(34, 90),
    option: function (data, narrow) {
      return {
        color: [BAR],
        grid: { left: 8, right: 40, top: 8, bottom: 40, containLabel: true },
        tooltip: shadowTooltip(percent),
        xAxis: percentAxis(data),
        yAxis: rowsAxis(data.labels.map(shortLabel), narrow ? 96 : 150),
        series: [{ type: "bar", data: data.data, barMaxWidth: 22,
                   label: { show: true, position: "right", formatter: "{c}%" } }]
      };
    }
  };

  // The needs profile: shares of respondents per need, stacked by urgency when there are
  // several series.
  kinds.needs = {
    height: rowsHeight(34, 90),
    option: function (data, narrow) {
      var stacked = data.series.length > 1;
      return {
        color: stacked ? URGENCY : [BAR],
        legend: { show: stacked, type: "scroll", top: 0 },
        grid: { left: 8, right: 16, top: stacked ? 32 : 8, bottom: 40, containLabel: true },
        tooltip: shadowTooltip(percent),
        xAxis: percentAxis(data),
        yAxis: rowsAxis(data.labels.map(shortLabel), narrow ? 96 : 150),
        series: data.series.map(function (serie) {
          return { type: "bar", name: serie.name, stack: "need", data: serie.data,
                   barMaxWidth: 22 };
        })
      };
    }
  };

  // Activities as bars on the left axis, person-times as a line on the right axis.
  kinds.trend = {
    height: function () {
      return 280;
    },
    option: function (data) {
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
  };

  // Each indicator's share of its target as a bar (red when behind schedule), and the share of
  // the project's time elapsed as a vertical line: a bar short of the line is trailing.
  kinds.progress = {
    height: rowsHeight(30, 70, 160),
    option: function (data, narrow) {
      var bars = data.data.map(function (value, i) {
        return { value: value, itemStyle: { color: data.behind[i] ? LATE : BAR } };
      });
      return {
        grid: { left: 8, right: 48, top: 24, bottom: 24, containLabel: true },
        tooltip: shadowTooltip(percent),
        xAxis: { type: "value", name: data.axis, nameLocation: "middle", nameGap: 24,
                 max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } },
        yAxis: rowsAxis(data.labels, narrow ? 96 : 180),
        series: [{ type: "bar", data: bars, barMaxWidth: 18,
                   label: { show: true, position: "right", formatter: "{c}%" },
                   markLine: { symbol: "none", silent: true,
                               lineStyle: { color: "#475569", type: "dashed" },
                               label: { formatter: data.time_name + " {c}%" },
                               data: [{ xAxis: data.time }] } }]
      };
    }
  };

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var kind = kinds[data.kind];
    if (!kind || !data.labels || !data.labels.length) {
      return;
    }
    box.hidden = false;
    // Setting a property through the CSSOM is allowed by the policy (a style attribute is not).
    box.style.height = kind.height(data) + "px";
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    var option = kind.option(data, box.clientWidth < NARROW);
    // No animation: the figures are the point, and cheap phones draw them faster without it.
    option.animation = false;
    chart.setOption(option);
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  function drawAll(root) {
    if (window.echarts) {
      (root || document).querySelectorAll("[data-chart]").forEach(draw);
    }
  }

  window.LinliCharts = { kinds: kinds, draw: draw, drawAll: drawAll };

  document.addEventListener("DOMContentLoaded", function () {
    drawAll(document);
  });
})();
