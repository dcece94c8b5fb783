// Which AWS accounts a collect visits and with what credentials: explicit role
// ARNs, every ACTIVE member of an AWS Organization, or (with neither) the
// account of the default credentials.
import { DescribeOrganizationCommand, ListAccountsCommand, type Account } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsConfig } from './config.js';
import { SourceError } from '../../src/util/errors.js';
import type { Progress } from '../../src/util/progress.js';
import { instrument, toSourceError, type ApiCaller } from './collect-calls.js';
import type { AwsClientFactory, AwsCredentials } from './collect-clients.js';
import { append } from '../../src/util/arrays.js';

export interface AccountTarget {
  accountId: string;
  /** How the account is reached, for messages: a role ARN or "default credentials". */
  via: string;
  /**
   * Credentials for the account (undefined: the factory's own). Called when
   * the account's turn comes, so accounts assume their roles in parallel and
   * one refused AssumeRole fails only that account.
   */
  connect(): Promise<AwsCredentials | undefined>;
}

const SESSION_NAME = 'driftgraph-collect';
/** Refresh assumed credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export function accountOfRoleArn(arn: string): string {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/.+$/.exec(arn);
  if (!m) throw new SourceError('aws', `not an IAM role ARN: ${JSON.stringify(arn)} (config aws.assumeRoles)`);
  return m[1]!;
}

/**
 * A credential provider that assumes `roleArn` and re-assumes shortly before
 * expiry (a large account can outlast one session). The first assumption runs
 * eagerly so a refused AssumeRole is reported as such, not as the first IAM
 * call failing. AssumeRole bypasses the limiter: the refresh runs inside an
 * IAM call that already holds a slot, and waiting for a second slot there
 * could deadlock. Few calls, so the bound hardly moves.
 */
async function assumedRole(sts: STSClient, roleArn: string, externalId: string | undefined): Promise<AwsCredentials> {
  const accountId = accountOfRoleArn(roleArn);
  const assume = async () => {
    try {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: SESSION_NAME, ExternalId: externalId }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new SourceError('aws', `STS AssumeRole ${roleArn} returned no credentials`, { api: 'STS AssumeRole' });
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    } catch (e) {
      throw toSourceError('STS AssumeRole', `${accountId} (role ${roleArn})`, e);
    }
  };
  let current = await assume();
  return async () => {
    const exp = current.expiration?.getTime();
    if (exp !== undefined && exp - Date.now() < REFRESH_MARGIN_MS) current = await assume();
    return current;
  };
}

const noCredentials = async (): Promise<AwsCredentials | undefined> => undefined;

async function callerAccount(sts: STSClient, caller: ApiCaller): Promise<string> {
  const id = await caller.call('STS GetCallerIdentity', undefined, () => sts.send(new GetCallerIdentityCommand({})));
  if (!id.Account) throw new SourceError('aws', 'STS GetCallerIdentity returned no account', { api: 'STS GetCallerIdentity' });
  return id.Account;
}

async function organizationAccounts(clients: AwsClientFactory, caller: ApiCaller, progress: Progress): Promise<{ accounts: Account[]; managementId?: string }> {
  const org = instrument(clients.organizations(), caller.counter);
  const described = await caller.call('Organizations DescribeOrganization', undefined, () => org.send(new DescribeOrganizationCommand({})));
  const accounts: Account[] = [];
  let token: string | undefined;
  do {
    const page = await caller.call('Organizations ListAccounts', undefined, () => org.send(new ListAccountsCommand({ NextToken: token })));
    append(accounts, (page.Accounts ?? []));
    token = page.NextToken;
  } while (token);
  progress.step(`aws organization: ${accounts.length} accounts`);
  return { accounts, managementId: described.Organization?.MasterAccountId };
}

export async function resolveAccounts(config: { aws?: AwsConfig }, clients: AwsClientFactory, caller: ApiCaller, progress: Progress): Promise<AccountTarget[]> {
  const aws = config.aws ?? {};
  const sts = instrument(clients.sts(), caller.counter);
  const targets = new Map<string, AccountTarget>();
  const viaRole = (roleArn: string) => {
    const accountId = accountOfRoleArn(roleArn);
    if (targets.has(accountId)) return;
    targets.set(accountId, { accountId, via: roleArn, connect: () => assumedRole(sts, roleArn, aws.externalId) });
  };

  for (const arn of aws.assumeRoles ?? []) viaRole(arn);

  if (aws.organizations) {
    const { roleName, includeManagementAccount } = aws.organizations;
    const { accounts, managementId } = await organizationAccounts(clients, caller, progress);
    // `State` replaces the deprecated `Status`; older responses carry only `Status`.
    const active = accounts.filter((a) => a.Id && (a.State ?? a.Status) === 'ACTIVE');
    for (const a of active) {
      const id = a.Id!;
      if (id === managementId) {
        if (!includeManagementAccount) continue;
        // The member-account role usually does not exist in the management
        // account; its own credentials reach it when they are from there.
        if ((await callerAccount(sts, caller)) === id) {
          if (!targets.has(id)) targets.set(id, { accountId: id, via: 'default credentials', connect: noCredentials });
          continue;
        }
      }
      viaRole(`arn:aws:iam::${id}:role/${roleName}`);
    }
  }

  if (!aws.assumeRoles?.length && !aws.organizations) {
    const accountId = await callerAccount(sts, caller);
    targets.set(accountId, { accountId, via: 'default credentials', connect: noCredentials });
  }
  return [...targets.values()];
}
