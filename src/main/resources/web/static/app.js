// Crypto Anomaly Detection dashboard: forms start background jobs through the JSON API, jobs and
// live views follow server-sent events, charts are ECharts. No framework beyond htmx.
"use strict";

const pageData = () => JSON.parse(document.getElementById("page-data").textContent);

function formJson(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === "checkbox") {
      if (el.value === "true") { out[el.name] = el.checked; continue; }
      if (!el.checked) continue;
      (out[el.name] = out[el.name] || []).push(el.value);
    } else if (el.multiple) {
      out[el.name] = Array.from(el.selectedOptions).map(o => o.value);
    } else if (el.value !== "") {
      out[el.name] = el.value;
    }
  }
  return out;
}

function showError(message) {
  const box = document.getElementById("form-error");
  if (!box) return;
  box.textContent = message ? "error: " + message : "";
  box.hidden = !message;
}

async function post(url, body) {
  const r = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body || {}),
  });
  const data = await r.json().catch(() => ({ error: "HTTP " + r.status }));
  if (!r.ok) throw new Error(data.error || "HTTP " + r.status);
  return data;
}

const jobHandlers = {};

function followJob(job) {
  const panel = document.getElementById("job-panel");
  panel.hidden = false;
  panel.dataset.job = job.id;
  panel.querySelector(".job-title").textContent = job.title;
  const bar = panel.querySelector("progress");
  const status = panel.querySelector(".job-status");
  const log = panel.querySelector(".job-log");
  const cancel = panel.querySelector(".job-cancel");
  cancel.hidden = false;
  cancel.onclick = () => post("/api/jobs/" + job.id + "/cancel");
  const events = new EventSource("/api/jobs/" + job.id + "/events");
  events.addEventListener("job", e => {
    const j = JSON.parse(e.data);
    if (j.progress >= 0) bar.value = j.progress; else bar.removeAttribute("value");
    status.textContent = j.state === "failed" ? "failed: " + j.error : j.status;
    panel.dataset.state = j.state;
    log.textContent = j.log.join("\n");
    log.scrollTop = log.scrollHeight;
    if (j.state !== "running") {
      events.close();
      // Ended: nothing to cancel, and a failure is said once, in the status line.
      cancel.hidden = true;
      document.body.dispatchEvent(new Event("job-done"));
      const h = jobHandlers[j.kind];
      if (h && j.state === "succeeded") h(j.result);
    }
  });
  events.onerror = () => events.close();
}

function wireForms() {
  for (const form of document.querySelectorAll("form[data-api]")) {
    form.addEventListener("submit", async e => {
      e.preventDefault();
      showError(null);
      try { followJob(await post(form.dataset.api, formJson(form))); }
      catch (err) { showError(err.message); }
    });
  }
  for (const button of document.querySelectorAll("button[data-api]")) {
    button.addEventListener("click", async () => {
      showError(null);
      try { followJob(await post(button.dataset.api, {})); }
      catch (err) { showError(err.message); }
    });
  }
}

// Training: tuning curves against the number of clusters, one line per covariance and metric.
jobHandlers.train = result => {
  document.getElementById("tuning").hidden = false;
  const m = result.model;
  document.getElementById("tuning-summary").textContent =
    "registered " + m.ref + (result.crowned ? " (champion: the first version)" : "") +
    "; test: " + Object.entries(result.test).map(([k, v]) => k + "=" + fmt(Number(v))).join(", ");
  if (m.link) {
    const a = document.createElement("a");
    a.href = m.link; a.textContent = " open in MLflow";
    document.getElementById("tuning-summary").appendChild(a);
  }
  const groups = {};
  for (const t of result.trials) {
    const key = t.covariance || "";
    (groups[key] = groups[key] || []).push(t);
  }
  const metrics = [["bic", 1], ["silhouette", 2], ["injected_recall", 2], ["injected_auc", 2]];
  const series = [];
  for (const [cov, trials] of Object.entries(groups)) {
    for (const [metric, axis] of metrics) {
      if (trials.every(t => t.metrics[metric] === undefined)) continue;
      series.push({
        name: metric + (cov ? " (" + cov + ")" : ""), type: "line", yAxisIndex: axis - 1,
        data: trials.filter(t => t.clusters !== undefined).map(t => [t.clusters, t.metrics[metric]]),
      });
    }
  }
  chart("tuning-chart").setOption({
    tooltip: { trigger: "axis" }, legend: { type: "scroll" },
    xAxis: { type: "value", name: "clusters", minInterval: 1 },
    yAxis: [{ type: "value", name: "BIC", scale: true }, { type: "value", name: "score", min: 0, max: 1 }],
    series,
  }, true);
};

// Evaluation: metrics side by side, score distributions and alerts per symbol-day.
jobHandlers.evaluate = result => {
  document.getElementById("comparison").hidden = false;
  document.getElementById("comparison-period").textContent =
    result.from + " to " + result.to + (result.labels ? ", labels " + result.labels : ", no labels");
  const names = Object.keys(result.metrics);
  const table = document.getElementById("metrics-table");
  table.replaceChildren(row("th", ["metric", ...names]));
  for (const metric of result.metric_names) {
    table.appendChild(row("td", [metric, ...names.map(n => fmt(result.metrics[n][metric]))]));
  }
  chart("distribution-chart").setOption({
    tooltip: { trigger: "axis" }, legend: {},
    xAxis: { type: "category", name: "−log10 p", data: result.distributions[0].bins },
    yAxis: { type: "log", name: "candles" },
    series: result.distributions.map(d => ({ name: d.model, type: "bar", data: d.counts.map(c => c || null) })),
  }, true);
  const perDay = document.getElementById("per-day-table");
  perDay.replaceChildren(row("th", ["model", "symbol", "day", "alerts"]));
  for (const m of result.alerts_per_symbol_day) {
    for (const d of m.days) perDay.appendChild(row("td", [m.model, d.symbol, d.day, d.alerts]));
  }
};

jobHandlers.promote = result => showError(null);

function row(cell, values) {
  const tr = document.createElement("tr");
  for (const v of values) {
    const c = document.createElement(cell);
    c.textContent = v;
    tr.appendChild(c);
  }
  return tr;
}

// As dev.cryptoanomaly.Numbers shows numbers in the CLI: four significant digits, separators,
// never an exponent or NaN; probabilities below 0.001 as 3.2e-5.
const FOUR_DIGITS = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });
function fmt(v) {
  if (typeof v !== "number") return v == null ? "-" : String(v);
  return Number.isFinite(v) ? FOUR_DIGITS.format(v) : (Number.isNaN(v) ? "-" : (v > 0 ? "∞" : "-∞"));
}
function prob(v) {
  if (typeof v !== "number" || !Number.isFinite(v)) return "-";
  if (v === 0 || Math.abs(v) >= 1e-3) return fmt(v);
  const [m, e] = v.toExponential(1).split("e");
  return m + "e" + parseInt(e, 10);
}

function chart(id) {
  const el = document.getElementById(id);
  return echarts.getInstanceByDom(el) || echarts.init(el);
}

// Live Detection: candles with volume and anomaly markers, the score against its threshold, and
// the alert feed, kept up to date by server-sent events.
const live = { candles: new Map(), decisions: new Map(), anomalies: new Map(), threshold: null, events: null };

function liveQuery() {
  const f = document.getElementById("view-form");
  return new URLSearchParams(formJson(f)).toString();
}

async function openLiveView() {
  if (live.events) live.events.close();
  live.candles.clear(); live.decisions.clear(); live.anomalies.clear();
  const r = await fetch("/api/live/view?" + liveQuery());
  const v = await r.json();
  if (!r.ok) { document.getElementById("live-status").textContent = "error: " + v.error; return; }
  mergeLive(v);
  live.events = new EventSource("/api/live/events?" + liveQuery() + "&cursor=" + v.cursor);
  live.events.addEventListener("update", e => mergeLive(JSON.parse(e.data)));
}

function mergeLive(v) {
  for (const c of v.candles) live.candles.set(c[0], c);
  for (const d of v.decisions) live.decisions.set(d[0], d);
  for (const a of v.anomalies) live.anomalies.set(a.time + a.model, a);
  if (v.threshold !== undefined && v.threshold !== null) live.threshold = v.threshold;
  const keep = [...live.candles.keys()].sort((a, b) => a - b).slice(-600);
  const first = keep[0];
  for (const k of [...live.candles.keys()]) if (k < first) live.candles.delete(k);
  for (const k of [...live.decisions.keys()]) if (k < first) live.decisions.delete(k);
  document.getElementById("live-status").textContent =
    (v.messages || []).join(" ") + (v.model ? " model " + v.model + "; " : "") +
    live.candles.size + " candles, " + live.decisions.size + " decisions, " + live.anomalies.size + " alerts in view";
  drawLive();
  drawAlerts();
}

function drawLive() {
  const times = [...live.candles.keys()].sort((a, b) => a - b);
  const label = t => new Date(t).toISOString().slice(5, 16).replace("T", " ");
  const candles = times.map(t => { const c = live.candles.get(t); return [c[1], c[2], c[3], c[4]]; });
  const volume = times.map(t => live.candles.get(t)[5]);
  const score = times.map(t => { const d = live.decisions.get(t); return d ? d[1] : null; });
  const markers = [...live.anomalies.values()].filter(a => live.candles.has(a.time)).map(a => ({
    name: a.severity, coord: [label(a.time), live.candles.get(a.time)[4]], value: a.severity,
    itemStyle: { color: "#d93025" },
  }));
  chart("live-chart").setOption({
    animation: false, tooltip: { trigger: "axis" },
    axisPointer: { link: [{ xAxisIndex: "all" }] },
    grid: [{ top: 20, height: "50%" }, { top: "60%", height: "12%" }, { top: "76%", height: "18%" }],
    xAxis: [0, 1, 2].map(i => ({ type: "category", data: times.map(label), gridIndex: i, axisLabel: { show: i === 2 } })),
    yAxis: [
      { scale: true, gridIndex: 0 },
      { gridIndex: 1, name: "volume", splitNumber: 2 },
      { gridIndex: 2, name: "score", min: 0 },
    ],
    series: [
      { name: "candles", type: "candlestick", data: candles, markPoint: { symbol: "pin", symbolSize: 36, data: markers } },
      { name: "volume", type: "bar", xAxisIndex: 1, yAxisIndex: 1, data: volume },
      { name: "score (−log10 p)", type: "line", xAxisIndex: 2, yAxisIndex: 2, data: score, showSymbol: false,
        markLine: live.threshold === null ? undefined : { symbol: "none", data: [{ yAxis: live.threshold, name: "threshold" }] } },
    ],
  });
  document.getElementById("live-chart").dataset.markers = markers.length;
}

function drawAlerts() {
  const feed = document.getElementById("alert-feed");
  const alerts = [...live.anomalies.values()].sort((a, b) => b.time - a.time).slice(0, 30);
  if (!alerts.length) return;
  feed.replaceChildren(...alerts.map(a => {
    const div = document.createElement("div");
    div.className = "alert";
    const head = document.createElement("div");
    head.textContent = a.at + " " + a.symbol + " " + a.severity + " (tail probability " + prob(a.probability) + ", " + a.model + ")";
    div.appendChild(head);
    const bars = document.createElement("div");
    bars.className = "bars";
    for (const b of a.explanation.slice(0, 4)) {
      const bar = document.createElement("div");
      bar.className = "bar";
      const name = document.createElement("span"); name.textContent = b.feature;
      const fill = document.createElement("span"); fill.className = "bar-fill"; fill.style.width = b.percent + "%";
      const pct = document.createElement("span"); pct.textContent = b.percent + "%";
      bar.append(name, fill, pct);
      bars.appendChild(bar);
    }
    div.appendChild(bars);
    return div;
  }));
}

// Data Management: a timeline of what each series covers, its gaps drawn over it in red (at least
// two pixels wide, so that one missing candle in a year still shows).
const iso = ms => new Date(ms).toISOString().slice(0, 19) + "Z";

function drawCoverageTimeline(coverage) {
  const el = document.getElementById("coverage-timeline");
  if (!el) return;
  el.hidden = !coverage.length;
  if (!coverage.length) return;
  const shown = Math.min(coverage.length, 24);
  el.style.height = (shown * 26 + 90) + "px";
  const names = coverage.map(c => c.market + " " + c.symbol + " " + c.interval);
  const spans = coverage.map((c, i) => ({
    value: [i, Date.parse(c.first), Date.parse(c.last)],
    itemStyle: { color: c.source.includes("simulated") ? "#9a8ad6" : "#5aa469" },
    info: names[i] + " (" + c.source + "): " + c.first + " to " + c.last + ", " + fmt(c.rows) +
      " candles, " + fmt(c.missing) + " missing in " + fmt(c.gap_count) + " gaps" +
      (c.gap_count > (c.gaps || []).length ? " (" + fmt(c.gaps.length) + " drawn)" : ""),
  }));
  const gaps = coverage.flatMap((c, i) => (c.gaps || []).map(g => ({
    value: [i, Date.parse(g.from), Date.parse(g.to)],
    info: names[i] + " gap: " + g.from + " to " + g.to + ", " + fmt(g.missing) + " missing",
  })));
  const bar = minWidth => (params, api) => {
    const from = api.coord([api.value(1), api.value(0)]);
    const to = api.coord([api.value(2), api.value(0)]);
    const h = api.size([0, 1])[1] * 0.6;
    const shape = echarts.graphic.clipRectByRect(
      { x: from[0], y: from[1] - h / 2, width: Math.max(to[0] - from[0], minWidth), height: h },
      { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
    return shape && { type: "rect", shape, style: api.style() };
  };
  const zoom = coverage.length > shown
    ? [{ type: "slider", yAxisIndex: 0, startValue: 0, endValue: shown - 1, right: 10 }, { type: "inside", yAxisIndex: 0 }]
    : [];
  chart("coverage-timeline").setOption({
    tooltip: { formatter: p => p.data.info },
    grid: { left: 200, right: 50, top: 20, bottom: 50 },
    xAxis: { type: "time", axisLabel: { formatter: "{yyyy}-{MM}-{dd}" } },
    yAxis: { type: "category", data: names, inverse: true },
    dataZoom: [{ type: "inside", xAxisIndex: 0, filterMode: "weakFilter" }, ...zoom],
    series: [
      { type: "custom", name: "covered", renderItem: bar(3), encode: { x: [1, 2], y: 0 }, data: spans },
      { type: "custom", name: "gaps", renderItem: bar(2), encode: { x: [1, 2], y: 0 }, itemStyle: { color: "#d93025" }, data: gaps },
    ],
  }, true);
}

async function redrawCoverageTimeline() {
  const r = await fetch("/api/data");
  if (r.ok) drawCoverageTimeline((await r.json()).coverage || []);
}

// Deleting asks first, naming what goes; the server deletes only if the series still holds the
// candles the user confirmed.
function wireSeriesDeletion() {
  document.addEventListener("click", async e => {
    const b = e.target.closest("button.delete-series");
    if (!b) return;
    const what = b.dataset.market + " " + b.dataset.symbol + " " + b.dataset.interval;
    const rows = Number(b.dataset.rows);
    if (!confirm("Delete " + what + ": " + fmt(rows) + " candles, with their features, alerts and " +
        "decisions? This cannot be undone.")) return;
    showError(null);
    try {
      const done = await post("/api/data/delete", {
        market: b.dataset.market, symbol: b.dataset.symbol, interval: b.dataset.interval, rows,
      });
      const status = document.getElementById("data-status");
      if (status) status.textContent = "deleted " + fmt(done.deleted) + " candles of " + done.series;
      document.body.dispatchEvent(new Event("job-done")); // the table and timeline reload
    } catch (err) { showError(err.message); }
  });
}

// "Run now" on the Overview's scheduled jobs: the job becomes due, a scheduler instance runs it,
// and the page reloads to show the run in the history.
function wireScheduledJobs() {
  for (const button of document.querySelectorAll("button.run-job")) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await post("/api/schedule/" + encodeURIComponent(button.dataset.job) + "/run");
        button.textContent = "due now";
        setTimeout(() => location.reload(), 4000);
      } catch (err) {
        button.disabled = false;
        button.textContent = "error: " + err.message;
      }
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  wireForms();
  wireScheduledJobs();
  if (document.body.dataset.page === "data") {
    wireSeriesDeletion();
    drawCoverageTimeline(pageData().coverage || []);
    // Whatever a job stored, even one that failed half-way, shows on the timeline.
    document.body.addEventListener("job-done", redrawCoverageTimeline);
  }
  if (document.body.dataset.page === "live" && pageData().symbols.length) {
    document.getElementById("view-form").addEventListener("change", openLiveView);
    openLiveView();
  }
});
