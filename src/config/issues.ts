// Config and exceptions errors in words a user can act on: the key path, what
// is wrong with it, and for a key that does not exist the closest one that
// does (looked up in the schema itself, one level down too: `schedule.crn`
// is most likely `schedule.scan.cron`). A value the user wrote is never
// quoted back: a config may hold a password by mistake, and an error is
// printed, logged and mailed.
import type { z } from 'zod';
import { closestMatch } from '../util/did-you-mean.js';

type Issue = z.core.$ZodIssue;
type AnySchema = z.ZodType<unknown>;

interface Def {
  type?: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  catchall?: AnySchema;
}

const defOf = (s: AnySchema | undefined): Def => ((s as unknown as { _zod?: { def?: Def } })?._zod?.def ?? {});

/** The schema with optional/default/nullable/pipe wrappers taken off. */
function unwrap(s: AnySchema | undefined): AnySchema | undefined {
  let cur = s;
  for (let i = 0; i < 10 && cur; i++) {
    const d = defOf(cur);
    if (d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else break;
  }
  return cur;
}

/** The schema that validates the value at `path`, when the schema says. */
function schemaAt(root: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let cur: AnySchema | undefined = unwrap(root);
  for (const seg of path) {
    const d = defOf(cur);
    if (d.type === 'object') cur = d.shape?.[String(seg)] ?? d.catchall;
    else if (d.type === 'array') cur = d.element;
    else if (d.type === 'record') cur = d.valueType;
    else if (d.type === 'union') cur = d.options?.map((o) => schemaAt(o, [seg])).find(Boolean);
    else return undefined;
    cur = unwrap(cur);
  }
  return cur;
}

/** The keys an object at `path` takes (none when it is not an object with fixed keys). */
export function keysAt(root: AnySchema, path: readonly PropertyKey[]): string[] {
  const d = defOf(schemaAt(root, path));
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

/** The closest valid key to `name` at `path`, or one level below it ("scan.cron"). */
export function closestKey(root: AnySchema, path: readonly PropertyKey[], name: string): string | null {
  const here = keysAt(root, path);
  const direct = closestMatch(name, here);
  let best = direct;
  for (const k of here) {
    const below = closestMatch(name, keysAt(root, [...path, k]));
    if (below && (!best || below.distance < best.distance)) best = { name: `${k}.${below.name}`, distance: below.distance };
  }
  return best?.name ?? null;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur = raw;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

const pathText = (path: readonly PropertyKey[]) => path.map(String).join('.');

/**
 * One line per problem: `key.path: what is wrong`. `raw` is what the file
 * held (to tell a missing key from a wrong one), `root` the schema (for the
 * closest valid key).
 */
export function describeIssues(
  issues: readonly Issue[],
  raw: unknown,
  root: AnySchema,
  label = (p: readonly PropertyKey[]) => pathText(p) || '(top level)',
  /** How a suggested key is written: the whole path by default. */
  suggestion = (p: readonly PropertyKey[]) => pathText(p),
): string[] {
  const lines: string[] = [];
  for (const i of issues) {
    if (i.code === 'unrecognized_keys') {
      for (const key of i.keys) {
        const near = closestKey(root, i.path, key);
        const full = near ? suggestion([...i.path, near]) : null;
        const valid = keysAt(root, i.path);
        const hint = full ? `; did you mean "${full}"?` : valid.length ? ` (valid keys: ${valid.join(', ')})` : '';
        lines.push(`${label([...i.path, key])}: no such key${hint}`);
      }
      continue;
    }
    const missing = valueAt(raw, i.path) === undefined && (i.code === 'invalid_type' || i.code === 'invalid_union');
    if (missing) {
      lines.push(`${label(i.path)}: required, but missing`);
      continue;
    }
    lines.push(`${label(i.path)}: ${i.message}`);
  }
  return lines;
}

/**
 * A YAML parse error as `line L, column C: what` without the excerpt the
 * parser adds (the excerpt is the user's text, possibly a password).
 */
export function yamlErrorText(e: unknown): string {
  const err = e as { linePos?: { line: number; col: number }[]; message?: string };
  const pos = err.linePos?.[0];
  // The first line of the message, without its " at line L, column C:" tail
  // and without anything after a colon (some messages end with the token).
  const first = String(err.message ?? '').split('\n')[0]!.replace(/\s+at line \d+, column \d+:?\s*$/, '');
  const what = first.split(/:\s/)[0]!.trim() || 'not valid YAML';
  return `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}not valid YAML (${what})`;
}
