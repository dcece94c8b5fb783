// One GCP project -> gcp/<project-id>/ in the snapshot format. Calls: the
// service-account pages, one key listing per account (IAM has no bulk key
// call), the IAM policy (version 3, so conditions come back), Policy
// Analyzer's two activity types, workload identity pools with their
// providers, and (when asked) Secret Manager's secrets and versions. Everything is in memory before the first write: a project that
// fails leaves no folder.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Progress } from '../../src/util/progress.js';
import { apiError } from './collect-errors.js';
import type { GcpClients } from './collect-clients.js';
import { FILES } from './files.js';
import { listSecrets } from './collect-secrets.js';
import { append } from '../../src/util/arrays.js';

export interface ProjectJob {
  projectId: string;
  clients: GcpClients;
  outDir: string;
  progress: Progress;
  callConcurrency: number;
  /** Counts every API call made (pages count one each). */
  count: () => void;
  /** List Secret Manager secrets and their versions too (config gcp.secretManager). */
  secretManager?: boolean;
}

type Json = Record<string, unknown>;
const PAGE = { serviceAccounts: 100, activities: 1000, pools: 1000 };

/** Every page of a listing, concatenated. */
async function allPages<T>(page: (token: string | undefined) => Promise<{ items: T[]; next: string | null | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const r = await page(token);
    append(out, r.items);
    token = r.next || undefined;
  } while (token);
  return out;
}

export interface ProjectStats {
  projectId: string;
  serviceAccounts: number;
  keys: number;
  bindings: number;
  providers: number;
  /** null: Secret Manager not asked. */
  secrets: number | null;
}

export async function collectProject(job: ProjectJob): Promise<ProjectStats> {
  const { projectId: p, clients } = job;
  const call = async <T>(api: string, fn: () => Promise<T>): Promise<T> => {
    job.count();
    try {
      return await fn();
    } catch (e) {
      throw apiError(api, `project ${p}`, e);
    }
  };

  const accounts = await allPages<Json>(async (pageToken) => {
    const r = await call('IAM serviceAccounts.list', () =>
      clients.iam.projects.serviceAccounts.list({ name: `projects/${p}`, pageSize: PAGE.serviceAccounts, pageToken }),
    );
    return { items: (r.data.accounts ?? []) as Json[], next: r.data.nextPageToken };
  });
  job.progress.step(`gcp ${p}: ${accounts.length} service accounts; listing their keys`);

  // The first refused call stops the project's queued ones: a missing
  // permission would otherwise fail every one of hundreds of listings.
  const stop = new AbortController();
  const limit = pLimit(job.callConcurrency);
  const keyLists = await Promise.all(
    accounts.map((sa) =>
      limit(async () => {
        if (stop.signal.aborted) throw stop.signal.reason;
        const email = String(sa.email ?? '');
        const r = await call('IAM serviceAccounts.keys.list', () =>
          clients.iam.projects.serviceAccounts.keys.list({ name: `projects/${p}/serviceAccounts/${email}` }),
        );
        // Listings carry no private key material; drop it anyway should a server send it.
        return ((r.data.keys ?? []) as Json[]).map(({ privateKeyData: _secret, ...k }) => k);
      }).catch((e: unknown) => {
        if (!stop.signal.aborted) stop.abort(e);
        throw e;
      }),
    ),
  );
  const keys = keyLists.flat();

  const policy = await call('Resource Manager projects.getIamPolicy', () =>
    clients.crm.projects.getIamPolicy({ resource: `projects/${p}`, requestBody: { options: { requestedPolicyVersion: 3 } } }),
  );

  const activity = async (type: string) => {
    const activities = await allPages<Json>(async (pageToken) => {
      const body = (await call(`Policy Analyzer activities.query ${type}`, () =>
        clients.policyAnalyzer(`projects/${p}/locations/global/activityTypes/${type}/activities:query`, {
          pageSize: PAGE.activities,
          pageToken,
        }),
      )) as { activities?: Json[]; nextPageToken?: string };
      return { items: body?.activities ?? [], next: body?.nextPageToken };
    });
    return { activities };
  };
  const accountActivity = await activity('serviceAccountLastAuthentication');
  const keyActivity = await activity('serviceAccountKeyLastAuthentication');

  const pools = await allPages<Json>(async (pageToken) => {
    const r = await call('IAM workloadIdentityPools.list', () =>
      clients.iam.projects.locations.workloadIdentityPools.list({ parent: `projects/${p}/locations/global`, pageSize: PAGE.pools, pageToken }),
    );
    return { items: (r.data.workloadIdentityPools ?? []) as Json[], next: r.data.nextPageToken };
  });
  for (const pool of pools) {
    pool.providers = await allPages<Json>(async (pageToken) => {
      const r = await call('IAM workloadIdentityPools.providers.list', () =>
        clients.iam.projects.locations.workloadIdentityPools.providers.list({ parent: String(pool.name), pageSize: PAGE.pools, pageToken }),
      );
      return { items: (r.data.workloadIdentityPoolProviders ?? []) as Json[], next: r.data.nextPageToken };
    });
  }

  const secrets = job.secretManager ? await listSecrets(p, clients, call, job.callConcurrency) : null;

  const dir = join(job.outDir, 'gcp', p);
  await mkdir(join(dir, 'activity'), { recursive: true });
  const write = async (rel: string, value: unknown) => {
    const path = join(dir, rel);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(value, null, 2) + '\n');
    await rename(tmp, path);
  };
  await write(FILES.accounts, accounts);
  await write(FILES.keys, keys);
  await write(FILES.policy, policy.data);
  await write(FILES.accountActivity, accountActivity);
  await write(FILES.keyActivity, keyActivity);
  await write(FILES.pools, pools);
  if (secrets) {
    await mkdir(join(dir, FILES.secretVersions), { recursive: true });
    await write(FILES.secrets, secrets.secrets);
    for (const [id, versions] of secrets.versions) await write(`${FILES.secretVersions}/${id}.json`, versions);
  }
  const providers = pools.reduce((n, pool) => n + (pool.providers as Json[]).length, 0);
  job.progress.step(`gcp ${p}: ${accounts.length} service accounts, ${keys.length} keys, ${providers} workload identity providers${secrets ? `, ${secrets.secrets.length} secrets (metadata)` : ''} written`);
  return { projectId: p, serviceAccounts: accounts.length, keys: keys.length, bindings: policy.data.bindings?.length ?? 0, providers, secrets: secrets?.secrets.length ?? null };
}
