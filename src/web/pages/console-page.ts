// GET /console: a read-only Cypher console. The editor is a plain textarea
// with a completion list of the graph's labels, relationship types and
// property keys (no code editor package is installed); the saved queries of
// queries/saved/ are one click away.
import type { SavedQuery } from '../../queries/saved-queries.js';
import { html, type SafeHtml } from '../html.js';

export function consolePage(saved: SavedQuery[], now: string | null): SafeHtml {
  return html`
<h1>Cypher console</h1>
<div class="console">
<aside class="saved">
  <h2>Saved queries</h2>
  <ul id="saved-list">${saved.map(
    (q) => html`<li><button type="button" class="saved-query" data-name="${q.name}" title="${q.description}">${q.title}</button></li>`,
  )}</ul>
</aside>
<section>
  <form id="console-form">
    <label for="cypher">Query (read-only: writes are refused, as <code>driftgraph query</code> refuses them)</label>
    <textarea id="cypher" name="cypher" rows="9" spellcheck="false" autocomplete="off">MATCH (p:Person) WHERE p.isLeaver = true RETURN p.displayName AS person, p.leftAt AS leftAt ORDER BY leftAt DESC</textarea>
    <div id="completions" class="completions" aria-label="labels, relationship types and properties of the graph: click to insert"></div>
    <div id="params" class="params" data-now="${now ?? ''}"></div>
    <button type="submit" id="run">Run</button>
    <span id="status" class="status" role="status"></span>
  </form>
  <p id="query-description" class="meta"></p>
  <div id="error" class="error" hidden></div>
  <div class="tabs"><button type="button" data-tab="table" class="tab active">Table</button><button type="button" data-tab="graph" class="tab">Graph</button></div>
  <div id="result-table" class="result"></div>
  <div id="result-graph" class="graph result" hidden></div>
</section>
</div>
`;
}
