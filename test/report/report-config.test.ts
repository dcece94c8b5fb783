// The report's config section: the YAML as written works; the
// password is refused in the file (it comes from the environment); typos
// are errors naming the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/parse.js';

test('report.email as documented parses', () => {
  const config = parseConfig(
    parse(`report:
  email:
    from: driftgraph@acme.example
    to: [security@acme.example]
    smtp: {host: 127.0.0.1, port: 2525, secure: false}
`),
    [],
  );
  assert.deepEqual(config.report?.email, {
    from: 'driftgraph@acme.example',
    to: ['security@acme.example'],
    smtp: { host: '127.0.0.1', port: 2525, secure: false },
  });
  const named = parseConfig({ report: { email: { from: 'Driftgraph <driftgraph@acme.example>', to: ['a@acme.example'], smtp: { host: 'h', port: 465, secure: true, user: 'u' }, perTeam: { 'group:default/payments': ['p@acme.example'] } } } }, []);
  assert.equal(named.report?.email?.smtp.user, 'u');
});

test('a password in the file, a typo or a bad address is an error naming the key', () => {
  const base = { from: 'driftgraph@acme.example', to: ['security@acme.example'], smtp: { host: 'h', port: 25, secure: false } };
  assert.throws(() => parseConfig({ report: { email: { ...base, smtp: { ...base.smtp, password: 'x' } } } }, []), /report\.email\.smtp.*password/);
  assert.throws(() => parseConfig({ report: { emial: base } }, []), /report.*emial/);
  assert.throws(() => parseConfig({ report: { email: { ...base, to: ['not an address'] } } }, []), /report\.email\.to\.0/);
  assert.throws(() => parseConfig({ report: { email: { ...base, to: [] } } }, []), /report\.email\.to/);
  assert.throws(() => parseConfig({ report: { email: { ...base, smtp: { ...base.smtp, port: 'x' } } } }, []), /report\.email\.smtp\.port/);
});
