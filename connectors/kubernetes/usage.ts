// Which service accounts workloads use, from the pods in the snapshot: a
// service account is in use while a pod that is not finished runs as it;
// otherwise it has been unused since the later of its creation and the
// creation of the last finished pod that ran as it. Only these two facts go
// into the graph (not pod counts or names, which change with every rollout),
// so an account in use is not rewritten on every scan.
import type { KeptPod } from './keep.js';

export interface Usage {
  inUse: boolean;
  /** The latest finished pod's creation (null when none ran as it). */
  lastPodAt: string | null;
  /** What created that pod (`Job/nightly-export`), or its own name. */
  lastWorkload: string | null;
}

const FINISHED = new Set(['Succeeded', 'Failed']);

/** service account (`namespace/name`) -> usage; a pod that names no account runs as `default`. */
export function usageByAccount(pods: readonly KeptPod[], instant: (value: string, path: string) => string): Map<string, Usage> {
  const out = new Map<string, Usage>();
  pods.forEach((p, i) => {
    const ns = p.metadata.namespace ?? 'default';
    const account = `${ns}/${p.spec.serviceAccountName ?? 'default'}`;
    const u = out.get(account) ?? { inUse: false, lastPodAt: null, lastWorkload: null };
    if (!FINISHED.has(p.status.phase ?? '')) u.inUse = true;
    else {
      const at = p.metadata.creationTimestamp ? instant(p.metadata.creationTimestamp, `$.items[${i}].metadata.creationTimestamp`) : null;
      if (at && (u.lastPodAt === null || at > u.lastPodAt)) {
        u.lastPodAt = at;
        const owner = p.metadata.ownerReferences?.[0];
        u.lastWorkload = owner ? `${owner.kind}/${owner.name}` : `Pod/${p.metadata.name}`;
      }
    }
    out.set(account, u);
  });
  return out;
}
