// HR connector: the leave and move instants, the column map, and errors that
// name the file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hrConnector } from '../connectors/hr/index.js';
import { mapHr, leaveInstant, moverEvent } from '../connectors/hr/map.js';
import { readEvents, readPeople, type HrEvent, type PersonRow } from '../connectors/hr/read.js';
import { SourceError } from '../src/util/errors.js';
import type { LoadContext } from '../src/sources/connector.js';
import { expectFailure } from './helpers/load.js';
import type { HrConfig } from '../connectors/hr/config.js';

const NOW = '2026-06-15T12:00:00.000Z';
const HEADER = 'employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date';

function person(over: Partial<PersonRow> = {}): PersonRow {
  return {
    line: 2,
    employeeId: 'E1',
    email: 'ann@example.com',
    displayName: 'Ann',
    department: 'Payments',
    title: 'Engineer',
    managerEmail: null,
    country: 'GB',
    workerType: 'employee',
    status: 'active',
    startDate: '2020-01-06',
    endDate: null,
    extra: {},
    ...over,
  };
}

function event(event: HrEvent['event'], effectiveDate: string, over: Partial<HrEvent> = {}): HrEvent {
  return {
    line: 2,
    employeeId: 'E1',
    event,
    effectiveDate,
    fromDepartment: null,
    toDepartment: null,
    fromTitle: null,
    toTitle: null,
    ...over,
  };
}

function sourceError(fn: () => unknown, file: string, line: number, pattern?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SourceError, `not a SourceError: ${String(e)}`);
    assert.equal(e.source, 'hr');
    assert.equal(e.place.file, file);
    assert.equal(e.place.line, line, e.describe());
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('a leaver leaves at the end of the end date, UTC', () => {
  assert.equal(leaveInstant(person({ endDate: '2026-03-31' }), [], NOW), '2026-04-01T00:00:00.000Z');
  assert.equal(leaveInstant(person(), [event('leaver', '2026-02-28')], NOW), '2026-03-01T00:00:00.000Z');
});

test('with an end date and a leaver event the earlier counts', () => {
  assert.equal(
    leaveInstant(person({ endDate: '2026-05-10' }), [event('leaver', '2026-04-30')], NOW),
    '2026-05-01T00:00:00.000Z',
  );
  assert.equal(
    leaveInstant(person({ endDate: '2026-04-01' }), [event('leaver', '2026-04-30')], NOW),
    '2026-04-02T00:00:00.000Z',
  );
});

test('of several leaver events the latest counts', () => {
  const events = [event('leaver', '2026-03-31'), event('leaver', '2026-04-30')];
  assert.equal(leaveInstant(person(), events, NOW), '2026-05-01T00:00:00.000Z');
});

test('a rehire or a later start date cancels the leave', () => {
  assert.equal(leaveInstant(person({ endDate: '2025-12-31' }), [event('rehire', '2026-02-01')], NOW), null);
  assert.equal(leaveInstant(person(), [event('leaver', '2025-12-31'), event('rehire', '2026-02-01')], NOW), null);
  assert.equal(leaveInstant(person({ startDate: '2026-02-01', endDate: '2025-12-31' }), [], NOW), null);
  // A rehire before the leave cancels nothing.
  assert.equal(
    leaveInstant(person(), [event('rehire', '2025-01-01'), event('leaver', '2026-01-31')], NOW),
    '2026-02-01T00:00:00.000Z',
  );
  // Only the cancelled date goes: a later end date still stands.
  assert.equal(
    leaveInstant(person({ endDate: '2026-05-31' }), [event('leaver', '2025-12-31'), event('rehire', '2026-02-01')], NOW),
    '2026-06-01T00:00:00.000Z',
  );
});

test('a return that has not happened yet does not cancel a past leave', () => {
  assert.equal(
    leaveInstant(person({ endDate: '2026-03-31' }), [event('rehire', '2026-09-01')], NOW),
    '2026-04-01T00:00:00.000Z',
  );
});

test('a future end date gives a future hrLeftAt (a scheduled leaver)', () => {
  const graph = mapHr([person({ endDate: '2026-12-31' })], [], NOW);
  assert.equal(graph.nodes[0]!.props.hrLeftAt, '2027-01-01T00:00:00.000Z');
});

test('terminated with no date has no hrLeftAt', () => {
  const graph = mapHr([person({ status: 'terminated' })], [], NOW);
  assert.equal(graph.nodes[0]!.props.hrLeftAt, null);
});

test('the latest mover event in effect counts; future ones are ignored', () => {
  const events = [
    event('mover', '2026-01-10', { fromDepartment: 'Sales', toDepartment: 'Support' }),
    event('mover', '2026-06-15', { fromDepartment: 'Support', toDepartment: 'Payments' }),
    event('mover', '2026-06-16', { fromDepartment: 'Payments', toDepartment: 'Risk' }),
  ];
  assert.equal(moverEvent(events, NOW)?.toDepartment, 'Payments');
  const props = mapHr([person()], events, NOW).nodes[0]!.props;
  assert.equal(props.moverEventAt, '2026-06-15T00:00:00.000Z');
  assert.equal(props.moverEventFrom, 'Support');
  assert.equal(props.moverEventTo, 'Payments');
  const none = mapHr([person()], [events[2]!], NOW).nodes[0]!.props;
  assert.equal(none.moverEventAt, null);
  assert.equal(none.moverEventTo, null);
});

test('Person node properties and REPORTS_TO edges', () => {
  const graph = mapHr(
    [
      person({ extra: { cost_center: 'CC-1' } }),
      person({ line: 3, employeeId: 'E2', email: 'bob@example.com', displayName: null, managerEmail: 'ann@example.com' }),
      person({ line: 4, employeeId: 'E3', email: 'cy@example.com', managerEmail: 'nobody@example.com' }),
    ],
    [],
    NOW,
  );
  const ann = graph.nodes[0]!;
  assert.equal(ann.label, 'Person');
  assert.equal(ann.key, 'hr::person:E1');
  assert.deepEqual(
    { source: ann.props.source, container: ann.props.container, type: ann.props.type, nativeId: ann.props.nativeId },
    { source: 'hr', container: '', type: 'person', nativeId: 'E1' },
  );
  assert.equal(ann.props.name, 'Ann');
  assert.equal(ann.props.hr_cost_center, 'CC-1');
  assert.equal(graph.nodes[1]!.props.name, 'bob@example.com');
  assert.deepEqual(graph.edges, [{ type: 'REPORTS_TO', from: 'hr::person:E2', to: 'hr::person:E1' }]);
});

test('people.csv: columns in any order, values normalized, extra columns kept only when listed', () => {
  const csv = [
    'status,employee_id,email,country,manager_email,start_date,Cost Center,end_date',
    'Active,E1,Ann@Example.COM,gb,Boss@Example.com,2020-01-06,CC-1,',
    '',
    'terminated,E2,bob@example.com,de,,2019-05-01,"multi',
    'line",2026-03-31',
  ].join('\r\n');
  assert.deepEqual(readPeople(csv).people[0]!.extra, {}, 'an export\'s other columns are dropped: they may hold secrets');
  const { people } = readPeople(csv, { keepColumns: ['Cost Center'] });
  assert.equal(people.length, 2);
  const [ann, bob] = people;
  assert.equal(ann!.status, 'active');
  assert.equal(ann!.email, 'ann@example.com');
  assert.equal(ann!.managerEmail, 'boss@example.com');
  assert.equal(ann!.country, 'GB');
  assert.equal(ann!.displayName, null);
  assert.equal(ann!.endDate, null);
  assert.deepEqual(ann!.extra, { cost_center: 'CC-1' });
  assert.equal(bob!.line, 4);
  assert.equal(bob!.endDate, '2026-03-31');
  assert.equal(bob!.extra.cost_center, 'multi\nline');
});

test('the column map names another export\'s headers', () => {
  const csv = ['Worker ID,Work Email,Employment Status,Termination Date,Team', 'W-7,ann@example.com,active,2026-03-31,Core'].join('\n');
  const { people } = readPeople(csv, {
    columns: { employee_id: 'Worker ID', email: 'work email', status: 'Employment Status', end_date: 'Termination Date' },
    keepColumns: ['team'],
  });
  assert.equal(people[0]!.employeeId, 'W-7');
  assert.equal(people[0]!.email, 'ann@example.com');
  assert.equal(people[0]!.endDate, '2026-03-31');
  assert.deepEqual(people[0]!.extra, { team: 'Core' });
  const events = readEvents(['Worker,Kind,When', 'W-7,Leaver,2026-03-31'].join('\n'), {
    eventColumns: { employee_id: 'Worker', event: 'Kind', effective_date: 'When' },
  }).events;
  assert.deepEqual([events[0]!.employeeId, events[0]!.event, events[0]!.effectiveDate], ['W-7', 'leaver', '2026-03-31']);
});

test('a people.csv with only a header, or with no emails, fails: it would look like everyone left', () => {
  sourceError(() => readPeople(HEADER + '\n'), 'hr/people.csv', 1, /no people/);
  const noEmail = [HEADER, 'E1,,Ann,Pay,Eng,,GB,employee,active,2020-01-06,', 'E2,,Bob,Pay,Eng,,GB,employee,active,2020-01-06,'].join('\n');
  sourceError(() => readPeople(noEmail), 'hr/people.csv', 1, /email is empty for 2 of 2 people/);
  const mapped = ['ID,State,Mail', 'E1,active,a@x.com'].join('\n');
  sourceError(() => readPeople(mapped, { columns: { employee_id: 'ID', status: 'State', email: 'E-mail' } }), 'hr/people.csv', 1, /names "E-mail" for email, but the header has no such column/);
});

test('bad rows name hr/people.csv and the line', () => {
  const f = 'hr/people.csv';
  const ok = 'E1,ann@example.com,Ann,Pay,Eng,,GB,employee,active,2020-01-06,';
  sourceError(() => readPeople([HEADER, ok, ',bob@example.com,Bob,Pay,Eng,,GB,employee,active,2020-01-06,'].join('\n')), f, 3, /employee_id/);
  sourceError(() => readPeople([HEADER, ok, 'E2,b@x.com,Bob,Pay,Eng,,GB,employee,active,2020-13-01,'].join('\n')), f, 3, /start_date/);
  sourceError(() => readPeople([HEADER, ok, 'E2,b@x.com,Bob,Pay,Eng,,GB,employee,active,,2026-02-30'].join('\n')), f, 3, /end_date/);
  sourceError(() => readPeople([HEADER, ok, 'E2,b@x.com,Bob,Pay,Eng,,GB,employee,retired,,'].join('\n')), f, 3, /status/);
  sourceError(() => readPeople([HEADER, ok, '', ok].join('\n')), f, 4, /already on line 2/);
  sourceError(() => readPeople([HEADER, ok, 'E2,b@x.com'].join('\n')), f, 3, /columns/);
  sourceError(() => readPeople([HEADER, ok, 'E2,"b@x.com"x,Bob,Pay,Eng,,GB,employee,active,,'].join('\n')), f, 3, /CSV/);
  sourceError(() => readPeople('email,status\na@x.com,active\n'), f, 1, /employee_id/);
  sourceError(() => readPeople(''), f, 1, /header/);
  sourceError(() => readPeople('employee_id,status\n', { columns: { employee_id: 'Worker ID' } }), f, 1, /Worker ID/);
});

test('bad event rows name hr/events.csv and the line', () => {
  const f = 'hr/events.csv';
  const header = 'employee_id,event,effective_date,from_department,to_department';
  sourceError(() => readEvents([header, 'E1,promotion,2026-01-01,,'].join('\n')), f, 2, /event/);
  sourceError(() => readEvents([header, 'E1,mover,,,', ''].join('\n')), f, 2, /effective_date/);
  sourceError(() => readEvents([header, 'E1,mover,yesterday,,'].join('\n')), f, 2, /effective_date/);
});

async function withSnapshot(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'driftgraph-hr-'));
  try {
    await mkdir(join(dir, 'hr'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'hr', name), text);
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function ctx(snapshotDir: string, config: LoadContext<HrConfig>['config'] = {}): LoadContext<HrConfig> {
  return { snapshotDir, now: NOW, config, shared: {}, progress: { step() {} } };
}

test('loadSnapshot reads people and events, warns on events for unknown people', async () => {
  await withSnapshot(
    {
      'people.csv': [HEADER, 'E1,ann@example.com,Ann,Pay,Eng,,GB,employee,active,2020-01-06,'].join('\n'),
      'events.csv': ['employee_id,event,effective_date', 'E1,leaver,2026-03-31', 'E9,leaver,2026-03-31'].join('\n'),
    },
    async (dir) => {
      const load = await hrConnector.loadSnapshot(ctx(dir));
      assert.deepEqual(load.containers, ['']);
      assert.equal(load.graph.nodes.length, 1);
      assert.equal(load.graph.nodes[0]!.props.hrLeftAt, '2026-04-01T00:00:00.000Z');
      assert.equal(load.warnings.length, 1);
      assert.match(load.warnings[0]!, /hr\/events\.csv line 3: its employee_id is not in hr\/people\.csv; event ignored/);
    },
  );
});

test('loadSnapshot: events.csv is optional; people.csv is not', async () => {
  await withSnapshot({ 'people.csv': [HEADER, 'E1,ann@example.com,Ann,Pay,Eng,,GB,employee,active,2020-01-06,'].join('\n') }, async (dir) => {
    const load = await hrConnector.loadSnapshot(ctx(dir));
    assert.deepEqual(load.failed, []);
    assert.equal(load.graph.nodes.length, 1);
  });
  await withSnapshot({}, async (dir) => {
    await expectFailure(hrConnector.loadSnapshot(ctx(dir)), 'hr', (e: unknown) => {
      assert.ok(e instanceof SourceError);
      assert.equal(e.place.file, 'hr/people.csv');
      return true;
    });
  });
});

test('loadSnapshot uses the config column map', async () => {
  await withSnapshot({ 'people.csv': 'ID,State,email\nE1,active,e1@example.com\n' }, async (dir) => {
    const load = await hrConnector.loadSnapshot(ctx(dir, { columns: { employee_id: 'ID', status: 'State' } }));
    assert.equal(load.graph.nodes[0]!.key, 'hr::person:E1');
  });
});
