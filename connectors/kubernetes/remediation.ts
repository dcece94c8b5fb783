// The exact `kubectl` command per action on a Kubernetes subject. Every value
// goes through shellQuote, and a namespace or name that is not a Kubernetes
// name gives no command at all: quoting keeps it out of the shell, but a
// value starting with `-` would still reach kubectl as an option.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote as q } from '../../src/util/shell.js';

/** A DNS-1123 subdomain, what Kubernetes accepts for namespaces, service accounts and secrets. */
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** The container is the kubeconfig context's folder name (config.ts). */
const CONTEXT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

function target(i: RemediationInput, ...types: string[]): { kubectl: string; name: string } | null {
  if (i.subject.source !== 'kubernetes' || !types.includes(i.subject.type)) return null;
  const context = i.subject.container ?? '';
  const [ns, name, extra] = i.subject.id.split('/');
  if (!CONTEXT.test(context) || !ns || !name || extra !== undefined || !K8S_NAME.test(ns) || !K8S_NAME.test(name)) return null;
  return { kubectl: `kubectl --context ${q(context)} --namespace ${q(ns)}`, name };
}

const annotateOwner: RemediationTemplate = (i) => {
  const t = target(i, 'service-account');
  return t ? `${t.kubectl} annotate --overwrite serviceaccount ${q(t.name)} driftgraph.dev/owner=OWNER_EMAIL` : null;
};

export const kubernetesRemediations: Record<string, RemediationTemplate> = {
  // A legacy token never expires: delete it; workloads get short-lived tokens (projected volumes, `kubectl create token`).
  'rotate-credential': (i) => {
    const t = target(i, 'service-account-token');
    return t ? `${t.kubectl} delete secret ${q(t.name)}` : null;
  },
  'deactivate-credential': (i) => {
    const t = target(i, 'service-account-token');
    return t ? `${t.kubectl} delete secret ${q(t.name)}` : null;
  },
  'assign-owner': annotateOwner,
  'reassign-owner': annotateOwner,
  // Deleting a service account also deletes its legacy token secrets (Kubernetes garbage-collects them).
  'decommission-identity': (i) => {
    const t = target(i, 'service-account');
    return t ? `${t.kubectl} delete serviceaccount ${q(t.name)}` : null;
  },
};
