// Revoking a Secrets Manager secret: delete it with a recovery window (never
// ForceDeleteWithoutRecovery), which RestoreSecret undoes within the window.
// Turning rotation off is never an action. The check reads DescribeSecret
// (metadata: no value) right before the call.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ActionCallError, type RevocationAction } from '../../src/sources/connector.js';
import { credentialsFor } from './actions-client.js';
import { awsErrorCode } from './collect-calls.js';
import type { AwsConfig } from './config.js';
import { RECOVERY_WINDOW_DAYS } from './remediation-secrets.js';

// The SDK is loaded on the first call: planning and scans never need it.
const sdk = () => import('@aws-sdk/client-secrets-manager');
const clients = new Map<string, Promise<SecretsManagerClient>>();

function secretsFor(config: AwsConfig | undefined, env: NodeJS.ProcessEnv, account: string, region: string): Promise<SecretsManagerClient> {
  const id = `${account} ${region}`;
  let c = clients.get(id);
  if (!c) {
    c = (async () => {
      const creds = await credentialsFor(config, env, account);
      const { awsClientFactory } = await import('./collect-clients.js');
      return awsClientFactory({ endpoint: env.DRIFTGRAPH_AWS_ENDPOINT || undefined, maxAttempts: 4 }).secretsManager(region, creds);
    })();
    clients.set(id, c);
    c.catch(() => clients.delete(id));
  }
  return c;
}

async function smCall<T>(call: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    const code = awsErrorCode(e);
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    throw new ActionCallError(`SecretsManager ${call}`, status ?? code, code, code === 'ResourceNotFoundException');
  }
}

const ARN = /^arn:aws[\w-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:.+$/;

export const deleteSecret: RevocationAction<AwsConfig> = {
  kind: 'aws.delete-secret',
  subjectTypes: ['secret'],
  reversible: true,
  plan(i) {
    if (i.subject.source !== 'aws' || i.subject.type !== 'secret') return [];
    if (!['deactivate-credential', 'decommission-identity'].includes(i.action)) return [];
    // A secret a service manages (RDS, ...) is that service's to remove.
    if (i.props.providerManaged === true) return [];
    const m = ARN.exec(i.subject.id);
    if (!m) return [];
    const [, region, account] = m as unknown as [string, string, string];
    return [
      {
        kind: 'aws.delete-secret',
        summary: `delete Secrets Manager secret ${i.subject.name ?? i.subject.id} in account ${account} (${region}), restorable for ${RECOVERY_WINDOW_DAYS} days`,
        container: account,
        calls: [{ api: 'SecretsManager DeleteSecret', target: { account, region, SecretId: i.subject.id, RecoveryWindowInDays: String(RECOVERY_WINDOW_DAYS) } }],
        reversible: true,
        undo: 'SecretsManager RestoreSecret (within the recovery window)',
        params: { account, region, secretId: i.subject.id },
      },
    ];
  },
  async check(p, ctx) {
    const sm = await secretsFor(ctx.config, ctx.env, p.account!, p.region!);
    try {
      const { DescribeSecretCommand } = await sdk();
      const d = await smCall('DescribeSecret', () => sm.send(new DescribeSecretCommand({ SecretId: p.secretId })));
      const deleted = d.DeletedDate !== undefined;
      return {
        stillThere: !deleted,
        state: { exists: true, deletedDate: d.DeletedDate?.toISOString() ?? null },
        detail: deleted ? 'the secret is already scheduled for deletion' : 'readable',
      };
    } catch (e) {
      if (e instanceof ActionCallError && e.gone) return { stillThere: false, state: { exists: false }, detail: 'the secret no longer exists' };
      throw e;
    }
  },
  async execute(p, ctx) {
    const sm = await secretsFor(ctx.config, ctx.env, p.account!, p.region!);
    const { DeleteSecretCommand } = await sdk();
    await smCall('DeleteSecret', () => sm.send(new DeleteSecretCommand({ SecretId: p.secretId, RecoveryWindowInDays: RECOVERY_WINDOW_DAYS })));
  },
  async undo(p, ctx) {
    const sm = await secretsFor(ctx.config, ctx.env, p.account!, p.region!);
    const { RestoreSecretCommand } = await sdk();
    await smCall('RestoreSecret', () => sm.send(new RestoreSecretCommand({ SecretId: p.secretId })));
    return [{ api: 'SecretsManager RestoreSecret', target: { account: p.account!, region: p.region!, SecretId: p.secretId! } }];
  },
};
