// The writers' report's charts, drawn by uPlot (loaded before this module) from the table in each
// chart's <details>: the table is the data, so the picture and the numbers cannot disagree.
// Each chart shows a week's votes as bars (right axis) and its share of "helpful" as a line
// (left axis, 0-100 %); hovering or tapping a week shows both in the legend under the chart.

const HEIGHT = 220;

function weeksOf(table) {
  const rows = [...table.tBodies[0].rows];
  return {
    labels: rows.map((row) => row.dataset.week),
    votes: rows.map((row) => Number(row.dataset.votes)),
    share: rows.map((row) => (row.dataset.share === "" ? null : Number(row.dataset.share))),
  };
}

function colours(figure) {
  const style = getComputedStyle(figure); // report.css names them, from the help center's palette
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    line: read("--report-line", "#a3214f"),
    bar: read("--report-bar", "#1d4f9138"),
    barEdge: read("--report-bar-edge", "#1d4f91"),
    text: read("--md-default-fg-color--light", "#000000ad"),
    grid: read("--md-default-fg-color--lightest", "#00000012"),
  };
}

function options(figure, weeks, width) {
  const colour = colours(figure);
  const last = weeks.labels.length - 1;
  const shortDate = (index) => (weeks.labels[index] ?? "").slice(5); // 2026-11-23 -> 11-23
  return {
    width,
    height: HEIGHT,
    scales: {
      x: { time: false, range: [-0.5, last + 0.5] },
      share: { range: [0, 100] },
      votes: { range: (_, __, max) => [0, Math.max(4, Math.ceil(max * 1.2))] },
    },
    axes: [
      { stroke: colour.text, grid: { show: false }, incrs: [1, 2, 3, 4, 6, 12], space: 44,
        values: (_, splits) => splits.map((index) => (Number.isInteger(index) ? shortDate(index) : "")) },
      { scale: "share", stroke: colour.text, grid: { stroke: colour.grid }, values: (_, splits) => splits.map((v) => `${v}%`) },
      { scale: "votes", side: 1, stroke: colour.text, grid: { show: false }, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] },
    ],
    series: [
      { label: figure.dataset.weekLabel, value: (_, index) => (index == null ? "" : weeks.labels[index]) },
      { label: figure.dataset.votesLabel, scale: "votes", fill: colour.bar, stroke: colour.barEdge, width: 1,
        paths: uPlot.paths.bars({ size: [0.6, 48] }), points: { show: false },
        value: (_, __, ___, index) => (index == null ? "" : String(weeks.votes[index])) },
      { label: figure.dataset.shareLabel, scale: "share", stroke: colour.line, width: 2, spanGaps: false,
        points: { show: true, size: 7, fill: colour.line },
        value: (_, value) => (value == null ? "–" : `${value}%`) },
    ],
    cursor: { drag: { x: false, y: false }, points: { size: 9 } },
    legend: { live: true },
  };
}

function draw(figure) {
  const plot = figure.querySelector("[data-chart-plot]");
  const weeks = weeksOf(figure.querySelector("details table"));
  const xs = weeks.labels.map((_, index) => index);
  const bars = weeks.votes.map((votes) => votes || null); // no bar at all for a week without votes
  const chart = new uPlot(options(figure, weeks, plot.clientWidth), [xs, bars, weeks.share], plot);
  new ResizeObserver(() => chart.setSize({ width: plot.clientWidth, height: HEIGHT })).observe(plot);
  figure.classList.add("is-drawn");
}

if (typeof uPlot === "function") {
  document.querySelectorAll("[data-chart]").forEach(draw);
}
