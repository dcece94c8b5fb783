// The exact `vault` command per action on a Vault subject. Every provider
// value goes through shellQuote; tokens and secret IDs are named by their
// accessors only, and a command that issues a new secret wraps it
// (`-wrap-ttl`) rather than printing it. Each command ends by naming the
// cluster it is for: VAULT_ADDR must point at it.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote as q } from '../../src/util/shell.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const own = (i: RemediationInput, ...types: string[]) => i.subject.source === 'vault' && types.includes(i.subject.type);
const clusterNote = (i: RemediationInput) => `on Vault cluster ${q(i.subject.container ?? '')}`;
const onCluster = (i: RemediationInput) => `  # ${clusterNote(i)}`;

export const revokeToken = (accessor: string) => `vault token revoke -accessor ${q(accessor)}`;

/** `auth/<mount>/role/<name>` of a secret ID (its props) or an AppRole (its id). */
function rolePath(i: RemediationInput): string | null {
  if (own(i, 'approle')) return i.subject.id;
  const mount = str(i.props.mount);
  const role = str(i.props.role);
  return mount && role ? `auth/${mount}/role/${role}` : null;
}

const destroySecretId = (role: string, accessor: string) =>
  `vault write ${q(`${role}/secret-id-accessor/destroy`)} secret_id_accessor=${q(accessor)}`;

const disableEntity = (id: string) => `vault write ${q(`identity/entity/id/${id}`)} disabled=true`;

/** Take one credential away: revoke a token, destroy a secret ID, soft-delete a KV secret's current version. */
function removeCredential(i: RemediationInput): string | null {
  if (own(i, 'token')) return revokeToken(i.subject.id);
  if (own(i, 'secret-id')) {
    const role = rolePath(i);
    return role ? destroySecretId(role, i.subject.id) : null;
  }
  if (own(i, 'kv-secret')) {
    const mount = str(i.props.mount);
    const path = str(i.props.path);
    return mount && path ? `vault kv delete -mount=${q(mount)} ${q(path)}` : null;
  }
  return null;
}

function disableAccount(i: RemediationInput): string | null {
  if (!own(i, 'entity')) return null;
  // A disabled entity's tokens stop working; revoking them makes it final.
  const tokens = list(i.evidence.activeCredentials).map(revokeToken);
  return [disableEntity(i.subject.id), ...tokens].join(' && ') + onCluster(i);
}

function assignOwner(i: RemediationInput): string | null {
  if (own(i, 'kv-secret')) {
    const mount = str(i.props.mount);
    const path = str(i.props.path);
    if (!mount || !path) return null;
    return `vault kv metadata patch -mount=${q(mount)} -custom-metadata=owner=OWNER_EMAIL ${q(path)}${onCluster(i)}`;
  }
  if (own(i, 'entity')) return `vault write ${q(`identity/entity/id/${i.subject.id}`)} metadata=owner=OWNER_EMAIL${onCluster(i)}`;
  if (own(i, 'approle')) {
    // An AppRole has no metadata of its own: the catalog names its owner.
    const id = str(i.props.catalogId);
    return id ? `# list ${q(id)} in the driftgraph.dev/identities annotation of the catalog entry that runs it (its spec.owner owns it)` : null;
  }
  if (own(i, 'token')) return `${revokeToken(i.subject.id)}  # a token cannot be given an owner after it is made: re-issue it with -metadata=owner=OWNER_EMAIL if it is still needed; ${clusterNote(i)}`;
  return null;
}

function rotate(i: RemediationInput): string | null {
  const retire = removeCredential(i);
  if (!retire) return null;
  if (own(i, 'token')) {
    return `# issue a replacement with an expiry first (vault token create -ttl=720h -explicit-max-ttl=2160h -policy=..., handed over wrapped with -wrap-ttl=10m); then retire this one: ${retire}; ${clusterNote(i)}`;
  }
  if (own(i, 'secret-id')) {
    const role = rolePath(i)!;
    return `vault write -f -wrap-ttl=10m ${q(`${role}/secret-id`)} ttl=720h && ${retire}${onCluster(i)}`;
  }
  const mount = str(i.props.mount)!;
  const path = str(i.props.path)!;
  // The new value comes from a file the generator wrote, never from the command line's history.
  return `vault kv put -mount=${q(mount)} ${q(path)} @new-value.json${onCluster(i)}`;
}

function decommission(i: RemediationInput): string | null {
  if (own(i, 'approle')) return `vault delete ${q(i.subject.id)}${onCluster(i)}`;
  if (own(i, 'entity')) return disableEntity(i.subject.id) + onCluster(i);
  if (own(i, 'kv-secret')) {
    const mount = str(i.props.mount);
    const path = str(i.props.path);
    return mount && path ? `vault kv metadata delete -mount=${q(mount)} ${q(path)}${onCluster(i)}` : null;
  }
  const c = removeCredential(i);
  return c && c + onCluster(i);
}

const withCluster = (f: (i: RemediationInput) => string | null) => (i: RemediationInput) => {
  const c = f(i);
  return c && c + onCluster(i);
};

export const vaultRemediations: Partial<Record<string, RemediationTemplate>> = {
  'disable-account': disableAccount,
  'deactivate-credential': withCluster(removeCredential),
  'rotate-credential': rotate,
  'assign-owner': assignOwner,
  'reassign-owner': assignOwner,
  'decommission-identity': decommission,
  'link-or-remove-account': (i) =>
    own(i, 'entity')
      ? `vault write ${q(`identity/entity/id/${i.subject.id}`)} metadata=email=PERSON_EMAIL  # or disable it: ${disableEntity(i.subject.id)}; ${clusterNote(i)}`
      : null,
  'split-identity': (i) =>
    own(i, 'approle')
      ? `vault write auth/${q(String(i.props.mount ?? 'approle'))}/role/SERVICE-NAME token_policies=...  # one AppRole per service; then remove ${q(String(i.props.catalogId ?? i.subject.id))} from all but one catalog entry; ${clusterNote(i)}`
      : null,
};
