// escapeHtml and the html template: a provider value can only ever be text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml } from '../../src/util/escape.js';
import { html, raw } from '../../src/web/html.js';

test('escapeHtml turns every markup character into an entity', () => {
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&\`</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  assert.equal(escapeHtml(null), '');
  assert.equal(escapeHtml(undefined), '');
  assert.equal(escapeHtml(42), '42');
  assert.equal(escapeHtml('&lt;'), '&amp;lt;', 'already-escaped text is escaped again, not trusted');
});

test('the html template escapes values, lists of values and attributes, and keeps its own markup', () => {
  const name = '"><script>alert(1)</script>';
  const out = html`<td title="${name}">${name}</td>${[name, html`<b>${name}</b>`]}${raw('<hr>')}${null}${false}`.text;
  assert.ok(!out.includes('<script>'));
  assert.equal(out.split('&lt;script&gt;').length - 1, 4);
  assert.ok(out.includes('<b>&quot;&gt;&lt;script&gt;') && out.endsWith('<hr>'));
});
