// One cluster's kept objects -> graph records (pure: the scan's now and the
// config come in, nothing is read). A service account is an NHI; a legacy
// `kubernetes.io/service-account-token` secret is a credential of it that
// never expires; the roles bound to service accounts are entitlements.
// Workload identity annotations become `actsAsValues`, a fact the derive
// step resolves against every source's catalog ids (an AWS role ARN, a GCP
// service account email, an Entra application id) without naming them.
import { identityProps, nodeKey, type GraphBatch, type GraphEdge, type GraphNode } from '../../src/graph/records.js';
import { SourceError } from '../../src/util/errors.js';
import { toInstant } from '../../src/util/time.js';
import type { ContainerRead } from '../lib/containers.js';
import { DEFAULT_SYSTEM_NAMESPACES, type KubernetesConfig } from './config.js';
import { clusterFile, FILES } from './files.js';
import {
  KUBERNETES_ID, OWNER_ANNOTATIONS, TOKEN_INVALID_SINCE, TOKEN_LAST_USED, TOKEN_SA_NAME, TOKEN_TYPE, WORKLOAD_ANNOTATIONS,
  type KeptMeta,
} from './keep.js';
import { holdings } from './privilege.js';
import type { ClusterSnapshot } from './read.js';
import { usageByAccount } from './usage.js';

const SOURCE = 'kubernetes';

/** The string `driftgraph.dev/identities` uses for a service account. */
export function catalogIdOf(cluster: string, account: string): string {
  return `kubernetes:${cluster}/${account}`;
}

function instantIn(cluster: string, file: string) {
  return (value: string, path: string): string => {
    try {
      return toInstant(value)!;
    } catch (e) {
      throw new SourceError(SOURCE, (e as Error).message, { file: clusterFile(cluster, file), path });
    }
  };
}

const idOf = (m: KeptMeta) => `${m.namespace ?? ''}/${m.name}`;

export function mapCluster(s: ClusterSnapshot, config: KubernetesConfig | undefined): ContainerRead {
  const cluster = s.cluster;
  const systemNamespaces = config?.systemNamespaces ?? DEFAULT_SYSTEM_NAMESPACES;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const saKey = (account: string) => nodeKey(SOURCE, cluster, 'service-account', account);
  const accounts = s.serviceAccounts.map((a) => idOf(a.metadata));
  const known = new Set(accounts);

  // Legacy tokens, by the service account they authenticate as.
  const tokensOf = new Map<string, number>();
  let otherSecrets = 0;
  const secretTime = instantIn(cluster, FILES.secrets);
  (s.secrets ?? []).forEach((secret, i) => {
    if (secret.type !== TOKEN_TYPE) {
      otherSecrets++;
      return;
    }
    const m = secret.metadata;
    const id = idOf(m);
    const saName = m.annotations?.[TOKEN_SA_NAME] ?? null;
    const account = saName && m.namespace ? `${m.namespace}/${saName}` : null;
    const path = `$.items[${i}].metadata`;
    const lastUsed = m.labels?.[TOKEN_LAST_USED];
    const invalid = m.labels?.[TOKEN_INVALID_SINCE];
    nodes.push({
      label: 'Credential',
      key: nodeKey(SOURCE, cluster, 'service-account-token', id),
      props: {
        ...identityProps(SOURCE, cluster, 'service-account-token', id, id),
        namespace: m.namespace ?? null,
        // Revocation deletes this exact object (a precondition on its uid), never a namesake created since.
        uid: m.uid ?? null,
        serviceAccount: account,
        // A legacy token is valid until its secret is deleted, unless the control plane has invalidated it (1.29+).
        active: invalid === undefined,
        invalidSince: invalid === undefined ? null : secretTime(invalid, `${path}.labels["${TOKEN_INVALID_SINCE}"]`),
        createdAt: m.creationTimestamp ? secretTime(m.creationTimestamp, `${path}.creationTimestamp`) : null,
        noExpiry: true,
        // Kubernetes 1.28+ records the day of last use; without the label, use is unknown.
        lastUsedAt: lastUsed === undefined ? null : secretTime(lastUsed, `${path}.labels["${TOKEN_LAST_USED}"]`),
        usageReported: lastUsed !== undefined,
      },
    });
    if (account && known.has(account)) {
      edges.push({ type: 'AUTHENTICATES_AS', from: nodeKey(SOURCE, cluster, 'service-account-token', id), to: saKey(account) });
      if (invalid === undefined) tokensOf.set(account, (tokensOf.get(account) ?? 0) + 1);
    }
  });

  const privilegedRoles = config?.privilegedRoles ?? [];
  const h = holdings(accounts, s.clusterRoles, s.roles, s.clusterRoleBindings, s.roleBindings, privilegedRoles);
  const clusterWide = new Set<string>();
  const heldRoles = new Set<string>();
  for (const list of h.held.values()) {
    for (const x of list) {
      heldRoles.add(`${x.role.type}:${x.role.id}`);
      if (x.scopes.includes('cluster')) clusterWide.add(`${x.role.type}:${x.role.id}`);
    }
  }
  // Only roles some service account holds: the many bound to people and system groups alone are not this source's business.
  for (const [k, { ref, grants }] of h.roles) {
    if (!heldRoles.has(k)) continue;
    const reasons = [...grants.reasons, ...(grants.readsAllSecrets && clusterWide.has(k) ? ['reads secrets cluster-wide'] : [])];
    nodes.push({
      label: 'Entitlement',
      key: nodeKey(SOURCE, cluster, ref.type, ref.id),
      props: {
        ...identityProps(SOURCE, cluster, ref.type, ref.id, ref.id),
        entitlementId: `${cluster}/${ref.type === 'cluster-role' ? 'clusterrole' : 'role'}/${ref.id}`,
        privileged: reasons.length > 0,
        privilegeReasons: reasons,
        // A role named by a binding but absent from the snapshot: what it grants is unknown.
        roleKnown: !grants.unknown,
      },
    });
  }

  const usage = s.pods === null ? null : usageByAccount(s.pods, instantIn(cluster, FILES.pods));
  const saTime = instantIn(cluster, FILES.serviceAccounts);
  s.serviceAccounts.forEach((a, i) => {
    const m = a.metadata;
    const account = idOf(m);
    const path = `$.items[${i}].metadata`;
    const createdAt = m.creationTimestamp ? saTime(m.creationTimestamp, `${path}.creationTimestamp`) : null;
    const ownerValues: string[] = [];
    const ownerMethods: string[] = [];
    for (const name of OWNER_ANNOTATIONS) {
      const v = m.annotations?.[name]?.trim();
      if (v) {
        ownerValues.push(v);
        ownerMethods.push(`kubernetes-annotation:${name}`);
      }
    }
    const actsAsValues: string[] = [];
    const actsAsMethods: string[] = [];
    for (const name of WORKLOAD_ANNOTATIONS) {
      const v = m.annotations?.[name]?.trim();
      if (v) {
        actsAsValues.push(v);
        actsAsMethods.push(name);
      }
    }
    const kubernetesId = m.labels?.[KUBERNETES_ID]?.trim() || m.annotations?.[KUBERNETES_ID]?.trim();
    const held = h.held.get(account) ?? [];
    const reasons = h.reasons.get(account) ?? [];
    const tokens = tokensOf.get(account) ?? 0;
    // Kubernetes makes these itself: its add-ons' accounts, and every namespace's `default` while nothing gives it weight.
    const idleDefault = m.name === 'default' && held.length === 0 && tokens === 0 && actsAsValues.length === 0 && ownerValues.length === 0;
    const use = usage?.get(account);
    const inUse = use?.inUse ?? false;
    nodes.push({
      label: 'Identity',
      key: saKey(account),
      props: {
        ...identityProps(SOURCE, cluster, 'service-account', account, account),
        namespace: m.namespace ?? null,
        isNhi: true,
        active: true,
        providerManaged: systemNamespaces.includes(m.namespace ?? '') || idleDefault,
        privileged: reasons.length > 0,
        privilegeReasons: reasons,
        createdAt,
        catalogId: catalogIdOf(cluster, account),
        catalogIds: kubernetesId ? [`${KUBERNETES_ID}:${kubernetesId}`] : undefined,
        ownerValues,
        ownerMethods,
        actsAsValues,
        actsAsMethods,
        legacyTokens: tokens,
        usageReported: false,
        // Workload use (usage.ts): reported only when the snapshot has the cluster's pods.
        workloadUseReported: usage !== null,
        inUseByWorkloads: usage === null ? null : inUse,
        unusedSince: usage === null || inUse ? null : latestOf(createdAt, use?.lastPodAt ?? null),
        lastWorkload: usage === null || inUse ? null : (use?.lastWorkload ?? null),
      },
    });
    for (const x of held) {
      edges.push({ type: 'HOLDS', from: saKey(account), to: nodeKey(SOURCE, cluster, x.role.type, x.role.id), props: { bindings: x.bindings, scopes: x.scopes } });
    }
  });

  const warnings = [...s.warnings];
  if (otherSecrets) warnings.push(`${clusterFile(cluster, FILES.secrets)}: ${otherSecrets} secret(s) of other types than ${TOKEN_TYPE} ignored`);
  return { graph: { nodes, edges } satisfies GraphBatch, warnings };
}

function latestOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
