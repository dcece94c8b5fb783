// The `kubernetes:` section of driftgraph.yaml (`config.kubernetes`). No
// credential lives here: a live collection uses the kubeconfig's contexts,
// whose own credentials (exec plugins, token files, client certificates)
// stay where kubectl keeps them.
import { z } from '../../src/bundled/zod.js';

/** A folder name a cluster's snapshot is written under: no separators, no dot-files. */
const clusterName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/, 'letters, digits, ".", "_" and "-" (it names the cluster\'s snapshot folder)');

export const kubernetesConfigSchema = z
  .object({
    /** Kubeconfig file a live collection reads (default: $KUBECONFIG, else ~/.kube/config). */
    kubeconfig: z.string().min(1).optional(),
    /** Clusters a live collection reads, one container each: a kubeconfig context and the folder it is written to. */
    clusters: z
      .array(
        z
          .object({
            context: z.string().min(1),
            /** The container (folder) name; default: the context name. */
            name: clusterName.optional(),
            /** A context with delete rights on secrets, used only by revocation (default: \`context\`, read-only). */
            revokeContext: z.string().min(1).optional(),
          })
          .strict(),
      )
      .optional(),
    /** Read secrets' metadata (legacy service account tokens); false when the collector may not list secrets at all. */
    secrets: z.boolean().optional(),
    /** Seconds one API call may take before it is retried (default 60). */
    requestTimeoutSeconds: z.number().int().min(1).max(3600).optional(),
    /** Items per list call (Kubernetes `limit`, default 500). */
    pageSize: z.number().int().min(1).max(5000).optional(),
    /** Namespaces whose service accounts Kubernetes and its add-ons create (default kube-system, kube-public, kube-node-lease): never findings. */
    systemNamespaces: z.array(z.string().min(1)).optional(),
    /** ClusterRoles that count as privileged besides cluster-admin and the rules that grant `*` on `*`, secrets cluster-wide, bind, escalate or impersonate. */
    privilegedRoles: z.array(z.string().min(1)).optional(),
  })
  .strict();

export type KubernetesConfig = z.infer<typeof kubernetesConfigSchema>;

export const DEFAULT_SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];
