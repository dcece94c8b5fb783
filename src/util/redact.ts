// Secrets never land: a value whose name or shape looks secret is replaced
// before it reaches the graph, a log, a report or a ticket. Names: anything
// containing password, secret, token, key, credential (case-insensitive).
// Shapes: well-known token formats and long high-entropy strings. Provider
// identifiers (ARNs, access key ids, hex key ids, emails) are not secrets;
// they hold no whitespace, which is how a stored value is told from text
// (redactValue).

export const REDACTED = '[redacted]';

const SECRET_NAME = /pass(word|wd)?|secret|token|key|credential|private|session/i;
/** Names that contain "key" but are identifiers the model reads. */
const NOT_SECRET_NAME = /^(owner|email|contact|created-by|owner[-_]email|driftgraph\.dev\/.*|keyid|key_id|accesskeyid)$/i;

export const SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/,
  /\bgithub_pat_[A-Za-z0-9_]{30,}\b/,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/,
  /\bAIza[0-9A-Za-z_-]{35}\b/,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, // a JWT
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/,
  /\bSSWS [A-Za-z0-9_-]{20,}\b/i, // an Okta API token
  /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/, // a HashiCorp Vault service, batch or recovery token
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/i,
  // OpenAI keys (project, service account, admin, legacy) and Anthropic API and admin keys.
  /\bsk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{16,}/,
  /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{16,}/,
  /\bsk-[A-Za-z0-9]{40,}\b/,
];

/**
 * A text every shape match contains, case aside: one pass over a value that
 * has none of these (nearly every value a scan stores) tells it holds no
 * shape, where the shapes one by one take thirteen. A shape added above
 * needs its own literal here (test/redact-shapes.test.ts compares the two
 * ways on each shape's near misses).
 */
const SHAPE_HINT = /PRIVATE KEY|gh[pousr]_|github_pat_|xox[abprs]-|AIza|eyJ|_(?:live|test)_|ssws|hv[sbr]\.|bearer|basic|sk-/i;

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/**
 * A run of 32+ key-like characters that looks like a key: mixed case and
 * digits with more entropy than words (a secret access key, an API key), or,
 * in free text (`hex`), 32+ hex digits (an API token written in hex; ids and
 * hashes that long belong in id fields, which are not free text).
 */
function highEntropyRun(s: string, hex = false): boolean {
  for (const m of s.matchAll(/[A-Za-z0-9+/=_-]{32,}/g)) {
    const run = m[0];
    if (/^[0-9a-f]+$/i.test(run) || /^[0-9A-F]+$/.test(run)) {
      if (hex && /[0-9]/.test(run) && /[a-f]/i.test(run)) return true;
      continue;
    }
    if (/[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) && entropy(run) > 4.2) return true;
    // A hex token inside a longer run (`token=` + 40 hex digits).
    if (hex && /[0-9a-f]{32,}/i.test(run) && /[0-9]/.test(run)) {
      const h = /[0-9a-f]{32,}/i.exec(run)![0];
      if (/[a-f]/i.test(h) && /[0-9]/.test(h)) return true;
    }
  }
  return false;
}

export function looksSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

export function looksSecretValue(value: string): boolean {
  return (SHAPE_HINT.test(value) && SECRET_SHAPES.some((r) => r.test(value))) || highEntropyRun(value, true);
}

/** The value, or REDACTED when its name or its shape looks secret. */
export function redact(name: string, value: string): string {
  return looksSecretName(name) || looksSecretValue(value) ? REDACTED : value;
}

/**
 * A stored value, whatever its field: an identifier never holds whitespace,
 * so a value that does is text, and every token-shaped part of it is
 * replaced (redactText); a value without whitespace may be an id that looks
 * random (a hex key id, a base64 principal id), so only the well-known
 * token formats are replaced in it (redactShapes).
 */
export function redactValue(value: string): string {
  return /\s/.test(value) ? redactText(value) : redactShapes(value);
}

/** True when an identifier (a record's key) holds what redactValue would replace: a record named by a secret is not stored. */
export function idLooksSecret(id: string): boolean {
  return redactValue(id) !== id;
}

/** Free text (a user agent, a description, a display name, a warning) with secret-looking parts replaced. */
export function redactText(text: string): string {
  return redactShapes(text).replace(/[A-Za-z0-9+/=_-]{32,}/g, (run) => (highEntropyRun(run, true) ? REDACTED : run));
}

const GLOBAL_SHAPES = SECRET_SHAPES.map((r) => new RegExp(r.source, r.flags.includes('g') ? r.flags : r.flags + 'g'));


/**
 * Only the well-known token formats (a private key, ghp_, a JWT, Bearer,
 * SSWS, ...) replaced: no provider id has these shapes, so this is safe on
 * any value, ids included. The scan passes every stored value through it.
 */
export function redactShapes(text: string): string {
  if (!SHAPE_HINT.test(text)) return text;
  let out = text;
  for (const r of GLOBAL_SHAPES) {
    r.lastIndex = 0;
    if (r.test(text)) {
      r.lastIndex = 0;
      out = out.replace(r, REDACTED);
    }
  }
  return out;
}
