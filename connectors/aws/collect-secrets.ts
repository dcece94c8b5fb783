// Secrets Manager metadata of one account: ListSecrets in each configured
// region, every page, secrets scheduled for deletion included (so a secret
// deleted with a recovery window shows as such and its findings resolve).
// Only ListSecrets is called: it returns metadata, never a value, and the
// read-only permission it needs (secretsmanager:ListSecrets) reads no value
// either. Only the fields the snapshot format names are written.
import { ListSecretsCommand, type SecretListEntry, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { append } from '../../src/util/arrays.js';
import type { ApiCaller } from './collect-calls.js';

/** The metadata fields kept, as ListSecrets names them. */
const FIELDS = [
  'ARN',
  'Name',
  'Description',
  'RotationEnabled',
  'RotationLambdaARN',
  'RotationRules',
  'LastRotatedDate',
  'LastChangedDate',
  'LastAccessedDate',
  'DeletedDate',
  'NextRotationDate',
  'Tags',
  'OwningService',
  'CreatedDate',
  'PrimaryRegion',
] as const satisfies readonly (keyof SecretListEntry)[];

function metadata(entry: SecretListEntry): Partial<SecretListEntry> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (entry[f] !== undefined) out[f] = entry[f];
  return out as Partial<SecretListEntry>;
}

export interface SecretsListing {
  /** One ListSecrets response per region, its pages merged: the form `secrets.json` is written in. */
  responses: { SecretList: Partial<SecretListEntry>[] }[];
  secrets: number;
}

export async function listSecrets(
  accountId: string,
  regions: readonly string[],
  clientFor: (region: string) => SecretsManagerClient,
  caller: ApiCaller,
  stop?: AbortSignal,
): Promise<SecretsListing> {
  const responses: SecretsListing['responses'] = [];
  let secrets = 0;
  for (const region of regions) {
    const client = clientFor(region);
    const list: Partial<SecretListEntry>[] = [];
    let token: string | undefined;
    do {
      // 100 is the API's largest page.
      const page = await caller.call(`SecretsManager ListSecrets (${region})`, accountId, () =>
        client.send(new ListSecretsCommand({ MaxResults: 100, NextToken: token, IncludePlannedDeletion: true })), stop);
      append(list, (page.SecretList ?? []).map(metadata));
      token = page.NextToken;
    } while (token);
    responses.push({ SecretList: list });
    secrets += list.length;
  }
  return { responses, secrets };
}
