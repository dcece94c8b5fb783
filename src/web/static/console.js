// The Cypher console: saved queries one click away, parameters as fields,
// completion of labels, relationship types and properties from the graph,
// results as a table and, when they hold nodes, as a graph.
'use strict';
(() => {
  const form = document.getElementById('console-form');
  const editor = document.getElementById('cypher');
  const paramsBox = document.getElementById('params');
  const status = document.getElementById('status');
  const errorBox = document.getElementById('error');
  const tableBox = document.getElementById('result-table');
  const graphBox = document.getElementById('result-graph');
  const completions = document.getElementById('completions');
  const description = document.getElementById('query-description');
  let saved = [];
  let schema = { labels: [], relationshipTypes: [], propertyKeys: [] };
  let lastRows = [];
  let cy = null;
  const defaults = { now: paramsBox.dataset.now };

  // --- parameters: one field per $name in the query ---
  function paramNames(text) {
    const stripped = text.replace(/\/\/[^\n]*/g, ' ').replace(/'(?:[^'\\]|\\.)*'/g, "''").replace(/"(?:[^"\\]|\\.)*"/g, '""');
    return [...new Set([...stripped.matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1]))];
  }
  function renderParams() {
    const current = Object.fromEntries([...paramsBox.querySelectorAll('input')].map((i) => [i.name, i.value]));
    const names = paramNames(editor.value);
    paramsBox.replaceChildren(...names.map((n) => dg.el('label', {}, '$' + n + ' ', dg.el('input', { name: n, value: current[n] ?? (defaults[n] ?? '') }))));
  }
  function typed(raw) {
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (raw === 'null') return null;
    if (/^[[{]/.test(raw)) { try { return JSON.parse(raw); } catch { /* a string */ } }
    return raw;
  }

  // --- completion: the word at the cursor against the graph's names ---
  function currentWord() {
    const before = editor.value.slice(0, editor.selectionStart);
    const m = /[:.]?[A-Za-z_]\w*$/.exec(before);
    return m ? m[0] : '';
  }
  function renderCompletions() {
    const word = currentWord();
    const bare = word.replace(/^[:.]/, '').toLowerCase();
    let items = [];
    if (word.startsWith('.')) items = schema.propertyKeys.map((k) => '.' + k);
    else if (word.startsWith(':')) items = [...schema.labels, ...schema.relationshipTypes].map((k) => ':' + k);
    else items = [...schema.labels.map((k) => ':' + k), ...schema.relationshipTypes.map((k) => ':' + k), ...schema.propertyKeys.map((k) => '.' + k)];
    const shown = items.filter((i) => i.slice(1).toLowerCase().startsWith(bare)).slice(0, 24);
    completions.replaceChildren(...shown.map((s) => dg.el('button', { type: 'button', class: 'completion', 'data-insert': s, text: s })));
  }
  completions.addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-insert]');
    if (!b) return;
    const word = currentWord();
    const start = editor.selectionStart - word.length;
    const insert = b.dataset.insert;
    editor.setRangeText(insert, start, editor.selectionStart, 'end');
    editor.focus();
    renderParams();
    renderCompletions();
  });
  editor.addEventListener('input', () => {
    // Edited: no longer the saved query that was picked.
    description.textContent = '';
    for (const x of document.querySelectorAll('button.saved-query.active')) x.classList.remove('active');
    renderParams();
    renderCompletions();
  });
  editor.addEventListener('click', renderCompletions);
  editor.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); form.requestSubmit(); }
  });

  // --- saved queries ---
  document.getElementById('saved-list').addEventListener('click', (ev) => {
    const b = ev.target.closest('button.saved-query');
    if (!b) return;
    const q = saved.find((s) => s.name === b.dataset.name);
    if (!q) return;
    editor.value = q.cypher;
    description.textContent = q.description;
    for (const x of document.querySelectorAll('button.saved-query')) x.classList.toggle('active', x === b);
    paramsBox.replaceChildren();
    renderParams();
    for (const input of paramsBox.querySelectorAll('input')) {
      const ex = q.example[input.name];
      if (ex !== undefined) input.value = typeof ex === 'string' ? ex : JSON.stringify(ex);
    }
  });

  // --- results ---
  function cellText(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') {
      if (v._labels) return '(' + v._labels.filter((l) => l !== 'Entity').join(':') + ' ' + nodeName(v) + ')';
      if (v._type) return '[:' + v._type + ']';
      return JSON.stringify(v);
    }
    return String(v);
  }
  // A credential is named by its own id: its name is its identity's, shared by every key of one user.
  function nodeName(n) {
    const credential = Array.isArray(n._labels) && n._labels.includes('Credential');
    return String((credential ? n.nativeId : null) ?? n.displayName ?? n.name ?? n.key ?? '');
  }
  function renderTable(columns, rows) {
    const thead = dg.el('thead', {}, dg.el('tr', {}, ...columns.map((c) => dg.el('th', { text: c }))));
    const tbody = dg.el('tbody', {}, ...rows.map((r) => dg.el('tr', {}, ...columns.map((c) => dg.el('td', { text: cellText(r[c]) })))));
    tableBox.replaceChildren(dg.el('table', { class: 'results' }, thead, tbody));
  }
  // Nodes are values with _labels (and a key); a relationship value joins the
  // nearest node columns on either side of it in the row; a path joins its own nodes.
  const KINDS = ['Person', 'Team', 'Service', 'Credential', 'Entitlement', 'NHI', 'Account', 'Identity', 'Activity', 'Finding', 'Scan'];
  function toGraph(columns, rows) {
    const nodes = new Map();
    const edges = new Map();
    const nodeId = (n) => {
      const id = String(n.key ?? JSON.stringify(n));
      const labels = n._labels || [];
      const kind = KINDS.find((k) => labels.includes(k)) || labels.find((l) => l !== 'Entity') || 'Node';
      if (!nodes.has(id)) nodes.set(id, { id, label: kind + ' ' + nodeName(n), kind });
      return id;
    };
    const isNode = (v) => v && typeof v === 'object' && Array.isArray(v._labels);
    const isRel = (v) => v && typeof v === 'object' && typeof v._type === 'string';
    for (const r of rows) {
      const vals = columns.map((c) => r[c]);
      vals.forEach((v, i) => {
        if (isNode(v)) nodeId(v);
        if (v && typeof v === 'object' && Array.isArray(v.nodes) && Array.isArray(v.edges)) {
          v.nodes.forEach((n, j) => { if (j > 0 && isNode(n) && isNode(v.nodes[j - 1])) { const a = nodeId(v.nodes[j - 1]); const b = nodeId(n); edges.set(a + b, { source: a, target: b, label: v.edges[j - 1]?._type ?? '' }); } });
        }
        if (isRel(v)) {
          let left = null; let right = null;
          for (let k = i - 1; k >= 0; k--) if (isNode(vals[k])) { left = vals[k]; break; }
          for (let k = i + 1; k < vals.length; k++) if (isNode(vals[k])) { right = vals[k]; break; }
          if (left && right) { const a = nodeId(left); const b = nodeId(right); edges.set(a + '|' + v._type + '|' + b, { source: a, target: b, label: v._type }); }
        }
      });
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }
  function showTab(name) {
    for (const t of document.querySelectorAll('.tab')) t.classList.toggle('active', t.dataset.tab === name);
    tableBox.hidden = name !== 'table';
    graphBox.hidden = name !== 'graph';
    if (name === 'graph') {
      const graph = toGraph(lastColumns, lastRows);
      if (cy) { cy.destroy(); cy = null; }
      if (!graph.nodes.length) graphBox.replaceChildren(dg.el('p', { class: 'none', text: 'These results hold no nodes: return whole nodes (and relationships) to see a graph.' }));
      else { graphBox.replaceChildren(); cy = dgGraph.draw(graphBox, graph, null); }
    }
  }
  let lastColumns = [];
  // A refused or failed query leaves no earlier answer on screen to be taken for its own.
  function clearResults() {
    lastColumns = [];
    lastRows = [];
    if (cy) { cy.destroy(); cy = null; }
    tableBox.replaceChildren();
    graphBox.replaceChildren();
    delete graphBox.dataset.rendered;
    delete graphBox.dataset.labels;
  }
  for (const t of document.querySelectorAll('.tab')) t.addEventListener('click', () => showTab(t.dataset.tab));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errorBox.hidden = true;
    status.textContent = 'running…';
    const params = Object.fromEntries([...paramsBox.querySelectorAll('input')].map((i) => [i.name, typed(i.value)]));
    try {
      const r = await fetch('/api/query', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cypher: editor.value, params }) });
      const body = await r.json();
      if (!r.ok) {
        clearResults();
        status.textContent = body.refused ? 'refused' : 'error';
        errorBox.textContent = body.error;
        errorBox.hidden = false;
        return;
      }
      lastColumns = body.columns;
      lastRows = body.rows;
      status.textContent = body.total + ' row(s)' + (body.truncated ? ' (first ' + body.rows.length + ' shown)' : '');
      renderTable(body.columns, body.rows);
      const active = document.querySelector('.tab.active');
      showTab(active ? active.dataset.tab : 'table');
    } catch (e) {
      clearResults();
      status.textContent = 'error';
      errorBox.textContent = e.message;
      errorBox.hidden = false;
    }
  });

  (async () => {
    [saved, schema] = await Promise.all([dg.getJson('/api/saved'), dg.getJson('/api/schema')]);
    renderParams();
    renderCompletions();
    form.dataset.ready = 'yes';
  })();
})();
