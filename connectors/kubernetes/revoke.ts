// What driftgraph can revoke in Kubernetes: a legacy service account token,
// by deleting its secret (irreversible: a new token is a new secret, made by
// whoever owns the workload). The live check reads the secret's metadata
// only, and the delete carries a precondition on the uid the scan saw, so a
// secret re-created under the same name is never deleted by mistake.
import { ApiException } from '@kubernetes/client-node';
import type { ActionContext, RevocationAction } from '../../src/sources/connector.js';
import { ActionCallError } from '../../src/sources/connector.js';
import { callOptions, clusterClient, failureText, type ClusterClient } from './collect-client.js';
import type { KubernetesConfig } from './config.js';
import { TOKEN_SA_NAME } from './keep.js';

const READ = 'Kubernetes GET /api/v1/namespaces/{namespace}/secrets/{name} (metadata only)';
const DELETE = 'Kubernetes DELETE /api/v1/namespaces/{namespace}/secrets/{name}';

function client(cluster: string, ctx: ActionContext<KubernetesConfig>, call: string): ClusterClient {
  const entry = ctx.config?.clusters?.find((c) => (c.name ?? c.context) === cluster);
  if (!entry) throw new ActionCallError(call, undefined, `config kubernetes.clusters has no cluster named ${JSON.stringify(cluster)}`);
  try {
    return clusterClient(ctx.config?.kubeconfig, entry.revokeContext ?? entry.context, { requests: 0 });
  } catch (e) {
    throw new ActionCallError(call, undefined, (e as Error).message);
  }
}

/** One call; 404 is null (gone); any other failure names the call and status, never the body. */
async function kube<T>(call: string, send: () => Promise<T>): Promise<T | null> {
  try {
    return await send();
  } catch (e) {
    if (e instanceof ApiException) {
      if (e.code === 404) return null;
      throw new ActionCallError(call, e.code, `the API answered ${e.code}`);
    }
    throw new ActionCallError(call, undefined, `the call failed: ${(e as NodeJS.ErrnoException).code ?? failureText(e)}`);
  }
}

const deleteTokenSecret: RevocationAction<KubernetesConfig> = {
  kind: 'kubernetes.delete-token-secret',
  subjectTypes: ['service-account-token'],
  reversible: false,
  plan(i) {
    if (i.subject.source !== 'kubernetes' || i.subject.type !== 'service-account-token') return [];
    if (!['rotate-credential', 'deactivate-credential'].includes(i.action)) return [];
    const cluster = i.subject.container ?? '';
    const [namespace, name] = i.subject.id.split('/');
    const uid = typeof i.props.uid === 'string' ? i.props.uid : '';
    const account = typeof i.props.serviceAccount === 'string' ? i.props.serviceAccount : '';
    // Without the uid the scan saw, the delete could not be pinned to this object: plan nothing.
    if (!namespace || !name || !uid) return [];
    return [
      {
        kind: 'kubernetes.delete-token-secret',
        summary: `delete legacy token secret ${namespace}/${name}${account ? ` of service account ${account}` : ''} in cluster ${cluster}`,
        container: cluster,
        calls: [{ api: DELETE, target: { cluster, namespace, name, uid } }],
        reversible: false,
        params: { cluster, namespace, name, uid, serviceAccount: account.split('/')[1] ?? '' },
      },
    ];
  },
  async check(p, ctx) {
    const c = client(p.cluster!, ctx, READ);
    const s = await kube(READ, () => c.core.readNamespacedSecret({ name: p.name!, namespace: p.namespace! }, callOptions(c.counter, true)));
    if (!s) return { stillThere: false, state: { exists: false }, detail: 'the secret no longer exists' };
    const uid = s.metadata?.uid ?? null;
    const account = s.metadata?.annotations?.[TOKEN_SA_NAME] ?? null;
    const state = { exists: true, uid, serviceAccount: account };
    if (uid !== p.uid) return { stillThere: false, state, detail: 'a different secret now has this name (its uid changed): not the token the finding saw' };
    if (p.serviceAccount && account !== p.serviceAccount) return { stillThere: false, state, detail: 'the secret no longer names the service account the finding saw' };
    return { stillThere: true, state, detail: 'the legacy token secret exists' };
  },
  async execute(p, ctx) {
    const c = client(p.cluster!, ctx, DELETE);
    const r = await kube(DELETE, () => c.core.deleteNamespacedSecret({ name: p.name!, namespace: p.namespace!, body: { preconditions: { uid: p.uid! } } }, callOptions(c.counter)));
    if (r === null) throw new ActionCallError(DELETE, 404, 'the secret no longer exists', true);
  },
};

export const kubernetesRevocations: RevocationAction<KubernetesConfig>[] = [deleteTokenSecret];
