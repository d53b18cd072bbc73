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
  panel.dataset.state = "running"; // not the previous job's end while this one's first event comes
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
      // Ended: nothing to cancel, and a failure is said once, in the status line; the bar stops
      // (an indeterminate one would go on moving over a failed job).
      cancel.hidden = true;
      bar.value = j.state === "succeeded" ? 1 : (j.progress >= 0 ? j.progress : 0);
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
  // Files from the analyst's computer: multipart, with the header the server asks of uploads.
  const upload = document.getElementById("upload-form");
  if (upload) {
    upload.addEventListener("submit", async e => {
      e.preventDefault();
      showError(null);
      try {
        const r = await fetch("/api/data/upload", {
          method: "POST",
          headers: { "X-Requested-With": "crypto-anomaly-dashboard" },
          body: new FormData(upload),
        });
        const data = await r.json().catch(() => ({ error: "HTTP " + r.status }));
        if (!r.ok) throw new Error(data.error || "HTTP " + r.status);
        followJob(data);
      } catch (err) { showError(err.message); }
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

// Training: the split, tuning curves against the number of clusters (one line per covariance and
// metric, the chosen trial pinned), and the trials whose model is degenerate. A finished job and a
// past version reopened from the registry draw the same way.
jobHandlers.train = result => showTraining(result);

// Overview: a drift check's table, the feature that moved most first.
jobHandlers.drift = result => {
  const box = document.getElementById("drift-result");
  if (!box) return;
  box.hidden = false;
  document.getElementById("drift-summary").textContent =
    result.model + ": training part " + result.reference + " against " + result.recent +
    "; worst PSI " + result.worst + " (" + result.level + "); alerts per symbol-day " +
    result.alerts_then + " then, " + result.alerts_now + " now";
  const table = document.getElementById("drift-table");
  table.replaceChildren();
  const head = table.insertRow();
  for (const h of ["feature", "PSI", "level", "most moved symbol"]) {
    const th = document.createElement("th"); th.textContent = h; head.appendChild(th);
  }
  for (const r of result.rows) {
    const tr = table.insertRow();
    for (const v of [r.name, r.psi, r.level, r.most_moved]) tr.insertCell().textContent = v;
  }
};

function showTraining(result) {
  document.getElementById("tuning").hidden = false;
  const m = result.model;
  document.getElementById("tuning-ref").textContent = m.ref + " (" + m.kind + ", " + m.market + " " + m.interval + ")";
  const summary = document.getElementById("tuning-summary");
  summary.textContent =
    "created " + m.created + (result.crowned ? "; champion (the first version)" : "") +
    (m.settings_text ? "; chosen " + m.settings_text : "") +
    "; test: " + Object.entries(result.test).map(([k, v]) => k + "=" + fmt(Number(v))).join(", ") +
    (result.note ? ". " + result.note : "");
  if (m.link) {
    const a = document.createElement("a");
    a.href = m.link; a.textContent = " open in MLflow";
    summary.appendChild(a);
  }
  const split = document.getElementById("split-table");
  split.replaceChildren(row("th", ["part", "from", "to", "rows"]));
  for (const part of ["train", "validation", "test"]) {
    const p = result.split[part];
    split.appendChild(row("td", [part, p.from, p.to, fmt(p.rows)]));
  }
  const groups = {};
  for (const t of result.trials) {
    const key = t.covariance || "";
    (groups[key] = groups[key] || []).push(t);
  }
  const has = metric => result.trials.some(t => t.metrics[metric] !== undefined && t.clusters !== undefined);
  const bic = has("bic");
  const metrics = [["bic", 0], ["silhouette", 1], ["injected_recall", 1], ["injected_auc", 1]].filter(([k]) => has(k));
  const series = [];
  for (const [cov, trials] of Object.entries(groups)) {
    for (const [metric, axis] of metrics) {
      const points = trials.filter(t => t.clusters !== undefined && t.metrics[metric] !== undefined);
      const chosen = points.filter(t => t.chosen);
      series.push({
        name: metric + (cov ? " (" + cov + ")" : ""), type: "line", yAxisIndex: bic ? axis : 0,
        data: points.map(t => ({ value: [t.clusters, t.metrics[metric]],
          symbol: t.degenerate ? "triangle" : "circle", symbolSize: t.degenerate ? 12 : 6,
          itemStyle: t.degenerate ? { color: "#d93025" } : undefined })),
        markPoint: chosen.length && metric === metrics[0][0]
          ? { data: chosen.map(t => ({ name: "chosen", coord: [t.clusters, t.metrics[metric]], value: "chosen" })) }
          : undefined,
      });
    }
  }
  const chartEl = document.getElementById("tuning-chart");
  chartEl.hidden = !series.length; // robust z and the isolation forest have no curve to draw
  chartEl.dataset.series = series.length;
  if (series.length) {
    const scoreAxis = { type: "value", name: "score", min: 0, max: 1 };
    chart("tuning-chart").setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: v => fmt(v) }, legend: { type: "scroll" },
      xAxis: { type: "value", name: "clusters", minInterval: 1, scale: true },
      yAxis: bic ? [{ type: "value", name: "BIC (lower is better)", scale: true, axisLabel: { formatter: v => fmt(v) } }, scoreAxis] : [scoreAxis],
      series,
    }, true);
  }
  const flagged = document.getElementById("degenerate-trials");
  flagged.replaceChildren(...result.trials.filter(t => t.degenerate).map(t => {
    const li = document.createElement("li");
    li.textContent = "trial " + t.number + " (" + [t.clusters && "clusters=" + t.clusters, t.covariance && "covariance=" + t.covariance].filter(Boolean).join(" ") + "): " + t.degenerate + " (red triangle)";
    return li;
  }));
}

async function openTraining(ref) {
  const r = await fetch("/api/training/history?ref=" + encodeURIComponent(ref));
  const v = await r.json();
  if (!r.ok) { showError(v.error); return; }
  showTraining(v);
}

// Evaluation: warnings, metrics side by side, each labelled event per model, score distributions on
// shared bins, and alerts per symbol-day as a heatmap. A finished comparison and a saved one
// reopened draw the same way.
jobHandlers.evaluate = result => showComparison(result);

function showComparison(result) {
  document.getElementById("comparison").hidden = false;
  document.getElementById("comparison-period").textContent =
    (result.at ? "made " + result.at + "; " : "") + "period " + result.from + " to " + result.to +
    (result.labels ? ", labels " + result.labels : ", no labels");
  const warnings = document.getElementById("comparison-warnings");
  warnings.replaceChildren(...(result.warnings || []).map(w => { const li = document.createElement("li"); li.textContent = w; return li; }));
  warnings.hidden = !(result.warnings || []).length;
  const names = Object.keys(result.metrics);
  const table = document.getElementById("metrics-table");
  table.replaceChildren(row("th", ["metric", ...names]));
  for (const metric of result.metric_names) {
    table.appendChild(row("td", [metric, ...names.map(n => fmt(result.metrics[n][metric]))]));
  }
  const events = document.getElementById("events-table");
  const list = result.events || [];
  events.replaceChildren(row("th", ["symbol", "start", "end", "kind", ...names]));
  for (const e of list) events.appendChild(row("td", [e.symbol, e.start, e.end, e.kind, ...names.map(n => e.models[n] || "-")]));
  if (!list.length) events.replaceChildren(row("td", ["no labelled event in the period"]));
  const d0 = result.distributions[0];
  chart("distribution-chart").setOption({
    animation: false, tooltip: { trigger: "axis", valueFormatter: v => v == null ? "-" : fmt(v * 100) + "%" }, legend: {},
    xAxis: { type: "category", name: "−log10 p", data: d0.bins.map(b => fmt(b)) },
    yAxis: { type: "log", name: "share of candles", axisLabel: { formatter: v => fmt(v * 100) + "%" } },
    series: result.distributions.map(d => ({ name: d.model, type: "bar", data: (d.shares || d.counts).map(c => c || null) })),
  }, true);
  const cells = [], ys = [], xs = new Set();
  let most = 0;
  for (const m of result.alerts_per_symbol_day) for (const d of m.days) xs.add(d.day);
  const days = [...xs].sort();
  for (const m of result.alerts_per_symbol_day) {
    const symbols = [...new Set(m.days.map(d => d.symbol))].sort();
    for (const sym of symbols) {
      const y = ys.length; ys.push(m.model + " " + sym);
      for (const d of m.days.filter(d => d.symbol === sym)) {
        cells.push([days.indexOf(d.day), y, d.alerts]); most = Math.max(most, d.alerts);
      }
    }
  }
  const heat = document.getElementById("per-day-heatmap");
  heat.style.height = Math.max(160, ys.length * 22 + 110) + "px";
  chart("per-day-heatmap").resize();
  chart("per-day-heatmap").setOption({
    animation: false,
    tooltip: { formatter: p => ys[p.value[1]] + " " + days[p.value[0]] + ": " + fmt(p.value[2]) + " alerts" },
    grid: { left: 260, right: 30, top: 10, bottom: 80 },
    xAxis: { type: "category", data: days }, yAxis: { type: "category", data: ys },
    visualMap: { min: 0, max: Math.max(1, most), orient: "horizontal", left: "center", bottom: 0, calculable: true },
    series: [{ type: "heatmap", data: cells }],
  }, true);
  heat.dataset.cells = cells.length;
}

async function openComparison(name) {
  const r = await fetch("/api/evaluation/result?name=" + encodeURIComponent(name));
  const v = await r.json();
  if (!r.ok) { showError(v.error); return; }
  showComparison(v);
}

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
  // The server writes non-finite metrics as strings (JSON has no NaN).
  if (v === "NaN") return "-";
  if (v === "Infinity" || v === "-Infinity") return v[0] === "-" ? "-∞" : "∞";
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
const live = { candles: new Map(), decisions: new Map(), anomalies: new Map(), threshold: null, events: null, fixed: false };
const WINDOW = 720;

function liveQuery() {
  const f = document.getElementById("view-form");
  return new URLSearchParams(formJson(f)).toString();
}

// The view follows the last decided candle unless a period is chosen (From/To, or an alert opened
// from a link): then it shows that period and follows nothing.
async function openLiveView() {
  if (live.events) { live.events.close(); live.events = null; }
  live.candles.clear(); live.decisions.clear(); live.anomalies.clear(); live.threshold = null;
  const status = document.getElementById("live-status");
  const r = await fetch("/api/live/view?" + liveQuery());
  const v = await r.json();
  if (!r.ok) { status.textContent = "error: " + v.error; drawLive(); return; }
  live.fixed = v.cursor < 0;
  mergeLive(v);
  if (!live.fixed) {
    live.events = new EventSource("/api/live/events?" + liveQuery() + "&cursor=" + v.cursor);
    live.events.addEventListener("update", e => mergeLive(JSON.parse(e.data)));
  }
}

function mergeLive(v) {
  for (const c of v.candles) live.candles.set(c[0], c);
  for (const d of v.decisions) live.decisions.set(d[0], d);
  for (const a of v.anomalies) live.anomalies.set(a.time + a.model, a);
  if (v.threshold !== undefined && v.threshold !== null) live.threshold = v.threshold;
  if (!live.fixed) {
    const keep = [...live.candles.keys()].sort((a, b) => a - b).slice(-WINDOW);
    const first = keep[0];
    for (const k of [...live.candles.keys()]) if (k < first) live.candles.delete(k);
    for (const k of [...live.decisions.keys()]) if (k < first) live.decisions.delete(k);
  }
  const times = [...live.candles.keys()].sort((a, b) => a - b);
  const span = times.length ? iso(times[0]) + " to " + iso(times[times.length - 1]) + ": " : "";
  document.getElementById("live-status").textContent =
    (v.messages || []).join(" ") + (v.model ? " model " + v.model + "; " : "") + span +
    fmt(live.candles.size) + " candles, " + fmt(live.decisions.size) + " decisions, " +
    fmt(live.anomalies.size) + " alerts" + (live.fixed ? "" : " (following the latest)");
  drawLive();
  drawAlerts();
}

// Candles with volume and the score against the threshold; each alert shaded from its first to
// its last hit, with a pin at its onset. Times carry the year; zoom and pan with dataZoom.
function drawLive() {
  const times = [...live.candles.keys()].sort((a, b) => a - b);
  const label = t => new Date(t).toISOString().slice(0, 16).replace("T", " ");
  const candles = times.map(t => { const c = live.candles.get(t); return [c[1], c[2], c[3], c[4]]; });
  const volume = times.map(t => live.candles.get(t)[5]);
  const score = times.map(t => { const d = live.decisions.get(t); return d ? d[1] : null; });
  const inView = [...live.anomalies.values()].filter(a => live.candles.has(a.first_hit) || live.candles.has(a.time));
  const onset = a => live.candles.has(a.first_hit) ? a.first_hit : a.time;
  const markers = inView.map(a => ({
    name: a.severity, coord: [label(onset(a)), live.candles.get(onset(a))[4]], value: a.severity,
    itemStyle: { color: a.severity === "critical" || a.severity === "high" ? "#d93025" : "#f29900" },
  }));
  const last = a => live.candles.has(a.last_hit) ? a.last_hit : onset(a);
  const areas = inView.map(a => [
    { xAxis: label(onset(a)), itemStyle: { color: "rgba(217,48,37,0.12)" } }, { xAxis: label(last(a)) },
  ]);
  chart("live-chart").setOption({
    animation: false, tooltip: { trigger: "axis", valueFormatter: v => fmt(v) },
    axisPointer: { link: [{ xAxisIndex: "all" }] },
    grid: [{ top: 20, height: "46%" }, { top: "56%", height: "12%" }, { top: "72%", height: "16%" }],
    xAxis: [0, 1, 2].map(i => ({ type: "category", data: times.map(label), gridIndex: i, axisLabel: { show: i === 2 } })),
    yAxis: [
      { scale: true, gridIndex: 0 },
      { gridIndex: 1, name: "volume", splitNumber: 2, axisLabel: { formatter: v => fmt(v) } },
      { gridIndex: 2, name: "score", min: 0 },
    ],
    dataZoom: [
      { type: "inside", xAxisIndex: [0, 1, 2] },
      { type: "slider", xAxisIndex: [0, 1, 2], bottom: 8, height: 22 },
    ],
    series: [
      { name: "candles", type: "candlestick", data: candles,
        markPoint: { symbol: "pin", symbolSize: 36, data: markers },
        markArea: { silent: true, data: areas } },
      { name: "volume", type: "bar", xAxisIndex: 1, yAxisIndex: 1, data: volume },
      { name: "score (−log10 p)", type: "line", xAxisIndex: 2, yAxisIndex: 2, data: score, showSymbol: false,
        markLine: live.threshold === null ? undefined : { symbol: "none", data: [{ yAxis: live.threshold, name: "threshold" }] } },
    ],
  }, true);
  const el = document.getElementById("live-chart");
  el.dataset.markers = markers.length;
  el.dataset.candles = times.length;
  el.dataset.from = times.length ? iso(times[0]) : "";
  el.dataset.to = times.length ? iso(times[times.length - 1]) : "";
}

/** Opens the view on a period around an alert (from the feed, or a link from another page). */
function openAlert(a) {
  const f = document.getElementById("view-form");
  setField(f, "market", a.market); setField(f, "symbol", a.symbol);
  setField(f, "interval", a.interval); setField(f, "model", a.model);
  f.elements.from.value = ""; f.elements.to.value = "";
  openLiveViewAt(a.first_hit);
}

async function openLiveViewAt(at) {
  live.at = at;
  const f = document.getElementById("view-form");
  const q = new URLSearchParams(formJson(f)); q.set("at", at);
  if (live.events) { live.events.close(); live.events = null; }
  live.candles.clear(); live.decisions.clear(); live.anomalies.clear();
  const r = await fetch("/api/live/view?" + q);
  const v = await r.json();
  if (!r.ok) { document.getElementById("live-status").textContent = "error: " + v.error; return; }
  live.fixed = true;
  f.elements.from.value = iso(v.from).slice(0, 16); f.elements.to.value = iso(v.to).slice(0, 16);
  mergeLive(v);
}

/** Selects a value in a form's select, adding it when the page did not list it. */
function setField(form, name, value) {
  const el = form.elements[name];
  if (!el || value == null) return;
  if (el.tagName === "SELECT" && ![...el.options].some(o => o.value === value)) {
    el.add(new Option(value, value));
  }
  el.value = value;
}

function drawAlerts() {
  const feed = document.getElementById("alert-feed");
  const alerts = [...live.anomalies.values()].sort((a, b) => b.time - a.time).slice(0, 30);
  if (!alerts.length) return;
  feed.replaceChildren(...alerts.map(a => {
    const div = document.createElement("div");
    div.className = "alert";
    const head = document.createElement("a");
    head.href = "#live-chart";
    head.className = "open-alert";
    head.textContent = a.onset + " " + a.symbol + " " + a.interval + " " + a.severity + " (tail probability " + prob(a.probability) + ", " + a.model + ")";
    head.onclick = e => { e.preventDefault(); openAlert(a); };
    div.appendChild(head);
    const bars = document.createElement("div");
    bars.className = "bars";
    for (const b of a.explanation.slice(0, 4)) {
      const bar = document.createElement("div");
      bar.className = "bar";
      bar.title = b.feature + " " + fmt(b.value) + ", " + b.direction + " its typical " + fmt(b.typical);
      const name = document.createElement("span");
      name.textContent = b.feature + (b.direction === "above" ? " ↑" : b.direction === "below" ? " ↓" : "");
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
  if (document.body.dataset.page === "evaluation") {
    document.addEventListener("click", e => {
      const b = e.target.closest("button.open-comparison");
      if (b) openComparison(b.dataset.name);
    });
    const newest = document.querySelector("button.open-comparison");
    if (newest) openComparison(newest.dataset.name);
  }
  if (document.body.dataset.page === "training") {
    // Covariance is a Gaussian mixture's setting: shown (and sent) only for gmm.
    const form = document.getElementById("train-form");
    const covariance = form.elements.covariance;
    const onlyForGmm = () => {
      const gmm = form.elements.model.value === "gmm";
      covariance.disabled = !gmm;
      covariance.closest("label").hidden = !gmm;
    };
    form.elements.model.addEventListener("change", onlyForGmm);
    onlyForGmm();
    // Past trainings reopen from the registry; the newest shows on arrival, so a reload keeps it.
    document.addEventListener("click", e => {
      const b = e.target.closest("button.open-training");
      if (b) openTraining(b.dataset.ref);
    });
    const newest = document.querySelector("button.open-training");
    if (newest) openTraining(newest.dataset.ref);
  }
  if (document.body.dataset.page === "data") {
    wireSeriesDeletion();
    drawCoverageTimeline(pageData().coverage || []);
    // Whatever a job stored, even one that failed half-way, shows on the timeline.
    document.body.addEventListener("job-done", redrawCoverageTimeline);
  }
  if (document.body.dataset.page === "live" && pageData().symbols.length) {
    const view = document.getElementById("view-form");
    view.addEventListener("change", openLiveView);
    document.getElementById("follow-latest").addEventListener("click", () => {
      view.elements.from.value = ""; view.elements.to.value = ""; openLiveView();
    });
    // A replay or feed started here is what the view follows: its first symbol, interval, model.
    document.getElementById("live-form").addEventListener("submit", () => {
      const feed = formJson(document.getElementById("live-form"));
      setField(view, "symbol", String(feed.symbols || "").split(",")[0].trim().toUpperCase() || null);
      setField(view, "interval", feed.interval); setField(view, "model", feed.model);
      view.elements.from.value = ""; view.elements.to.value = "";
      setTimeout(openLiveView, 300);
    });
    // A link from another page (an alert on the Overview) opens the chart at that time.
    const q = new URLSearchParams(location.search);
    for (const k of ["market", "symbol", "interval", "model", "from", "to"]) setField(view, k, q.get(k));
    if (q.get("at")) openLiveViewAt(Number(q.get("at"))); else openLiveView();
  }
});

// Triage buttons on the Overview's alert feed and incident list: the analyst's name is typed once
// and kept in this browser; each verdict is recorded as history by POST /api/triage.
(function triage() {
  const analyst = document.getElementById("analyst");
  if (!analyst) return;
  analyst.value = localStorage.getItem("crypto-anomaly.analyst") || "";
  analyst.addEventListener("change", () =>
    localStorage.setItem("crypto-anomaly.analyst", analyst.value.trim()));
  const result = document.getElementById("triage-result");
  document.querySelectorAll("td.triage button").forEach((button) =>
    button.addEventListener("click", async () => {
      const cell = button.closest("td.triage");
      try {
        const done = await post("/api/triage", {
          id: cell.dataset.id,
          state: button.value,
          note: document.getElementById("triage-note").value,
          analyst: analyst.value,
        });
        localStorage.setItem("crypto-anomaly.analyst", analyst.value.trim());
        result.textContent = done.triaged + " marked " + done.state;
        const state = cell.querySelector(".state");
        if (state) state.textContent = done.state;
      } catch (e) {
        result.textContent = "error: " + e.message;
      }
    }));
})();
