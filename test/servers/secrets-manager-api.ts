// AWS Secrets Manager's JSON 1.1 protocol (X-Amz-Target `secretsmanager.*`)
// for the local AWS server: ListSecrets (pages, IncludePlannedDeletion,
// timestamps as epoch seconds as the service sends them), and the calls
// revocation makes (DescribeSecret, DeleteSecret with a recovery window,
// RestoreSecret). Secrets live per account and region, as in AWS. No call
// here returns a value: this server holds none.
import { ApiFault } from './iam-api.js';

type Json = Record<string, unknown>;

/** account -> region -> SecretListEntry objects with ISO timestamps. */
export type SecretsEstate = Map<string, Map<string, Json[]>>;

const DATES = ['LastRotatedDate', 'LastChangedDate', 'LastAccessedDate', 'DeletedDate', 'NextRotationDate', 'CreatedDate'];

/** ISO strings -> epoch seconds, the wire form of a JSON 1.1 timestamp. */
function wire(entry: Json): Json {
  const out: Json = { ...entry };
  for (const d of DATES) if (typeof out[d] === 'string') out[d] = Date.parse(out[d] as string) / 1000;
  return out;
}

export function secretsEstate(byAccount: Record<string, Record<string, Json[]>>): SecretsEstate {
  return new Map(Object.entries(byAccount).map(([a, regions]) => [a, new Map(Object.entries(regions))]));
}

function find(list: Json[], id: unknown): Json {
  const s = list.find((x) => x.ARN === id || x.Name === id || (typeof id === 'string' && String(x.ARN).replace(/-[A-Za-z0-9]{6}$/, '') === id));
  if (!s) throw new ApiFault(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  return s;
}

/** One Secrets Manager call in `account` and `region`; `writes` records each change. */
export function secretsAction(estate: SecretsEstate, account: string, region: string, op: string, input: Json, writes: string[], maxItemsCap?: number): Json {
  const list = estate.get(account)?.get(region) ?? [];
  switch (op) {
    case 'ListSecrets': {
      const planned = input.IncludePlannedDeletion === true;
      const visible = list.filter((s) => planned || s.DeletedDate === undefined);
      const max = Math.min(Number(input.MaxResults ?? 100), 100, maxItemsCap ?? 100);
      const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
      const next = start + max < visible.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
      return { SecretList: visible.slice(start, start + max).map(wire), ...(next ? { NextToken: next } : {}) };
    }
    case 'DescribeSecret':
      return wire(find(list, input.SecretId));
    case 'DeleteSecret': {
      const s = find(list, input.SecretId);
      if (s.DeletedDate !== undefined) throw new ApiFault(400, 'InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");
      const days = Number(input.RecoveryWindowInDays ?? 30);
      if (input.ForceDeleteWithoutRecovery === true || days < 7 || days > 30) throw new ApiFault(400, 'InvalidParameterException', 'a recovery window of 7 to 30 days is required here');
      s.DeletedDate = new Date().toISOString();
      writes.push(`${account} ${region} DeleteSecret ${String(s.ARN)} ${days}`);
      return { ARN: s.ARN, Name: s.Name, DeletionDate: Date.now() / 1000 + days * 86400 };
    }
    case 'RestoreSecret': {
      const s = find(list, input.SecretId);
      delete s.DeletedDate;
      writes.push(`${account} ${region} RestoreSecret ${String(s.ARN)}`);
      return { ARN: s.ARN, Name: s.Name };
    }
    default:
      throw new ApiFault(400, 'UnknownOperationException', `Unknown operation ${op}`);
  }
}
