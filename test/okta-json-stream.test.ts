// The System Log reader parses a JSON array element by element across 1 MiB
// read chunks: escapes, quotes and brackets inside strings, and multi-byte
// characters must come out exactly as JSON.parse reads the whole file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachArrayItem } from '../connectors/lib/json-stream.js';
import { tempDir, writeTree } from './helpers/cli.js';

test('elements split across read chunks parse as JSON.parse reads the whole array', async () => {
  const tricky = ['a\\"b', 'x\\\\', '[{"not": "structure"}],', 'naïve – 東京', '\\u0041\\n', ''];
  const items = Array.from({ length: 12_000 }, (_, i) => ({
    i,
    s: tricky[i % tricky.length]!.repeat(1 + (i % 37)),
    n: i % 5 ? i * 1.5 : null,
    nested: [{ deep: [i, 'q"uote'] }],
  }));
  const text = '[\n' + items.map((x, i) => (i % 3 ? JSON.stringify(x) : JSON.stringify(x, null, 2))).join(' ,\n') + '\n]';
  assert.ok(text.length > 3 * 2 ** 20, 'the file spans several chunks');
  const dir = writeTree(tempDir(), { 'log.json': text });
  const got: unknown[] = [];
  const n = await forEachArrayItem('okta', join(dir, 'log.json'), 'log.json', (v) => got.push(v));
  assert.equal(n, items.length);
  assert.deepEqual(got, JSON.parse(text));
});

test('an empty array, scalars, and broken arrays', async () => {
  const read = async (text: string) => {
    const dir = writeTree(tempDir(), { 'log.json': text });
    const got: unknown[] = [];
    await forEachArrayItem('okta', join(dir, 'log.json'), 'log.json', (v) => got.push(v));
    return got;
  };
  assert.deepEqual(await read(' [ ] '), []);
  assert.deepEqual(await read('[1, "two", true, null]'), [1, 'two', true, null]);
  await assert.rejects(read('[1,]'), /value is missing/);
  await assert.rejects(read('[{"a": 1}'), /not closed/);
  await assert.rejects(read('[1] 2'), /after the closing/);
  await assert.rejects(read('[{"a": 1} {"b": 2}]'), /not valid JSON/);
});
