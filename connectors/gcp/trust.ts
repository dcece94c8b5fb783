// Broad workload trust on GCP (rule broad-workload-trust): a workload identity
// provider for GitHub's token issuer whose attribute condition is missing or
// does not require one exact repository. "Requires" means: the condition's
// top level is a conjunction (no `||` alternative) with an equality of
// `assertion.repository` or `attribute.repository` to one string literal.
import type { WorkloadIdentityProvider } from './model.js';

const GITHUB_ISSUER_HOST = 'token.actions.githubusercontent.com';

export function isGithubIssuer(issuerUri: string | null): boolean {
  if (!issuerUri) return false;
  try {
    return new URL(issuerUri).hostname.toLowerCase() === GITHUB_ISSUER_HOST;
  } catch {
    return false;
  }
}

/** Issue strings for the finding's evidence; [] when the provider is pinned or not GitHub's. */
export function providerTrustIssues(p: WorkloadIdentityProvider): string[] {
  if (!isGithubIssuer(p.issuerUri)) return [];
  const condition = (p.attributeCondition ?? '').trim();
  if (!condition) return [`github-provider-without-attribute-condition: ${p.name}`];
  if (!pinsOneRepository(condition)) return [`github-provider-condition-not-one-repository: ${condition}`];
  return [];
}

type Token = { kind: 'str'; text: string } | { kind: 'op'; text: string } | { kind: 'word'; text: string };

/** CEL tokens, enough to find `&&`, `||`, `==`, parentheses and string literals. */
export function tokenize(src: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      // Triple-quoted and raw strings are rare in conditions; a plain literal is read with escapes.
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) {
          text += src[j + 1];
          j += 2;
        } else text += src[j++];
      }
      if (j >= src.length) return null;
      out.push({ kind: 'str', text });
      i = j + 1;
    } else if (src.startsWith('&&', i) || src.startsWith('||', i) || src.startsWith('==', i) || src.startsWith('!=', i)) {
      out.push({ kind: 'op', text: src.slice(i, i + 2) });
      i += 2;
    } else if ('()[]{},!<>+-*/%?:'.includes(c)) {
      out.push({ kind: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_.]/.test(src[j]!)) j++;
      if (j === i) j = i + 1;
      out.push({ kind: 'word', text: src.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/** Split at a top-level operator (outside parentheses and brackets). */
function splitTop(tokens: Token[], op: string): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    if (depth === 0 && t.kind === 'op' && t.text === op) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts;
}

/** `( ... )` wrapping the whole expression, removed. */
function unwrap(tokens: Token[]): Token[] {
  while (tokens.length >= 2 && tokens[0]!.text === '(' && tokens[tokens.length - 1]!.text === ')' && tokens[0]!.kind === 'op') {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === 'op' && t.text === '(') depth++;
      if (t.kind === 'op' && t.text === ')') depth--;
      if (depth === 0 && i < tokens.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) break;
    tokens = tokens.slice(1, -1);
  }
  return tokens;
}

const REPOSITORY = new Set(['assertion.repository', 'attribute.repository']);

function isRepositoryEquality(tokens: Token[]): boolean {
  if (tokens.length !== 3) return false;
  const [a, op, b] = tokens as [Token, Token, Token];
  if (op.kind !== 'op' || op.text !== '==') return false;
  const pinned = (x: Token, y: Token) => x.kind === 'word' && REPOSITORY.has(x.text) && y.kind === 'str' && y.text !== '';
  return pinned(a, b) || pinned(b, a);
}

export function pinsOneRepository(condition: string): boolean {
  const tokens = tokenize(condition);
  return tokens !== null && conjunctionPins(tokens);
}

function conjunctionPins(tokens: Token[]): boolean {
  const expr = unwrap(tokens);
  if (splitTop(expr, '||').length > 1) return false;
  return splitTop(expr, '&&').some((clause) => {
    const c = unwrap(clause);
    return isRepositoryEquality(c) || (c.length !== clause.length && conjunctionPins(c));
  });
}
