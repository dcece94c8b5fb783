// redactShapes looks for the thirteen token shapes only in a value that holds
// one of their literal parts (SHAPE_HINT in src/util/redact.ts): a value
// without any is returned as it is after one pass. That shortcut must never
// let a shape through: compared here with the shapes applied one by one, on
// one example of each shape and on many values built from their parts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, SECRET_SHAPES, redactShapes, redactValue } from '../src/util/redact.js';

/** The shapes applied one by one, with no shortcut: what redactShapes must equal. */
function everyShape(text: string): string {
  let out = text;
  for (const r of SECRET_SHAPES) out = out.replace(new RegExp(r.source, r.flags.includes('g') ? r.flags : r.flags + 'g'), REDACTED);
  return out;
}

const BODY = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0hIj3kLm6n';
/** One value of each shape, in the order of SECRET_SHAPES. */
const EXAMPLES = [
  '-----BEGIN RSA PRIVATE KEY-----',
  `ghp_${BODY}`,
  `github_pat_${BODY}`,
  'xoxb-1234567890-abcdef',
  `AIza${BODY.slice(0, 35)}`,
  'eyJhbGciOiJI.eyJzdWIiOiIx.SflKxwRJSMeKKF2QT4',
  `sk_live_${BODY.slice(0, 20)}`,
  `ssws ${BODY.slice(0, 24)}`,
  `hvs.${BODY.slice(0, 24)}`,
  `bEaReR ${BODY.slice(0, 20)}`,
  `sk-proj-${BODY.slice(0, 20)}`,
  `sk-ant-api03-${BODY.slice(0, 20)}`,
  `sk-${BODY.slice(0, 44)}`,
];

describe('redactShapes', () => {
  test('each shape is caught', () => {
    assert.equal(EXAMPLES.length, SECRET_SHAPES.length, 'one example per shape');
    EXAMPLES.forEach((e, i) => {
      assert.ok(SECRET_SHAPES[i]!.test(e), `example ${i} has shape ${SECRET_SHAPES[i]}`);
      for (const value of [e, `id:${e}`, `said ${e} here`]) {
        assert.equal(redactShapes(value), everyShape(value), value);
        assert.notEqual(redactValue(value), value, value);
      }
    });
  });

  test('values built from the shapes’ parts come out as the shapes one by one make them', () => {
    // The parts of every example, cut at every few characters, in either case, joined at random.
    const parts = EXAMPLES.flatMap((e) => [e, e.toLowerCase(), e.toUpperCase(), ...Array.from({ length: Math.ceil(e.length / 3) }, (_, i) => e.slice(i * 3, i * 3 + 7))]);
    parts.push(' ', '.', '-', '_', 'arn:aws:iam::123456789012:user/', 'user@example.com', BODY);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20000; i++) {
      const n = 1 + Math.floor(next() * 4);
      const value = Array.from({ length: n }, () => parts[Math.floor(next() * parts.length)]).join('');
      assert.equal(redactShapes(value), everyShape(value), value);
    }
  });
});
