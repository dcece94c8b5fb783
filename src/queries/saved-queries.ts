// The analysts' saved queries (queries/saved/*.cypher). Each begins with a
// header of `// key: value` lines: name, title, params (names, or "(none)"),
// example (values that run against the demo estate: `k=v, n:int=5`, typed as
// `driftgraph query --param` takes them), and
// description (what it answers).
import { readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { packagePath } from '../util/package-root.js';
import { queryParams } from './query-params.js';

export const SAVED_DIR = packagePath('queries', 'saved') + sep;

export interface SavedQuery {
  name: string;
  file: string;
  title: string;
  description: string;
  params: string[];
  example: Record<string, unknown>;
  cypher: string;
}

export function parseSavedQuery(file: string, text: string): SavedQuery {
  const header: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\/\/\s*([a-z-]+):\s*(.*)$/i.exec(line.trim());
    if (!m) {
      if (line.trim().startsWith('//')) continue;
      break;
    }
    header[m[1]!.toLowerCase()] = header[m[1]!.toLowerCase()] ? `${header[m[1]!.toLowerCase()]} ${m[2]!.trim()}` : m[2]!.trim();
  }
  const name = header.name ?? file.replace(/\.cypher$/, '');
  const params = !header.params || /^\(none\)$/i.test(header.params) ? [] : header.params.split(/[,\s]+/).map((p) => p.replace(/=.*$/, '')).filter(Boolean);
  const example = queryParams(
    (header.example ?? '')
      .split(/,\s*(?=[A-Za-z_]\w*(?::\w+)?=)/)
      .filter((p) => p.includes('='))
      .map((p) => p.trim()),
  );
  return { name, file, title: header.title ?? name, description: header.description ?? '', params, example, cypher: text };
}

export async function readSavedQueries(dir = SAVED_DIR): Promise<SavedQuery[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cypher')).sort();
  const out: SavedQuery[] = [];
  for (const f of files) out.push(parseSavedQuery(f, await readFile(join(dir, f), 'utf8')));
  return out.sort((a, b) => a.title.localeCompare(b.title));
}
