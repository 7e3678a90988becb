// @ts-check
// Renders the porting cost report the extension posts. It computes nothing: every number
// and chart comes from the report model and the charts the engine drew. Sorting and
// filtering only reorder and hide rows. Keyboard: sort buttons in headers, rows focusable
// (Enter or Space opens the location), a labelled filter box, export buttons.
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  /** @type {any} */
  let data = null;
  let view = 'kernels';
  let sortKey = 'readiness';
  let sortAsc = true;
  let filter = '';

  /** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node|string)[]} [children] */
  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children || []) e.append(c);
    return e;
  }
  const one = (/** @type {number} */ x) => String(Math.round(x * 10) / 10);
  const range = (/** @type {number[]} */ h) => `${one(h[0])}–${one(h[1])}`;
  const pct = (/** @type {number} */ x) => `${Math.round(x * 100)}%`;

  function card(/** @type {string} */ label, /** @type {string} */ value, /** @type {string} */ note) {
    return el('div', { class: 'card', role: 'group', 'aria-label': label }, [el('div', { class: 'value' }, [value]), el('div', { class: 'label' }, [label]), el('div', { class: 'note' }, [note])]);
  }

  function chart(/** @type {string} */ title, /** @type {string} */ svg) {
    const box = el('section', { 'aria-label': title }, [el('h2', {}, [title])]);
    // The SVG comes from the extension's engine (escaped text, no script); the CSP forbids scripts in it anyway.
    const holder = el('div');
    holder.innerHTML = svg;
    box.append(holder);
    return box;
  }

  function rows() {
    const r = data.report;
    if (view === 'kernels') {
      return r.files.flatMap((/** @type {any} */ f) =>
        f.kernels.map((/** @type {any} */ k) => ({
          key: `${f.path}:${k.name}`,
          path: f.path,
          line: k.range.start.line,
          character: k.range.start.character,
          cells: { name: k.name, location: `${f.path}:${k.range.start.line + 1}`, port: k.port, class: k.classification, cube: k.cubeUtilization === null ? -1 : k.cubeUtilization, readiness: k.readiness, findings: k.figures.findings, hours: k.figures.hours[1] },
          show: { cube: k.cubeUtilization === null ? '?' : pct(k.cubeUtilization), hours: range(k.figures.hours) },
        })),
      );
    }
    return r.files.map((/** @type {any} */ f) => ({
      key: f.path,
      path: f.path,
      line: 0,
      character: 0,
      cells: { file: f.path, lines: f.lines, kernels: f.kernels.length, findings: f.figures.findings, fixable: f.figures.fixable.safe + f.figures.fixable.unsafe, hours: f.figures.hours[1] },
      show: { hours: range(f.figures.hours), fixable: `${f.figures.fixable.safe} / ${f.figures.fixable.unsafe} / ${f.figures.fixable.manual}` },
    }));
  }

  const COLUMNS = {
    kernels: [['name', 'kernel'], ['location', 'location'], ['port', 'port'], ['class', 'class'], ['cube', 'Cube'], ['readiness', 'readiness'], ['findings', 'findings'], ['hours', 'hours']],
    files: [['file', 'file'], ['lines', 'lines'], ['kernels', 'kernels'], ['findings', 'findings'], ['fixable', 'safe / unsafe / manual'], ['hours', 'hours']],
  };

  function table() {
    const cols = COLUMNS[/** @type {'kernels'|'files'} */ (view)];
    if (!cols.some(([k]) => k === sortKey)) sortKey = cols[0][0];
    const all = rows();
    const shown = all
      .filter((r) => !filter || Object.values(r.cells).some((v) => String(v).toLowerCase().includes(filter.toLowerCase())))
      .sort((a, b) => {
        const x = /** @type {any} */ (a.cells)[sortKey];
        const y = /** @type {any} */ (b.cells)[sortKey];
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return sortAsc ? c : -c;
      });
    const head = el('tr', {}, cols.map(([key, label]) => {
      const b = el('button', { type: 'button', 'aria-label': `sort by ${label}` }, [label + (key === sortKey ? (sortAsc ? ' ▲' : ' ▼') : '')]);
      b.addEventListener('click', () => {
        sortAsc = key === sortKey ? !sortAsc : true;
        sortKey = key;
        render();
        /** @type {HTMLElement|null} */ (document.querySelector(`th[data-key="${key}"] button`))?.focus();
      });
      return el('th', { scope: 'col', 'data-key': key, 'aria-sort': key === sortKey ? (sortAsc ? 'ascending' : 'descending') : 'none' }, [b]);
    }));
    const body = el('tbody', {}, shown.map((r) => {
      const tr = el('tr', { tabindex: '0', 'data-key': r.key, title: `open ${r.path}` }, cols.map(([key]) => {
        const v = /** @type {any} */ (r.show)[key] ?? /** @type {any} */ (r.cells)[key];
        return el('td', typeof /** @type {any} */ (r.cells)[key] === 'number' ? { class: 'num' } : {}, [String(v)]);
      }));
      const open = () => vscode.postMessage({ type: 'open', path: r.path, line: r.line, character: r.character });
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      });
      return tr;
    }));
    return el('div', {}, [
      el('p', { class: 'status', role: 'status' }, [`${shown.length} of ${all.length} ${view}`]),
      el('table', { 'aria-label': view === 'kernels' ? 'Kernels' : 'Files' }, [el('thead', {}, [head]), body]),
    ]);
  }

  function render() {
    if (!data) return;
    const r = data.report;
    const s = r.summary;
    const focusId = document.activeElement && document.activeElement.id;
    app.replaceChildren(
      el('h1', {}, ['Porting cost report: CUDA → Ascend C']),
      el('div', { class: 'meta' }, [`Target ${r.target.soc}, CANN ${r.target.cann} · ${s.files.scanned} files (${s.files.lines} lines), ${s.files.skipped} skipped`]),
      el('section', { class: 'cards', 'aria-label': 'Summary' }, [
        card('person-days', range(s.personDays), `${range(s.hours)} hours at ${r.costModel.hoursPerDay} h/day`),
        card('kernels', String(s.kernels.total), `${s.kernels.complete} complete ports, ${s.kernels.skeleton} skeletons`),
        card('Cube-eligible', pct(s.shares.cubeEligible), `${s.kernels.cubeEligible} of ${s.kernels.total} kernels`),
        card('findings', String(s.findings), `${s.bySeverity.error} errors, ${s.bySeverity.warning} warnings`),
        card('automatic fixes', pct(s.shares.autoFixable), `${s.fixable.safe} safe, ${s.fixable.unsafe} unsafe`),
      ]),
      el('div', { class: 'charts' }, [chart('Effort by family', data.charts.family), chart('Automatic vs manual', data.charts.fixable), chart('Readiness per kernel', data.charts.readiness)]),
      el('h2', {}, ['Top blockers']),
      el('p', {}, [r.rules.slice(0, 5).map((/** @type {any} */ b) => `${b.code} ${b.rule} (${range(b.hours)} h)`).join(' · ') || 'none']),
      toolbar(),
      table(),
    );
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function toolbar() {
    const search = /** @type {HTMLInputElement} */ (el('input', { type: 'search', id: 'filter', placeholder: 'Filter rows', 'aria-label': 'Filter rows' }));
    search.value = filter;
    search.addEventListener('input', () => {
      filter = search.value;
      render();
    });
    const toggle = el('button', { type: 'button', class: 'secondary', id: 'toggle-view' }, [view === 'kernels' ? 'Show files' : 'Show kernels']);
    toggle.addEventListener('click', () => {
      view = view === 'kernels' ? 'files' : 'kernels';
      render();
    });
    const exports = ['md', 'csv', 'json', 'sarif', 'html'].map((f) => {
      const b = el('button', { type: 'button', class: 'secondary', id: `export-${f}`, 'aria-label': `Export as ${f.toUpperCase()}` }, [`Export ${f.toUpperCase()}`]);
      b.addEventListener('click', () => vscode.postMessage({ type: 'export', format: f }));
      return b;
    });
    return el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Table and export' }, [el('label', { for: 'filter' }, ['Filter:']), search, toggle, ...exports]);
  }

  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'report') {
      data = e.data.data;
      render();
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
