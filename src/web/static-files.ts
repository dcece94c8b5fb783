// The view's scripts and stylesheet, served as files (the CSP allows no
// inline code), and cytoscape from node_modules: no CDN, no network.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import { packagePath } from '../util/package-root.js';

// The sources' folder even when this file runs compiled from dist/: the static
// files are plain JavaScript and CSS, shipped as they are.
const STATIC = packagePath('src', 'web', 'static');
const require = createRequire(import.meta.url);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Only these names are served: a request can never name another file. */
function staticFiles(): Map<string, string> {
  const own = ['app.css', 'cytoscape-container.css', 'common.js', 'findings.js', 'finding.js', 'graph-view.js', 'console.js', 'copy.js'];
  const files = new Map(own.map((f) => [f, join(STATIC, f)]));
  files.set('cytoscape.min.js', require.resolve('cytoscape/dist/cytoscape.min.js'));
  return files;
}

export function registerStatic(app: Hono): void {
  const files = staticFiles();
  const cache = new Map<string, string>();
  const serve = async (c: Context, name: string) => {
    const path = files.get(name);
    if (!path) return c.text('404: no such file\n', 404);
    let body = cache.get(name);
    if (body === undefined) {
      body = await readFile(path, 'utf8');
      cache.set(name, body);
    }
    return c.body(body, 200, { 'content-type': TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream' });
  };
  app.get('/static/:name', (c) => serve(c, c.req.param('name')));
  // The reviewers' pages (under /review/, outside the view's token) use the stylesheet, and only it.
  app.get('/review/static/app.css', (c) => serve(c, 'app.css'));
}
