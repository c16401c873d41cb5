// The console dashboard (admin/dashboard.html): reads this node's per-minute figures from /admin/dashboard/data
// every 15 seconds and draws them with uPlot, served from the jar (webjar). A script file, not inline: the
// console's Content-Security-Policy allows scripts from this origin only.
(function () {
  "use strict";

  var REFRESH_MILLIS = 15000;
  // At least the last half hour is shown, so that a young server's few minutes do not fill the width.
  var SHORTEST_WINDOW_SECONDS = 1800;
  var sampledAt = 0;
  var charts = {};
  var dashboard = { charts: charts, loads: 0 };
  window.latchkeyDashboard = dashboard;

  var definitions = {
    tokens: {
      bars: true,
      series: [
        { label: "Tokens issued", stroke: "#2f6f3e", fill: "rgba(47,111,62,0.12)", width: 2 },
        { label: "Refusals", stroke: "#b3261e", width: 2 }
      ],
      values: function (data) { return [data.tokensIssued, data.refusals]; }
    },
    logins: {
      bars: true,
      series: [
        { label: "Succeeded", stroke: "#2f6f3e", width: 2 },
        { label: "Failed", stroke: "#b3261e", width: 2 },
        { label: "Throttled", stroke: "#8a5a00", width: 2, dash: [6, 4] }
      ],
      values: function (data) { return [data.loginsSucceeded, data.loginsFailed, data.loginsThrottled]; }
    },
    latency: {
      series: [
        { label: "p50 (ms)", stroke: "#3452c5", width: 2 },
        { label: "p99 (ms)", stroke: "#7a3fb0", width: 2 }
      ],
      values: function (data) { return [data.latencyP50Millis, data.latencyP99Millis]; }
    }
  };

  function width(element) {
    return Math.max(320, element.clientWidth || 800);
  }

  function draw(name, data) {
    var element = document.getElementById("chart-" + name);
    var definition = definitions[name];
    var columns = [data.minutes].concat(definition.values(data));
    if (charts[name]) {
      charts[name].setData(columns);
      return;
    }
    charts[name] = new uPlot({
      width: width(element),
      height: 220,
      // Counts per minute as bars, so that one busy minute stands out; latency as lines.
      series: [{}].concat(definition.series.map(function (series, index) {
        return { label: series.label, stroke: series.stroke, width: series.width, dash: series.dash,
          fill: definition.bars ? series.stroke : series.fill, spanGaps: false,
          paths: definition.bars ? uPlot.paths.bars({ size: [0.8 / (index + 1), 24], align: 0 }) : undefined,
          points: { show: !definition.bars, size: 7 } };
      })),
      scales: {
        // The data ends at the current minute; uPlot would widen a single point to a day on each side.
        x: { time: true, range: function (u, min) {
          return [Math.min(min, sampledAt - SHORTEST_WINDOW_SECONDS), sampledAt + 60];
        } },
        y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } }
      },
      axes: [{}, { size: 60 }]
    }, columns, element);
  }

  function load() {
    var status = document.getElementById("dashboard-status");
    fetch("/admin/dashboard/data", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        sampledAt = data.sampledAt;
        Object.keys(definitions).forEach(function (name) { draw(name, data); });
        dashboard.loads += 1;
        status.textContent = "Updated " + new Date(data.sampledAt * 1000).toLocaleTimeString()
          + "; next update in 15 seconds.";
      })
      .catch(function (error) {
        status.textContent = "Could not read the figures (" + error.message + "); trying again in 15 seconds.";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    load();
    setInterval(load, REFRESH_MILLIS);
    window.addEventListener("resize", function () {
      Object.keys(charts).forEach(function (name) {
        var element = document.getElementById("chart-" + name);
        charts[name].setSize({ width: width(element), height: 220 });
      });
    });
  });
}());
