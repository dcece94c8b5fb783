// A local server on 127.0.0.1 speaking AWS's wire formats for the IAM and STS
// query protocol (form POST, XML) and Organizations JSON 1.1
// (X-Amz-Target), over an in-memory estate. The real SDK clients talk to it
// unchanged. Which account a request is in follows from the access key id in
// its SigV4 Authorization header (signatures are not verified). Faults can be
// injected per action; every request is counted per action.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IAM_NS, STS_NS, queryError, queryResponse } from './aws-xml.js';
import * as iam from './iam-api.js';
import { writeAction } from './iam-write-api.js';
import { ApiFault, type ReportState } from './iam-api.js';
import { roleArn, type Estate, type EstateAccount } from './iam-estate.js';
import { readBody } from './read-body.js';
import { secretsAction, type SecretsEstate } from './secrets-manager-api.js';

export interface Faults {
  /** Answer the first N requests of an action with Throttling (TooManyRequestsException for Organizations). */
  throttle: Record<string, number>;
  /** Refuse an action with AccessDenied: everywhere (true) or in the listed account ids. */
  deny: Record<string, true | string[]>;
  /** After STARTED, GenerateCredentialReport answers INPROGRESS this many times before COMPLETE. */
  reportPolls: number;
  /** Largest page served whatever MaxItems/MaxResults asks (IAM may return fewer), to force pagination. */
  maxItemsCap?: number;
  /** Answer the next N requests of an action with ServiceFailure (500). */
  fail: Record<string, number>;
}

export interface IamServerOptions {
  estate: Estate;
  /** Static access key ids the tests sign with, mapped to their account (default: TEST key -> management account). */
  staticKeys?: Record<string, string>;
  faults?: Partial<Faults>;
  /** Secrets Manager secrets per account and region (test/servers/secrets-manager-api.ts). */
  secrets?: SecretsEstate;
}

export interface IamServer {
  url: string;
  /** Requests per action (IAM/STS Action or Organizations operation), throttled and refused ones included. */
  counts: Map<string, number>;
  /** Requests per account and action: `123456789012 ListAccessKeys`. */
  accountCounts: Map<string, number>;
  faults: Faults;
  /** Every SecretAccessKey and SessionToken this server issued, for leak checks. */
  issuedSecrets: string[];
  /** AssumeRole requests that succeeded. */
  assumed: { roleArn: string; externalId?: string }[];
  /** Every change a write action made: `<account> UpdateAccessKey <user> <key> Inactive`. */
  writes: string[];
  close(): Promise<void>;
}

export const TEST_ACCESS_KEY_ID = 'AKIATESTSTATIC00001';
export const TEST_SECRET_ACCESS_KEY = 'test-static-secret-do-not-leak-0001';

interface Caller {
  account: string;
  arn: string;
}

const STS_ACTIONS = new Set(['AssumeRole', 'GetCallerIdentity']);

export async function startIamServer(options: IamServerOptions): Promise<IamServer> {
  const { estate } = options;
  const accounts = new Map(estate.accounts.map((a) => [a.id, a]));
  const keys = new Map<string, Caller>();
  for (const [key, account] of Object.entries(options.staticKeys ?? { [TEST_ACCESS_KEY_ID]: estate.managementAccountId })) {
    keys.set(key, { account, arn: `arn:aws:iam::${account}:user/collector` });
  }
  const reports = new Map<string, ReportState>();
  const faults: Faults = { throttle: {}, deny: {}, reportPolls: 1, fail: {}, ...options.faults };
  const writes: string[] = [];
  const counts = new Map<string, number>();
  const accountCounts = new Map<string, number>();
  const issuedSecrets: string[] = [];
  const assumed: IamServer['assumed'] = [];
  let sessionNo = 0;

  const account = (id: string): EstateAccount => {
    const a = accounts.get(id);
    if (!a) throw new ApiFault(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    return a;
  };

  function assumeRole(caller: Caller, p: URLSearchParams) {
    const arn = p.get('RoleArn') ?? '';
    const target = accounts.get(/^arn:aws:iam::(\d{12}):role\//.exec(arn)?.[1] ?? '');
    const role = target?.roles.find((r) => roleArn(target.id, r) === arn);
    const denied = () => new ApiFault(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
    if (!target || !role) throw denied();
    if (role.externalId !== undefined && role.externalId !== p.get('ExternalId')) throw denied();
    const accessKeyId = `ASIA${String(++sessionNo).padStart(16, '0')}`;
    const secret = randomBytes(30).toString('base64');
    const token = `FwoG${randomBytes(60).toString('base64')}`;
    issuedSecrets.push(secret, token);
    const session = p.get('RoleSessionName') ?? 'session';
    keys.set(accessKeyId, { account: target.id, arn: `arn:aws:sts::${target.id}:assumed-role/${role.name}/${session}` });
    assumed.push({ roleArn: arn, ...(p.get('ExternalId') ? { externalId: p.get('ExternalId')! } : {}) });
    const expires = new Date(Date.now() + Number(p.get('DurationSeconds') ?? 3600) * 1000).toISOString();
    return {
      Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: expires },
      AssumedRoleUser: { Arn: `arn:aws:sts::${target.id}:assumed-role/${role.name}/${session}`, AssumedRoleId: `${role.id}:${session}` },
    };
  }

  function queryAction(caller: Caller, action: string, p: URLSearchParams) {
    const acct = account(caller.account);
    let report = reports.get(acct.id);
    if (!report) reports.set(acct.id, (report = { started: false, pollsLeft: 0 }));
    switch (action) {
      case 'GetCallerIdentity':
        return { UserId: caller.arn.split('/').pop()!, Account: caller.account, Arn: caller.arn };
      case 'AssumeRole':
        return assumeRole(caller, p);
      case 'GetAccountAuthorizationDetails':
        return iam.getAccountAuthorizationDetails(acct, p, faults.maxItemsCap);
      case 'ListAccessKeys':
        return iam.listAccessKeys(acct, p, faults.maxItemsCap);
      case 'GetAccessKeyLastUsed':
        return iam.getAccessKeyLastUsed(acct, p);
      case 'GenerateCredentialReport':
        return iam.generateCredentialReport(report, faults.reportPolls);
      case 'GetCredentialReport':
        return iam.getCredentialReport(acct, report);
      default: {
        const written = writeAction(acct, action, p, writes);
        if (written) return written;
        throw new ApiFault(400, 'InvalidAction', `Could not find operation ${action}`);
      }
    }
  }

  function organizationsAction(caller: Caller, op: string, input: Record<string, unknown>) {
    const mgmt = estate.managementAccountId;
    if (caller.account !== mgmt) throw new ApiFault(400, 'AccessDeniedException', 'You don’t have permissions to access this resource.');
    const orgArn = `arn:aws:organizations::${mgmt}:organization/o-test000001`;
    switch (op) {
      case 'DescribeOrganization':
        return { Organization: { Id: 'o-test000001', Arn: orgArn, FeatureSet: 'ALL', MasterAccountArn: `arn:aws:organizations::${mgmt}:account/o-test000001/${mgmt}`, MasterAccountId: mgmt, MasterAccountEmail: `root+${mgmt}@example.com` } };
      case 'ListAccounts': {
        const max = Math.min(Number(input.MaxResults ?? 20), 20, faults.maxItemsCap ?? 20);
        const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
        const page = estate.accounts.slice(start, start + max);
        const next = start + max < estate.accounts.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
        return {
          Accounts: page.map((a) => ({
            Id: a.id,
            Arn: `arn:aws:organizations::${mgmt}:account/o-test000001/${a.id}`,
            Email: `root+${a.id}@example.com`,
            Name: a.name,
            Status: a.status,
            State: a.status,
            JoinedMethod: a.id === mgmt ? 'INVITED' : 'CREATED',
            JoinedTimestamp: Date.parse(a.created) / 1000,
          })),
          ...(next ? { NextToken: next } : {}),
        };
      }
      default:
        throw new ApiFault(400, 'UnknownOperationException', `Unknown operation ${op}`);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    const json = typeof target === 'string';
    const params = json ? new URLSearchParams() : new URLSearchParams(body);
    const action = json ? target.split('.').pop()! : (params.get('Action') ?? '');
    const ns = STS_ACTIONS.has(action) ? STS_NS : IAM_NS;
    counts.set(action, (counts.get(action) ?? 0) + 1);
    const send = (status: number, type: string, text: string) => {
      res.writeHead(status, { 'content-type': type, 'x-amzn-requestid': randomBytes(8).toString('hex') });
      res.end(text);
    };
    try {
      const keyId = /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1];
      const caller = keyId ? keys.get(keyId) : undefined;
      if (!caller) throw new ApiFault(403, json ? 'UnrecognizedClientException' : 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      accountCounts.set(`${caller.account} ${action}`, (accountCounts.get(`${caller.account} ${action}`) ?? 0) + 1);
      if ((faults.throttle[action] ?? 0) > 0) {
        faults.throttle[action]!--;
        throw json ? new ApiFault(400, 'TooManyRequestsException', 'Rate exceeded') : new ApiFault(400, 'Throttling', 'Rate exceeded');
      }
      if ((faults.fail[action] ?? 0) > 0) {
        faults.fail[action]!--;
        throw new ApiFault(500, 'ServiceFailure', 'Request processing has failed due to an unknown error.');
      }
      const deny = faults.deny[action];
      const secrets = json && target.startsWith('secretsmanager.');
      if (deny === true || deny?.includes(caller.account)) {
        const service = secrets ? 'secretsmanager' : json ? 'organizations' : ns === STS_NS ? 'sts' : 'iam';
        throw new ApiFault(json ? 400 : 403, json ? 'AccessDeniedException' : 'AccessDenied', `User: ${caller.arn} is not authorized to perform: ${service}:${action} on resource: *`);
      }
      // The region a request is for is in its SigV4 credential scope (Secrets Manager is regional).
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'us-east-1';
      if (secrets) send(200, 'application/x-amz-json-1.1', JSON.stringify(secretsAction(options.secrets ?? new Map(), caller.account, region, action, JSON.parse(body || '{}'), writes, faults.maxItemsCap)));
      else if (json) send(200, 'application/x-amz-json-1.1', JSON.stringify(organizationsAction(caller, action, JSON.parse(body || '{}'))));
      else send(200, 'text/xml', queryResponse(action, ns, queryAction(caller, action, params)));
    } catch (e) {
      const f = e instanceof ApiFault ? e : new ApiFault(500, json ? 'ServiceException' : 'ServiceFailure', String(e));
      if (json) send(f.status, 'application/x-amz-json-1.1', JSON.stringify({ __type: f.code, Message: f.message }));
      else send(f.status, 'text/xml', queryError(ns, f.code, f.message, f.status >= 500 ? 'Receiver' : 'Sender'));
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    accountCounts,
    faults,
    issuedSecrets,
    assumed,
    writes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
