// Secret Manager metadata of one project: secrets.list, then
// secrets.versions.list for each secret (Google has no bulk version call).
// Neither returns a payload, and versions.access (which would) is never
// called; only the fields the snapshot format names are written.
import pLimit from 'p-limit';
import { SourceError } from '../../src/util/errors.js';
import { append } from '../../src/util/arrays.js';
import type { GcpClients } from './collect-clients.js';

type Json = Record<string, unknown>;
/** The API's largest page. */
const PAGE = 25000;
const SECRET_NAME = /^projects\/[^/]+\/secrets\/([A-Za-z0-9_-]{1,255})$/;

const pick = (o: Json, fields: readonly string[]): Json => Object.fromEntries(fields.filter((f) => o[f] !== undefined).map((f) => [f, o[f]]));
const SECRET_FIELDS = ['name', 'createTime', 'labels', 'annotations', 'rotation', 'expireTime', 'topics', 'etag'] as const;
const VERSION_FIELDS = ['name', 'createTime', 'state', 'destroyTime'] as const;

export interface SecretListing {
  secrets: Json[];
  /** Secret id -> its versions. */
  versions: Map<string, Json[]>;
}

type Call = <T>(api: string, fn: () => Promise<T>) => Promise<T>;

async function pages(list: (token: string | undefined) => Promise<{ items: Json[]; next: string | null | undefined }>): Promise<Json[]> {
  const out: Json[] = [];
  let token: string | undefined;
  do {
    const r = await list(token);
    append(out, r.items);
    token = r.next || undefined;
  } while (token);
  return out;
}

export async function listSecrets(projectId: string, clients: GcpClients, call: Call, concurrency: number): Promise<SecretListing> {
  const sm = clients.secretManager.projects.secrets;
  const secrets = await pages(async (pageToken) => {
    const r = await call('Secret Manager secrets.list', () => sm.list({ parent: `projects/${projectId}`, pageSize: PAGE, pageToken }));
    return { items: ((r.data.secrets ?? []) as Json[]).map((s) => pick(s, SECRET_FIELDS)), next: r.data.nextPageToken };
  });
  const ids = secrets.map((s) => {
    const m = SECRET_NAME.exec(String(s.name ?? ''));
    // The id becomes a file name: anything else is refused, never written.
    if (!m) throw new SourceError('gcp', `project ${projectId}: secrets.list returned a name that is not projects/P/secrets/ID`, { api: 'Secret Manager secrets.list' });
    return m[1]!;
  });
  // The first refused call stops the project's queued ones.
  const stop = new AbortController();
  const limit = pLimit(concurrency);
  const lists = await Promise.all(
    secrets.map((s) =>
      limit(async () => {
        if (stop.signal.aborted) throw stop.signal.reason;
        return pages(async (pageToken) => {
          const r = await call('Secret Manager secrets.versions.list', () => sm.versions.list({ parent: String(s.name), pageSize: PAGE, pageToken }));
          return { items: ((r.data.versions ?? []) as Json[]).map((v) => pick(v, VERSION_FIELDS)), next: r.data.nextPageToken };
        });
      }).catch((e: unknown) => {
        if (!stop.signal.aborted) stop.abort(e);
        throw e;
      }),
    ),
  );
  return { secrets, versions: new Map(ids.map((id, i) => [id, lists[i]!])) };
}
