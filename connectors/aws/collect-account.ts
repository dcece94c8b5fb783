// One AWS account -> aws/<account-id>/ in the snapshot format, in a handful of
// calls: GetAccountAuthorizationDetails pages, the credential report, and
// ListAccessKeys only for users the report shows with keys.
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  ListAccessKeysCommand,
  type AccessKeyLastUsed,
  type AccessKeyMetadata,
  type GetAccountAuthorizationDetailsResponse,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SourceError } from '../../src/util/errors.js';
import type { Progress } from '../../src/util/progress.js';
import { awsErrorCode, type ApiCaller } from './collect-calls.js';
import { keysNeedingLastUsed, reportKeySlots, usersWithKeys } from './collect-keys.js';
import type { SecretsListing } from './collect-secrets.js';
import { append } from '../../src/util/arrays.js';

export interface AccountStats {
  accountId: string;
  via: string;
  authorizationDetailsPages: number;
  users: number;
  groups: number;
  roles: number;
  policies: number;
  /** Users whose keys were listed (the rest had none per the report). */
  usersListed: number;
  accessKeys: number;
  /** Keys that needed GetAccessKeyLastUsed (no unambiguous report slot). */
  lastUsedLookups: number;
  /** Secrets Manager secrets listed (null: not asked, no secrets.json written). */
  secrets: number | null;
}

export interface AccountJob {
  accountId: string;
  via: string;
  iam: IAMClient;
  caller: ApiCaller;
  progress: Progress;
  outDir: string;
  /** Longest wait for the credential report to become COMPLETE. */
  reportWaitMs: number;
  /** Lists the account's Secrets Manager secrets, when the config asks for them. */
  secrets?: () => Promise<SecretsListing>;
}

type AuthDetails = Required<Pick<GetAccountAuthorizationDetailsResponse, 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'>>;

async function authorizationDetails(job: AccountJob): Promise<{ details: AuthDetails; pages: number }> {
  const details: AuthDetails = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  let marker: string | undefined;
  let pages = 0;
  do {
    // 1000 is the API's largest page: fewest calls.
    const page = await job.caller.call('IAM GetAccountAuthorizationDetails', job.accountId, () =>
      job.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000, Marker: marker })),
    );
    append(details.UserDetailList, (page.UserDetailList ?? []));
    append(details.GroupDetailList, (page.GroupDetailList ?? []));
    append(details.RoleDetailList, (page.RoleDetailList ?? []));
    append(details.Policies, (page.Policies ?? []));
    pages++;
    marker = page.IsTruncated ? page.Marker : undefined;
    job.progress.step(
      `aws ${job.accountId}: ${pages} page${pages === 1 ? '' : 's'} of authorization details (${details.UserDetailList.length} users, ${details.RoleDetailList.length} roles)...`,
    );
  } while (marker);
  return { details, pages };
}

/** Errors of GetCredentialReport that mean "not ready yet, ask again". */
const REPORT_NOT_READY = new Set(['ReportInProgress', 'ReportNotPresent', 'ReportExpired']);

async function credentialReport(job: AccountJob): Promise<string> {
  const deadline = Date.now() + job.reportWaitMs;
  let delay = 250;
  let state = 'unknown';
  for (;;) {
    const gen = await job.caller.call('IAM GenerateCredentialReport', job.accountId, () => job.iam.send(new GenerateCredentialReportCommand({})));
    state = gen.State ?? 'unknown';
    if (state === 'COMPLETE') {
      try {
        const report = await job.caller.call('IAM GetCredentialReport', job.accountId, () => job.iam.send(new GetCredentialReportCommand({})));
        const content = report.Content as Uint8Array | string | undefined;
        if (content === undefined) throw new SourceError('aws', `IAM GetCredentialReport in account ${job.accountId} returned no content`, { api: 'IAM GetCredentialReport' });
        // The SDK decodes the base64 blob to bytes; accept a string in case a caller's client does not.
        return typeof content === 'string' ? Buffer.from(content, 'base64').toString('utf8') : Buffer.from(content).toString('utf8');
      } catch (e) {
        const code = awsErrorCode(e instanceof SourceError ? e.cause : e);
        if (!REPORT_NOT_READY.has(code)) throw e;
        state = code;
      }
    }
    if (Date.now() + delay > deadline) {
      throw new SourceError('aws', `credential report of account ${job.accountId} not COMPLETE after ${Math.round(job.reportWaitMs / 1000)}s (last state ${state})`, {
        api: 'IAM GenerateCredentialReport',
        status: state,
      });
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 5000);
  }
}

type KeyEntry = AccessKeyMetadata & { AccessKeyLastUsed?: AccessKeyLastUsed };

async function listKeys(job: AccountJob, userName: string, stop: AbortSignal): Promise<AccessKeyMetadata[]> {
  const keys: AccessKeyMetadata[] = [];
  let marker: string | undefined;
  do {
    const page = await job.caller.call('IAM ListAccessKeys', job.accountId, () => job.iam.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker })), stop);
    append(keys, (page.AccessKeyMetadata ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return keys;
}

async function accessKeys(job: AccountJob, userNames: string[], reportCsv: string): Promise<{ keys: KeyEntry[]; listed: number; lookups: number }> {
  const slots = reportKeySlots(reportCsv);
  const users = usersWithKeys(userNames, slots);
  let done = 0;
  let lookups = 0;
  // The first failure stops this account's queued calls (thousands of them
  // would otherwise each fail the same way, e.g. AccessDenied).
  const failed = new AbortController();
  const perUser = await Promise.all(
    users.map(async (userName) => {
      const keys: KeyEntry[] = await listKeys(job, userName, failed.signal);
      const unmatched = new Set(keysNeedingLastUsed(keys, slots.get(userName)));
      for (const key of keys) {
        if (!unmatched.has(key) || !key.AccessKeyId) continue;
        lookups++;
        const out = await job.caller.call('IAM GetAccessKeyLastUsed', job.accountId, () =>
          job.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })),
          failed.signal,
        );
        if (out.AccessKeyLastUsed) key.AccessKeyLastUsed = out.AccessKeyLastUsed;
      }
      if (++done % 500 === 0) job.progress.step(`aws ${job.accountId}: access keys of ${done}/${users.length} users...`);
      return keys;
    }).map((p) =>
      p.catch((e: unknown) => {
        if (!failed.signal.aborted) failed.abort(e);
        throw e;
      }),
    ),
  );
  return { keys: perUser.flat(), listed: users.length, lookups };
}

/** Write then rename, so a reader never sees half a file. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

export async function collectAccount(job: AccountJob): Promise<AccountStats> {
  // The report takes IAM a while to build: start it alongside the pages.
  const reportPromise = credentialReport(job);
  // Keep a rejected report from being reported unhandled while pages load.
  reportPromise.catch(() => undefined);
  const secretsPromise = job.secrets ? job.secrets() : Promise.resolve(null);
  secretsPromise.catch(() => undefined);
  const { details, pages } = await authorizationDetails(job);
  const reportCsv = await reportPromise;
  job.progress.step(`aws ${job.accountId}: credential report received`);
  const userNames = details.UserDetailList.flatMap((u) => (u.UserName ? [u.UserName] : []));
  const keys = await accessKeys(job, userNames, reportCsv);
  const secrets = await secretsPromise;

  // Everything is in memory before the first write: a failed account leaves no partial folder.
  const dir = join(job.outDir, 'aws', job.accountId);
  await mkdir(dir, { recursive: true });
  await writeAtomic(join(dir, 'account-authorization-details.json'), JSON.stringify(details, null, 2) + '\n');
  await writeAtomic(join(dir, 'credential-report.csv'), reportCsv);
  await writeAtomic(join(dir, 'access-keys.json'), JSON.stringify(keys.keys, null, 2) + '\n');
  if (secrets) await writeAtomic(join(dir, 'secrets.json'), JSON.stringify(secrets.responses, null, 2) + '\n');
  job.progress.step(`aws ${job.accountId}: ${userNames.length} users, ${details.RoleDetailList.length} roles, ${keys.keys.length} access keys${secrets ? `, ${secrets.secrets} secrets (metadata)` : ''} written`);

  return {
    accountId: job.accountId,
    via: job.via,
    authorizationDetailsPages: pages,
    users: details.UserDetailList.length,
    groups: details.GroupDetailList.length,
    roles: details.RoleDetailList.length,
    policies: details.Policies.length,
    usersListed: keys.listed,
    accessKeys: keys.keys.length,
    lastUsedLookups: keys.lookups,
    secrets: secrets?.secrets ?? null,
  };
}
