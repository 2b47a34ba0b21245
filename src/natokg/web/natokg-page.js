// natokg's query page: YASGUI (vendored) set up for the local, read-only endpoint.
// Nothing here reaches the web: prefixes come from natokg, charts from the vendored Chart.js.
"use strict";

const { examples: EXAMPLES, prefixes: PREFIXES } = window.NATOKG;
const NATOKG_IRI = "https://w3id.org/natokg/";
const MAX_BARS = 200;
const LYING_BARS = 12;
const NUMERIC_TYPE = new RegExp(
  "^http://www\\.w3\\.org/2001/XMLSchema#(integer|decimal|double|float|int|long|short|byte|" +
    "(non)?(negative|positive)Integer|unsigned(Int|Long|Short|Byte))$",
);

function prefixLines(names) {
  return names.map((p) => `PREFIX ${p}: <${PREFIXES[p]}>\n`).join("");
}

function compact(iri) {
  for (const [prefix, base] of Object.entries(PREFIXES)) {
    if (iri.startsWith(base)) return `${prefix}:${iri.slice(base.length)}`;
  }
  return iri;
}

function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML.replace(/'/g, "&#39;");
}

// The server declares natokg's prefixes for every query; the editor's grammar knows them too, so
// `nkg:Summit` without a PREFIX line is not marked as an error.
const sparqlMode = Yasgui.Yasqe.modes.sparql11;
Yasgui.Yasqe.defineMode("sparql11", (config, modeConfig) => {
  const mode = sparqlMode(config, modeConfig);
  const startState = mode.startState;
  mode.startState = () => Object.assign(startState(), { prefixes: { ...PREFIXES } });
  return mode;
});

// YASQE's own prefix completer (after `PREFIX `) asks a web service; this one offers natokg's.
Yasgui.Yasqe.forkAutocompleter(
  "prefixes",
  {
    name: "natokgPrefixes",
    persistenceId: null,
    get: () => Promise.resolve(Object.keys(PREFIXES).sort().map((p) => `${p}: <${PREFIXES[p]}>`)),
  },
  false,
);

// The result table, with natokg's entities linking to the entity browser instead of to w3id.org.
class EntityTable extends Yasgui.Yasr.plugins.table {
  getUriLinkFromBinding(binding, prefixes) {
    if (!binding.value.startsWith(NATOKG_IRI)) return super.getUriLinkFromBinding(binding, prefixes);
    const href = `/entity?iri=${encodeURIComponent(binding.value)}`;
    return `<a class='iri' href='${escapeHtml(href)}'>${escapeHtml(compact(binding.value))}</a>`;
  }
}
Yasgui.Yasr.registerPlugin("table", EntityTable);

function isNumber(term) {
  return term !== undefined && term.type !== "uri" && NUMERIC_TYPE.test(term.datatype || "");
}

function termText(term) {
  if (term === undefined) return "";
  return term.type === "uri" ? compact(term.value) : term.value;
}

function chooser(labelText, options, chosen, onChange) {
  const label = document.createElement("label");
  label.textContent = `${labelText} `;
  const select = document.createElement("select");
  for (const name of options) select.add(new Option(name === null ? "(row number)" : `?${name}`, name ?? ""));
  select.value = chosen ?? "";
  select.addEventListener("change", () => onChange(select.value || null));
  label.appendChild(select);
  return label;
}

// Chart.js's settings for one bar per row; past LYING_BARS the bars lie down, a line each, so
// every label shows.
function barChart(rows, valueColumn, labelColumn) {
  const values = rows.map((row) => (row[valueColumn] ? Number(row[valueColumn].value) : null));
  const horizontal = rows.length > LYING_BARS;
  // Counts get whole-number ticks, not 0.1 steps.
  const ticks = values.every((v) => v === null || Number.isInteger(v)) ? { precision: 0 } : {};
  return {
    type: "bar",
    data: {
      labels: rows.map((row, i) => (labelColumn === null ? String(i + 1) : termText(row[labelColumn]))),
      datasets: [{ label: `?${valueColumn}`, data: values, backgroundColor: "#1f4e8c", maxBarThickness: 72 }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      indexAxis: horizontal ? "y" : "x",
      scales: { [horizontal ? "x" : "y"]: { ticks }, [horizontal ? "y" : "x"]: { ticks: { autoSkip: false } } },
    },
  };
}

// A bar chart of a numeric column against a label column: YASR's own chart plugin would load
// Google Charts from the web, so natokg draws with Chart.js, served from the package.
class BarChart {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Chart";
    this.chart = null;
    this.choice = { label: undefined, value: undefined };
  }

  columns() {
    const results = this.yasr.results;
    const rows = (results && !results.getError() && results.getBindings && results.getBindings()) || [];
    const variables = rows.length ? results.getVariables() : [];
    const numeric = variables.filter(
      (v) => rows.some((row) => row[v]) && rows.every((row) => !row[v] || isNumber(row[v])),
    );
    return { rows, numeric, labels: variables.filter((v) => !numeric.includes(v)) };
  }

  canHandleResults() {
    return this.columns().numeric.length > 0;
  }

  draw() {
    const { rows, numeric, labels } = this.columns();
    const valueColumn = numeric.includes(this.choice.value) ? this.choice.value : numeric[0];
    const labelColumn = labels.includes(this.choice.label) ? this.choice.label : (labels[0] ?? null);
    const shown = rows.slice(0, MAX_BARS);
    const controls = document.createElement("div");
    controls.className = "natokg-chart-controls";
    controls.append(
      chooser("bars:", numeric, valueColumn, (name) => this.redraw("value", name)),
      chooser("labels:", [...labels, null], labelColumn, (name) => this.redraw("label", name)),
    );
    if (rows.length > MAX_BARS) controls.append(` (the first ${MAX_BARS} of ${rows.length} rows)`);
    const canvasBox = document.createElement("div");
    canvasBox.className = "natokg-chart-canvas";
    if (shown.length > LYING_BARS) canvasBox.style.height = `${shown.length * 22 + 60}px`;
    const canvas = document.createElement("canvas");
    canvasBox.appendChild(canvas);
    const box = document.createElement("div");
    box.className = "natokg-chart";
    box.append(controls, canvasBox);
    this.yasr.resultsEl.appendChild(box);
    this.chart = new Chart(canvas, barChart(shown, valueColumn, labelColumn));
  }

  redraw(column, name) {
    this.choice[column] = name;
    this.destroy();
    this.yasr.resultsEl.textContent = "";
    this.draw();
  }

  destroy() {
    if (this.chart) this.chart.destroy();
    this.chart = null;
  }

  getIcon() {
    const icon = document.createElement("span");
    icon.className = "natokg-chart-icon";
    icon.innerHTML =
      '<svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">' +
      '<rect x="1" y="8" width="3" height="7"/><rect x="6" y="3" width="3" height="12"/>' +
      '<rect x="11" y="6" width="3" height="9"/></svg>';
    return icon;
  }
}
Yasgui.Yasr.registerPlugin("chart", BarChart);

Yasgui.Yasqe.defaults.editorHeight = "26rem"; // a canned query's VALUES row shows without scrolling
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: {
    endpoint: `${window.location.origin}/sparql`,
    method: "POST",
    acceptHeaderSelect: "application/sparql-results+json",
    acceptHeaderGraph: "text/turtle",
  },
  yasqe: {
    value:
      prefixLines(["nkg", "rdfs"]) + "\nSELECT DISTINCT ?summit ?label WHERE {\n  ?summit a nkg:Summit ; rdfs:label ?label\n}",
    autocompleters: ["natokgPrefixes", "variables"],
  },
  yasr: { prefixes: PREFIXES, pluginOrder: ["table", "chart", "response"], defaultPlugin: "table" },
});

function tabNamed(name) {
  return yasgui.persistentConfig
    .getTabs()
    .map((id) => yasgui.getTab(id))
    .find((tab) => tab && tab.getName() === name);
}

// A canned query opens in a tab of its own (its parameters as an editable VALUES row), or
// returns to that tab if it is open, keeping the user's edits.
function openExample(name) {
  const example = EXAMPLES.find((e) => e.name === name);
  if (!example) return;
  const open = tabNamed(name);
  if (open) yasgui.selectTabId(open.getId());
  else yasgui.addTab(true, { name, yasqe: { value: example.query } });
}

const select = document.getElementById("examples");
for (const example of EXAMPLES) select.add(new Option(`${example.name}: ${example.question}`, example.name));
select.addEventListener("change", () => {
  openExample(select.value);
  select.value = "";
});
window.natokgYasgui = yasgui;
