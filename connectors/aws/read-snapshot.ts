// `<snapshot>/aws/<account-id>/` folders -> AccountSnapshot. Every failure
// names the snapshot-relative file and the line or JSON path: that account
// then fails for this scan (the others load), and the operator knows what to fix.
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { TrailRecordError, addRecord, emptyTrail, type TrailSummary } from './cloudtrail.js';
import { parseCredentialReport } from './credential-report.js';
import { parseJsonText } from '../lib/json.js';
import { gunzipCapped, listRegularFiles, readRegularFile, readRegularText, utf8Text } from '../lib/files.js';
import { accountFile, type AccountSnapshot } from './model.js';
import { EventTally } from '../lib/events.js';
import { checkAccessKeys, checkAuthorizationDetails } from './shape.js';
import { checkSecrets } from './secrets.js';

/** An AWS account id: a container folder with another name fails as its own container. */
export const ACCOUNT_ID = /^\d{12}$/;

export interface AccountFolder {
  accountId: string;
  dir: string;
}

/** Read one account folder. `account-authorization-details.json` is required; the rest is optional. */
export async function readAccountSnapshot(folder: AccountFolder, maxBadEventShare?: number): Promise<AccountSnapshot> {
  const { accountId, dir } = folder;
  const warnings: string[] = [];
  const rel = (name: string) => accountFile(accountId, name);

  const authText = await readText(join(dir, 'account-authorization-details.json'), rel('account-authorization-details.json'));
  if (authText === null) {
    throw new SourceError('aws', 'missing: every account folder needs account-authorization-details.json', {
      file: rel('account-authorization-details.json'),
    });
  }
  const authFile = rel('account-authorization-details.json');
  const authorization = checkAuthorizationDetails(parseJsonText(authText, authFile), authFile);

  const reportText = await readText(join(dir, 'credential-report.csv'), rel('credential-report.csv'));
  const credentialReport = reportText === null ? null : parseCredentialReport(reportText, rel('credential-report.csv'));
  if (credentialReport === null) {
    warnings.push(`${rel('credential-report.csv')} absent: console passwords, MFA, key slots and the root user are unknown`);
  }

  const keysText = await readText(join(dir, 'access-keys.json'), rel('access-keys.json'));
  const accessKeys = keysText === null ? null : checkAccessKeys(parseJsonText(keysText, rel('access-keys.json')), rel('access-keys.json'));
  if (accessKeys === null) warnings.push(`${rel('access-keys.json')} absent: no access keys loaded (the credential report has no key ids)`);

  // Optional: an account whose collect did not ask Secrets Manager has no such file.
  const secretsText = await readText(join(dir, 'secrets.json'), rel('secrets.json'));
  const secrets = secretsText === null ? null : checkSecrets(parseJsonText(secretsText, rel('secrets.json')), rel('secrets.json'), accountId);

  const events = new EventTally('aws', maxBadEventShare);
  const trail = await readTrail(join(dir, 'cloudtrail'), rel('cloudtrail'), accountId, events);
  for (const w of events.finish()) warnings.push(w);
  return { accountId, authorization, credentialReport, accessKeys, secrets, trail, warnings };
}

/** Every `*.json` / `*.json.gz` below `cloudtrail/`, folded into one summary. */
async function readTrail(dir: string, relDir: string, accountId: string, events: EventTally): Promise<TrailSummary> {
  const summary = emptyTrail(accountId);
  // Recursive, so the S3 delivery layout (AWSLogs/<acct>/CloudTrail/<region>/Y/M/D/) also works.
  // Digest files (integrity hashes, no Records) share the layout and are skipped.
  const listed = await listRegularFiles(dir, relDir, 'aws', (f) => /\.json(\.gz)?$/i.test(f) && !/CloudTrail-Digest/i.test(f));
  if (listed === null) return summary;
  const files = listed;
  for (const name of files) {
    const file = `${relDir}/${name.split('\\').join('/')}`;
    const raw = await readRegularFile(join(dir, name), file, 'aws');
    if (raw === null) throw new SourceError('aws', 'listed but gone when read (removed during the scan)', { file });
    const text = utf8Text(/\.gz$/i.test(name) ? gunzipCapped(raw, file, 'aws') : raw, file, 'aws');
    const json = parseJsonText(text, file);
    const records = (json as { Records?: unknown } | null)?.Records;
    if (!Array.isArray(records)) throw new SourceError('aws', 'expected {"Records": [...]}', { file, path: '$.Records' });
    // An event log: an unreadable record is skipped and counted (connectors/lib/events.ts).
    records.forEach((record, i) => {
      events.total++;
      try {
        addRecord(summary, record);
      } catch (e) {
        if (!(e instanceof TrailRecordError)) throw e;
        events.skip(file, `$.Records[${i}]${e.field ? '.' + e.field : ''}`, e.message);
      }
    });
  }
  return summary;
}

/** File text, or null when the file does not exist. */
function readText(path: string, file: string): Promise<string | null> {
  return readRegularText(path, file, 'aws');
}
