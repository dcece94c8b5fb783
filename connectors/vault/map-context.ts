// What every Vault mapper shares: keys, the properties every record
// carries, privilege by policy name, and the ids a catalog annotation uses.
import { nodeKey, type Props } from '../../src/graph/records.js';
import type { KeptMetadata } from './model.js';

export const SOURCE = 'vault';

export const vaultKey = (cluster: string, type: string, id: string) => nodeKey(SOURCE, cluster, type, id);

export function baseProps(cluster: string, type: string, id: string, name: string | null): Props {
  return { source: SOURCE, container: cluster, type, nativeId: id, name };
}

/** The id a catalog's `driftgraph.dev/identities` names a Vault object by: `vault:<cluster>/<API path>`. */
export const catalogIdOf = (cluster: string, apiPath: string) => `vault:${cluster}/${apiPath}`;

/** An AppRole's native id: the API path of the role, which `vault read` takes. */
export const approleId = (mount: string, name: string) => `auth/${mount}/role/${name}`;

export interface ClusterContext {
  cluster: string;
  now: string;
  privilegedPolicies: Set<string>;
  warnings: string[];
}

/** Privileged when a policy is `root` or one the config names. */
export function privilegeOf(ctx: ClusterContext, policies: readonly string[]): { privileged: boolean; privilegeReasons: string[] } {
  const reasons = [...new Set(policies)].filter((p) => ctx.privilegedPolicies.has(p)).map((p) => `policy ${p}`);
  return { privileged: reasons.length > 0, privilegeReasons: reasons };
}

/** Owner declarations of metadata, as the parallel lists derive reads (method `vault-metadata:<key>`). */
export function ownersOf(...maps: KeptMetadata[]): { values: string[]; methods: string[] } {
  const values: string[] = [];
  const methods: string[] = [];
  for (const m of maps) {
    for (const o of m.owners) {
      const method = `vault-metadata:${o.key}`;
      if (values.some((v, i) => v === o.value && methods[i] === method)) continue;
      values.push(o.value);
      methods.push(method);
    }
  }
  return { values, methods };
}
