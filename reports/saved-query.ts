// Every figure of the report is one of the saved analyst queries in
// queries/saved/, run as it is: an analyst who runs the same file with
// `driftgraph query --file` gets the same number. They are driftgraph's own
// work, not an analyst's: no analyst time limit applies (analystQueries is
// for `query` and the console), and they run one at a time so that on a busy
// machine no statement shares the CPU with its siblings. One that fails says
// which figure, which file, and what to do.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphStore, Params, Row } from '../src/graph/store.js';
import { packagePath } from '../src/util/package-root.js';
import { internalQueryError } from '../src/graph/internal-query-error.js';

/** The report section (a key of `report --format json`) each saved query feeds. */
const SECTIONS: Record<string, string> = {
  'report-scans': 'period, sources and trends (the scans)',
  'report-open-findings': 'findings.open and findings.openByRule',
  'report-new-findings': 'findings.new (and trends)',
  'report-resolved-findings': 'findings.resolved and findings.timeToResolve (and trends)',
  'report-reopened-findings': 'findings.reopened (and trends)',
  'report-revocation-unverified': 'findings.revocationUnverified',
  'report-exceptions': 'exceptions',
  'report-open-by-team': 'byTeam (and the per-team mails)',
  'report-open-by-container': 'byContainer',
  'report-nhi-owners': 'nhis',
  'report-credentials-without-expiry': 'credentials',
  'report-leaver-revocation': 'timeToRevoke.leavers',
  'report-mover-revocation': 'timeToRevoke.movers',
  'report-revocation-actions': 'revocations (automatic and manual, failed, undone)',
  'report-revocation-approvals': 'revocations.awaitingApproval',
  'report-leaver-credentials-after-5-days': 'leaverCredentials',
};

export function savedQueryPath(name: string): string {
  return join(packagePath('queries', 'saved'), `${name}.cypher`);
}

export async function runSaved(store: GraphStore, name: string, params: Params = {}): Promise<Row[]> {
  const cypher = await readFile(savedQueryPath(name), 'utf8');
  try {
    return await store.read(cypher, params);
  } catch (e) {
    throw internalQueryError(e, {
      step: `the report's ${SECTIONS[name] ?? name}`,
      query: `queries/saved/${name}.cypher`,
      rerun: `driftgraph query --file queries/saved/${name}.cypher${Object.keys(params).map((k) => ` --param ${k}=${String(params[k])}`).join('')} --timeout 3600`,
    });
  }
}
