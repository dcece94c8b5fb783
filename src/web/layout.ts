// The page frame every view shares: navigation, the stylesheet, and the
// page's own script files (no inline script or style: the CSP forbids them).
import { html, type SafeHtml } from './html.js';
import { asOfWords, type DataAge } from '../util/data-age.js';

const NAV: [string, string][] = [
  ['/', 'Findings'],
  ['/people', 'People'],
  ['/jml', 'JML queue'],
  ['/dashboard', 'Dashboard'],
  ['/console', 'Cypher console'],
];

export interface PageOptions {
  title: string;
  active: string;
  scripts?: string[];
  /** How old the latest scan is: the header says it, and warns when it is stale. */
  age?: DataAge;
  store?: string;
}

export function layout(o: PageOptions, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · driftgraph</title>
<link rel="stylesheet" href="/static/app.css">
${(o.scripts ?? []).includes('cytoscape.min.js') ? html`<link rel="stylesheet" id="__________cytoscape_stylesheet" href="/static/cytoscape-container.css">` : ''}
</head>
<body>
<header class="top">
  <a class="brand" href="/">driftgraph</a>
  <nav>${NAV.map(([href, label]) => html`<a href="${href}"${o.active === href ? html` class="active" aria-current="page"` : ''}>${label}</a>`)}</nav>
  <span class="asof${o.age?.stale ? ' stale' : ''}"${o.age?.stale ? html` role="alert"` : ''}>${o.age?.stale ? html`<strong>STALE DATA</strong> (older than ${o.age.staleAfterHours} h): ` : ''}${o.age ? asOfWords(o.age) : 'no scan yet'}${o.store ? html` · ${o.store}` : ''}</span>
</header>
<main>
${body}
</main>
${(o.scripts ?? []).map((s) => html`<script src="/static/${s}"></script>`)}
</body>
</html>
`.text;
}
