// IAM policy documents in either form AWS hands them out: a JSON object (the
// CLI decodes them) or a URL-encoded JSON string (the raw API and the SDKs do
// not). Statements are normalized so the analyses never care which of the
// grammar's "string or list" forms a policy author picked.

export interface Statement {
  sid: string | null;
  effect: string;
  /** null when the statement uses NotAction instead. */
  action: string[] | null;
  notAction: string[] | null;
  resource: string[] | null;
  notResource: string[] | null;
  /** As written: `"*"` or `{AWS|Service|Federated: string | string[]}`. */
  principal: unknown;
  /** operator -> condition key -> values (always strings). */
  condition: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  version: string | null;
  statements: Statement[];
}

export class PolicyDocumentError extends Error {}

/** Decode and normalize a policy document; throws PolicyDocumentError saying why. */
export function decodePolicyDocument(raw: unknown): PolicyDocument {
  const doc = policyJson(raw);
  if (!isObject(doc)) throw new PolicyDocumentError('policy document is not a JSON object');
  const rawStatements = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const statements = rawStatements.map((s, i) => normalizeStatement(s, i));
  return { version: typeof doc.Version === 'string' ? doc.Version : null, statements };
}

/** The document as a JSON value, whichever form it came in (for keeping it verbatim). */
export function policyJson(raw: unknown): unknown {
  return typeof raw === 'string' ? parseDocumentString(raw) : raw;
}

function parseDocumentString(text: string): unknown {
  const trimmed = text.trim();
  // A plain JSON string is tried first: a literal `%` in a condition value
  // would make decodeURIComponent throw on an unencoded document.
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // fall through: `{` may also start an encoded document with unencoded braces
    }
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(trimmed);
  } catch {
    throw new PolicyDocumentError('policy document is neither JSON nor URL-encoded JSON (bad % escape)');
  }
  try {
    return JSON.parse(decoded);
  } catch {
    // Form encoding writes spaces as `+`; JSON never needs a bare `+` outside strings.
    try {
      return JSON.parse(decodeURIComponent(trimmed.replace(/\+/g, '%20')));
    } catch (e) {
      throw new PolicyDocumentError(`policy document is not valid JSON after URL decoding: ${(e as Error).message}`);
    }
  }
}

function normalizeStatement(raw: unknown, index: number): Statement {
  if (!isObject(raw)) throw new PolicyDocumentError(`Statement[${index}] is not an object`);
  return {
    sid: typeof raw.Sid === 'string' ? raw.Sid : null,
    effect: typeof raw.Effect === 'string' ? raw.Effect : '',
    action: stringList(raw.Action, `Statement[${index}].Action`),
    notAction: stringList(raw.NotAction, `Statement[${index}].NotAction`),
    resource: stringList(raw.Resource, `Statement[${index}].Resource`),
    notResource: stringList(raw.NotResource, `Statement[${index}].NotResource`),
    principal: raw.Principal ?? null,
    condition: normalizeCondition(raw.Condition, index),
  };
}

/** `"x"` or `["x", "y"]` -> list; absent -> null. */
function stringList(value: unknown, where: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new PolicyDocumentError(`${where} is not a string or a list of strings`);
}

function normalizeCondition(raw: unknown, index: number): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  if (raw === undefined || raw === null) return out;
  if (!isObject(raw)) throw new PolicyDocumentError(`Statement[${index}].Condition is not an object`);
  for (const [op, block] of Object.entries(raw)) {
    if (!isObject(block)) throw new PolicyDocumentError(`Statement[${index}].Condition.${op} is not an object`);
    const keys: Record<string, string[]> = {};
    // Condition values may be booleans or numbers (`"aws:SecureTransport": false`).
    for (const [key, v] of Object.entries(block)) keys[key] = (Array.isArray(v) ? v : [v]).map((x) => String(x));
    out[op] = keys;
  }
  return out;
}

/** Principal `"*"` or `{Kind: "x" | ["x"]}` -> the values of one kind (`Federated`, `AWS`, ...). */
export function principalValues(principal: unknown, kind: string): string[] {
  if (principal === '*') return ['*'];
  if (!isObject(principal)) return [];
  const v = principal[kind];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** IAM wildcard match (`*` any run, `?` one character), case-insensitive as IAM actions are. */
export function iamPatternMatches(pattern: string, value: string): boolean {
  const re = new RegExp(
    '^' + pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('') + '$',
    'i',
  );
  return re.test(value);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
