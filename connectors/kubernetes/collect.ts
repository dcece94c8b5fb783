// Live Kubernetes -> `<outDir>/kubernetes/<cluster>/` for every configured
// kubeconfig context, read-only (get and list). Each list is paged
// (`limit`/`continue`), and each item passes keep.ts before it is written:
// a pod's environment, a secret's data and every other field outside the
// allow-list never reach the disk. Secrets are listed metadata-only (the API
// server leaves values out of the answer) and only legacy token secrets
// (field selector `type=`). A cluster is written into a side folder and
// moved into place only when complete, so a failed call fails that cluster
// alone and leaves no half folder.
import { open, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectContext, CollectResult } from '../../src/sources/connector.js';
import { errorMessage, SourceError } from '../../src/util/errors.js';
import { call, callOptions, clusterClient, type ClusterClient } from './collect-client.js';
import type { KubernetesConfig } from './config.js';
import { FILES } from './files.js';
import { keepBinding, keepPod, keepRole, keepSecret, keepServiceAccount, TOKEN_TYPE } from './keep.js';

interface Page {
  items: unknown[];
  metadata?: { _continue?: string };
}

/** Page through one list call and write its kept items as one Kubernetes list. */
async function writeList(
  file: string,
  api: string,
  fetchPage: (cont: string | undefined) => Promise<Page>,
  keep: (raw: unknown, path: string) => unknown,
): Promise<number> {
  const out = await open(file, 'w');
  let count = 0;
  try {
    await out.write('{"apiVersion":"v1","kind":"List","items":[\n');
    let cont: string | undefined;
    do {
      const page = await call(api, () => fetchPage(cont));
      let text = '';
      for (const item of page.items ?? []) {
        const kept = (() => {
          try {
            return keep(item, `$.items[${count}]`);
          } catch (e) {
            throw new SourceError('kubernetes', `an item the API returned has an unexpected shape: ${(e as Error).message}`, { api, path: (e as { path?: string }).path });
          }
        })();
        text += (count++ ? ',\n' : '') + JSON.stringify(kept);
      }
      await out.write(text);
      cont = page.metadata?._continue || undefined;
    } while (cont);
    await out.write('\n]}\n');
  } finally {
    await out.close();
  }
  return count;
}

async function collectCluster(c: ClusterClient, dir: string, config: KubernetesConfig, step: (m: string) => void): Promise<void> {
  await mkdir(dir, { recursive: true });
  const limit = config.pageSize ?? 500;
  const timeoutMs = (config.requestTimeoutSeconds ?? 60) * 1000;
  const o = callOptions(c.counter, false, timeoutMs);
  const n = await writeList(join(dir, FILES.serviceAccounts), 'GET /api/v1/serviceaccounts', (cont) => c.core.listServiceAccountForAllNamespaces({ limit, _continue: cont }, o), keepServiceAccount);
  step(`${n} service accounts`);
  if (config.secrets !== false) {
    const meta = callOptions(c.counter, true, timeoutMs);
    // Metadata of legacy token secrets only: the answer carries no `type`, which the field selector fixes.
    const s = await writeList(
      join(dir, FILES.secrets),
      'GET /api/v1/secrets (metadata only)',
      (cont) => c.core.listSecretForAllNamespaces({ limit, _continue: cont, fieldSelector: `type=${TOKEN_TYPE}` }, meta),
      (raw, path) => ({ ...keepSecret(raw, path), type: TOKEN_TYPE }),
    );
    step(`${s} legacy token secrets`);
  }
  await writeList(join(dir, FILES.clusterRoles), 'GET /apis/rbac.authorization.k8s.io/v1/clusterroles', (cont) => c.rbac.listClusterRole({ limit, _continue: cont }, o), keepRole);
  await writeList(join(dir, FILES.roles), 'GET /apis/rbac.authorization.k8s.io/v1/roles', (cont) => c.rbac.listRoleForAllNamespaces({ limit, _continue: cont }, o), keepRole);
  await writeList(join(dir, FILES.clusterRoleBindings), 'GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings', (cont) => c.rbac.listClusterRoleBinding({ limit, _continue: cont }, o), keepBinding);
  await writeList(join(dir, FILES.roleBindings), 'GET /apis/rbac.authorization.k8s.io/v1/rolebindings', (cont) => c.rbac.listRoleBindingForAllNamespaces({ limit, _continue: cont }, o), keepBinding);
  const p = await writeList(join(dir, FILES.pods), 'GET /api/v1/pods', (cont) => c.core.listPodForAllNamespaces({ limit, _continue: cont }, o), keepPod);
  step(`${p} pods`);
}

export async function collectKubernetes(outDir: string, ctx: CollectContext<KubernetesConfig>): Promise<CollectResult> {
  const config = ctx.config;
  if (!config?.clusters?.length) throw new SourceError('kubernetes', 'config kubernetes.clusters lists no kubeconfig context to collect');
  const counter = { requests: 0 };
  const containers: string[] = [];
  const failed: CollectResult['failed'] = [];
  const root = join(outDir, 'kubernetes');
  await mkdir(root, { recursive: true });
  for (const entry of config.clusters) {
    const cluster = entry.name ?? entry.context;
    const partial = join(root, `.${cluster}.partial`);
    await rm(partial, { recursive: true, force: true });
    const before = counter.requests;
    try {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(cluster)) {
        throw new SourceError('kubernetes', 'the context name cannot name a folder: give the cluster a `name` in config kubernetes.clusters');
      }
      const client = clusterClient(config.kubeconfig, entry.context, counter);
      await collectCluster(client, partial, config, (m) => ctx.progress.step(`kubernetes: ${cluster}: ${m}`));
      await rm(join(root, cluster), { recursive: true, force: true });
      await rename(partial, join(root, cluster));
      containers.push(cluster);
      ctx.progress.step(`kubernetes: ${cluster}: collected in ${counter.requests - before} API calls`);
    } catch (e) {
      await rm(partial, { recursive: true, force: true });
      failed.push({ container: cluster, error: errorMessage(e) });
    }
  }
  return { containers, failed, warnings: [], requests: counter.requests };
}
