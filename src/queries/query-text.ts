// The text a checked query runs as. Neo4j's parser (which the read-only guard
// uses) and the embedded engine do not split text into tokens the same way:
// Neo4j ends a `//` comment at a carriage return, the engine at a newline
// only; Neo4j takes Unicode spaces, dashes and arrow heads, `1_000` and
// doubled backticks, the engine does not. A query that one reads as a comment
// and the other as a clause would pass the guard and still run the clause.
//
// So the guard never approves the text it was given. It rebuilds the query
// from Neo4j's own tokens in one plain form both engines read alike: no
// comments, one ASCII space where there was any space or comment, strings
// re-written with only `\\`, `\'` and `\uXXXX` escapes, names in backticks
// only when they need them, numbers without `_`. That form is checked again
// (it must be plain by a character-level scan that trusts neither parser, and
// render to itself), and it is what the store runs.
import { cypherTokens } from './cypher-parser.js';

/** Thrown when a query uses a form the engines may read differently: refused, not guessed at. */
export class AmbiguousQueryError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'AmbiguousQueryError';
  }
}

/** Neo4j's whitespace (Cypher25Lexer SPACE): what may sit between tokens. */
const NEO4J_SPACE = /^[\t\n\u000B\u000C\r\u001C-\u001F \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$/;
/** Neo4j's other spellings of `-`, `<` and `>` in patterns (ARROW_LINE, ARROW_LEFT_HEAD, ARROW_RIGHT_HEAD). */
const DASHES = new Set([...'\u00AD\u2010\u2011\u2012\u2013\u2014\u2015\uFE58\uFE63\uFF0D']);
const LEFT_HEADS = new Set([...'\u27E8\u3008\uFE64\uFF1C']);
const RIGHT_HEADS = new Set([...'\u27E9\u3009\uFE65\uFF1E']);
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters no name may hold: controls and line or paragraph separators. */
const UNSAFE_IN_NAME = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', t: '\t', b: '\b', n: '\n', r: '\r', f: '\f' };

/** A string literal's value as Neo4j reads it; an escape Neo4j does not define is refused. */
function decodeString(token: string): string {
  const quote = token[0];
  if (token.length < 2 || token[token.length - 1] !== quote) throw new AmbiguousQueryError(`the string ${clip(token)} is not closed`);
  const body = token.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[i + 1] ?? '';
    if (e in ESCAPES) {
      out += ESCAPES[e];
      i += 1;
    } else if ((e === 'u' && /^[0-9A-Fa-f]{4}$/.test(body.slice(i + 2, i + 6))) || (e === 'U' && /^[0-9A-Fa-f]{8}$/.test(body.slice(i + 2, i + 10)))) {
      const digits = e === 'u' ? 4 : 8;
      const code = parseInt(body.slice(i + 2, i + 2 + digits), 16);
      if (code > 0x10ffff) throw new AmbiguousQueryError(`\\${e}${body.slice(i + 2, i + 2 + digits)} is not a character`);
      out += String.fromCodePoint(code);
      i += 1 + digits;
    } else {
      throw new AmbiguousQueryError(`the escape \\${e} in a string is not one both stores read alike (use \\\\ \\' \\" \\t \\n \\r \\b \\f \\uXXXX)`);
    }
  }
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out)) {
    throw new AmbiguousQueryError('a string holds half of a surrogate pair');
  }
  return out;
}

/** A string as both engines read it: printable ASCII, with `\\`, `\'` and `\u`/`\U` escapes for the rest. */
export function encodeString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0').toUpperCase()}`;
    else out += `\\U${code.toString(16).padStart(8, '0').toUpperCase()}`;
  }
  return out + "'";
}

/** A name (variable, label, property, parameter), bare when plain, else in backticks. */
function renderName(token: string): string {
  let name = token;
  if (token.startsWith('`')) {
    if (token.length < 2 || !token.endsWith('`')) throw new AmbiguousQueryError(`the name ${clip(token)} is not closed`);
    name = token.slice(1, -1).replace(/``/g, '`');
  }
  if (PLAIN_NAME.test(name)) return name;
  if (name.includes('`')) throw new AmbiguousQueryError(`the name ${clip(token)} holds a backtick, which the embedded store cannot read`);
  if (!name || UNSAFE_IN_NAME.test(name)) throw new AmbiguousQueryError(`the name ${clip(token)} holds a control character or line separator`);
  return `\`${name}\``;
}

function renderToken(token: string): string {
  const first = token[0]!;
  if (first === "'" || first === '"') return encodeString(decodeString(token));
  if (first === '`') return renderName(token);
  if (/^-?\.?[0-9]/.test(token)) {
    // Neo4j reads `1_000` as 1000; the embedded store does not take `_`.
    if (!/^-?[0-9A-Za-z._+-]+$/.test(token)) throw new AmbiguousQueryError(`the number ${clip(token)} is not one both stores read alike`);
    return token.replace(/_/g, '');
  }
  if (token.length === 1 && DASHES.has(token)) return '-';
  if (token.length === 1 && LEFT_HEADS.has(token)) return '<';
  if (token.length === 1 && RIGHT_HEADS.has(token)) return '>';
  if (/^[\x21-\x7e]+$/.test(token)) {
    // A keyword, a bare name or an operator; quotes inside one are an
    // interpolated string (s'...{x}...'), which the embedded store lacks.
    if (/['"`]/.test(token)) throw new AmbiguousQueryError(`${clip(token)}: interpolated strings are not supported`);
    return token;
  }
  // A bare name with letters beyond ASCII (Neo4j allows them): in backticks.
  if (/^[^\x00-\x7f]|^[A-Za-z_]/.test(token) && !/[\s'"`\\$]/.test(token)) return renderName(`\`${token}\``);
  throw new AmbiguousQueryError(`${clip(token)} is not a token both stores read alike`);
}

function clip(s: string): string {
  const shown = JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}...` : s);
  return shown;
}

/**
 * The query in its plain form (see the top of this file), built from Neo4j's
 * tokens. Throws AmbiguousQueryError for anything that cannot be put in that
 * form without guessing.
 */
export function plainQuery(cypher: string): string {
  const plain = render(cypher);
  assertPlain(plain);
  if (render(plain) !== plain) throw new AmbiguousQueryError('its plain form does not read back the same');
  return plain;
}

function render(cypher: string): string {
  const tokens = cypherTokens(cypher).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  let gap = false;
  let previous = '';
  for (const t of tokens) {
    if (t.start < at) throw new AmbiguousQueryError('the parser gave overlapping tokens');
    const between = cypher.slice(at, t.start);
    if (!NEO4J_SPACE.test(between)) throw new AmbiguousQueryError(`${clip(between)} is not a token Neo4j's parser reports`);
    if (between) gap = true;
    at = t.end;
    if (t.comment) {
      gap = true;
      continue;
    }
    const text = renderToken(cypher.slice(t.start, t.end));
    // Quoted tokens never touch: '' followed by ' reads as one string in some dialects.
    const touching = /['`]$/.test(previous) && /^['`]/.test(text);
    if (out && (gap || touching)) out += ' ';
    out += text;
    previous = text;
    gap = false;
  }
  const rest = cypher.slice(at);
  if (!NEO4J_SPACE.test(rest)) throw new AmbiguousQueryError(`${clip(rest)} is not a token Neo4j's parser reports`);
  return out;
}

/**
 * A character-level check that trusts neither parser: the text holds only
 * printable ASCII outside quotes, no comment openers, strings in single
 * quotes with the escapes encodeString writes, and names in backticks
 * without controls or line separators. Any comment or string boundary one
 * engine could read differently from the other fails here.
 */
export function assertPlain(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      for (i++; ; i++) {
        const s = text[i];
        if (s === undefined) throw new AmbiguousQueryError('a string is not closed in its plain form');
        if (s === "'") break;
        if (s === '\\') {
          const e = text[i + 1];
          if (e === '\\' || e === "'") i += 1;
          else if (e === 'u' && /^[0-9A-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 5;
          else if (e === 'U' && /^[0-9A-F]{8}$/.test(text.slice(i + 2, i + 10))) i += 9;
          else throw new AmbiguousQueryError('a string escape in the plain form is not one of \\\\ \\\' \\u \\U');
        } else if (s < ' ' || s > '~') {
          throw new AmbiguousQueryError('a string in the plain form holds a character beyond printable ASCII');
        }
      }
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0 || UNSAFE_IN_NAME.test(text.slice(i + 1, end))) throw new AmbiguousQueryError('a name in the plain form is not closed or holds a control character');
      i = end;
    } else if (c < ' ' || c > '~' || c === '"' || c === '\\') {
      throw new AmbiguousQueryError(`the plain form holds ${clip(c)} outside a string`);
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      throw new AmbiguousQueryError('the plain form holds a comment opener');
    } else if (c === '*' && text[i + 1] === '/') {
      throw new AmbiguousQueryError('the plain form holds a comment closer');
    }
  }
}
