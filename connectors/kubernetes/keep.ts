// What driftgraph keeps of a Kubernetes object: an allow-list, applied both
// when a live collection writes the snapshot and when a snapshot is read, so
// a Secret's `data`/`stringData`, a `kubectl.kubernetes.io/last-applied-configuration`
// annotation (which repeats a Secret's data), `managedFields`, a pod's
// environment and every other field are dropped before anything else sees
// them. The kept objects keep Kubernetes' own shape, so a snapshot file is
// what `kubectl get -o json` prints, minus what is not on this list.

import { notInFormat, OPAQUE_ID } from '../lib/id-formats.js';

/** A field of the wrong type: `path` is the JSON path inside the item, the value is never quoted. */
export class KeepError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'KeepError';
  }
}

export const OWNER_ANNOTATIONS = ['driftgraph.dev/owner', 'owner'] as const;
export const WORKLOAD_ANNOTATIONS = ['eks.amazonaws.com/role-arn', 'iam.gke.io/gcp-service-account', 'azure.workload.identity/client-id'] as const;
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const TOKEN_SA_NAME = 'kubernetes.io/service-account.name';
export const TOKEN_SA_UID = 'kubernetes.io/service-account.uid';
/** Kubernetes 1.28+: the day a legacy token was last used; 1.29+: the day the control plane invalidated an unused one. */
export const TOKEN_LAST_USED = 'kubernetes.io/legacy-token-last-used';
export const TOKEN_INVALID_SINCE = 'kubernetes.io/legacy-token-invalid-since';

const SA_ANNOTATIONS = [...OWNER_ANNOTATIONS, ...WORKLOAD_ANNOTATIONS, KUBERNETES_ID];
const SA_LABELS = [KUBERNETES_ID];
const SECRET_ANNOTATIONS = [TOKEN_SA_NAME, TOKEN_SA_UID];
const SECRET_LABELS = [TOKEN_LAST_USED, TOKEN_INVALID_SINCE];

export interface KeptMeta {
  name: string;
  namespace?: string;
  uid?: string;
  creationTimestamp?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  ownerReferences?: { kind: string; name: string }[];
}
export interface KeptServiceAccount { metadata: KeptMeta }
export interface KeptSecret { metadata: KeptMeta; type: string }
export interface KeptPod { metadata: KeptMeta; spec: { serviceAccountName?: string }; status: { phase?: string } }
export interface KeptRule { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }
export interface KeptRole { metadata: KeptMeta; rules: KeptRule[] }
export interface KeptSubject { kind: string; name: string; namespace?: string }
export interface KeptBinding { metadata: KeptMeta; roleRef: { kind: string; name: string }; subjects: KeptSubject[] }

type Obj = Record<string, unknown>;
const kind = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'null' : `a ${typeof v}`);

function object(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new KeepError(path, `is ${kind(v)}, expected an object`);
  return v as Obj;
}
function optObj(o: Obj, field: string, path: string): Obj | undefined {
  const v = o[field];
  return v === undefined || v === null ? undefined : object(v, `${path}.${field}`);
}
function text(o: Obj, field: string, path: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new KeepError(`${path}.${field}`, `is ${kind(v)}, expected a string`);
  return v;
}
function need(o: Obj, field: string, path: string): string {
  const v = text(o, field, path);
  if (v === undefined) throw new KeepError(`${path}.${field}`, 'is missing');
  return v;
}
/**
 * An object's name or namespace: the API server never accepts one with
 * whitespace (DNS names; RBAC names also allow `:`), so a value with a space
 * is not one, and is not read (connectors/lib/id-formats.ts).
 */
function objectName(v: string, path: string): string {
  if (!OPAQUE_ID.test(v)) throw new KeepError(path, notInFormat(OPAQUE_ID));
  return v;
}
function strings(o: Obj, field: string, path: string): string[] {
  const v = o[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KeepError(`${path}.${field}`, `is ${kind(v)}, expected a list of strings`);
  return v.map((x, i) => {
    if (typeof x !== 'string') throw new KeepError(`${path}.${field}[${i}]`, `is ${kind(x)}, expected a string`);
    return x;
  });
}
/** A timestamp as the API writes it (the client library hands a Date). */
function instantText(o: Obj, field: string, path: string): string | undefined {
  const v = o[field];
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new KeepError(`${path}.${field}`, 'is not a valid date');
    return v.toISOString();
  }
  return text(o, field, path);
}
/** Only the listed keys of a string map; every other key (and its value) is dropped unread. */
function pick(o: Obj, field: string, keys: readonly string[], path: string): Record<string, string> | undefined {
  // The API leaves an empty map out (omitempty), it never writes null: a null
  // here is a broken file, and read as "no annotations" it would drop a
  // workload identity link and resolve what depended on it.
  if (o[field] === null) throw new KeepError(`${path}.${field}`, 'is null, expected a map of strings');
  const m = optObj(o, field, path);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = m[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new KeepError(`${path}.${field}["${k}"]`, `is ${kind(v)}, expected a string`);
    out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

function meta(item: Obj, path: string, annotations: readonly string[], labels: readonly string[], owners = false): KeptMeta {
  const p = `${path}.metadata`;
  const m = object(item.metadata, p);
  const out: KeptMeta = { name: objectName(need(m, 'name', p), `${p}.name`) };
  const ns = text(m, 'namespace', p);
  if (ns !== undefined) out.namespace = objectName(ns, `${p}.namespace`);
  const uid = text(m, 'uid', p);
  if (uid !== undefined) out.uid = uid;
  const created = instantText(m, 'creationTimestamp', p);
  if (created !== undefined) out.creationTimestamp = created;
  const a = pick(m, 'annotations', annotations, p);
  if (a) out.annotations = a;
  const l = pick(m, 'labels', labels, p);
  if (l) out.labels = l;
  if (owners && m.ownerReferences !== undefined && m.ownerReferences !== null) {
    if (!Array.isArray(m.ownerReferences)) throw new KeepError(`${p}.ownerReferences`, `is ${kind(m.ownerReferences)}, expected a list`);
    out.ownerReferences = m.ownerReferences.map((r, i) => {
      const o = object(r, `${p}.ownerReferences[${i}]`);
      return { kind: need(o, 'kind', `${p}.ownerReferences[${i}]`), name: need(o, 'name', `${p}.ownerReferences[${i}]`) };
    });
  }
  return out;
}

export function keepServiceAccount(raw: unknown, path: string): KeptServiceAccount {
  return { metadata: meta(object(raw, path), path, SA_ANNOTATIONS, SA_LABELS) };
}

/** Type and metadata only: `data` and `stringData` are never read. */
export function keepSecret(raw: unknown, path: string): KeptSecret {
  const o = object(raw, path);
  return { metadata: meta(o, path, SECRET_ANNOTATIONS, SECRET_LABELS), type: text(o, 'type', path) ?? 'Opaque' };
}

/** The service account a pod runs as, its phase and what created it; never its containers or environment. */
export function keepPod(raw: unknown, path: string): KeptPod {
  const o = object(raw, path);
  const spec = optObj(o, 'spec', path) ?? {};
  const status = optObj(o, 'status', path) ?? {};
  // `serviceAccount` is the deprecated spelling some manifests still carry.
  const sa = text(spec, 'serviceAccountName', `${path}.spec`) ?? text(spec, 'serviceAccount', `${path}.spec`);
  const phase = text(status, 'phase', `${path}.status`);
  return { metadata: meta(o, path, [], [], true), spec: sa === undefined ? {} : { serviceAccountName: sa }, status: phase === undefined ? {} : { phase } };
}

export function keepRole(raw: unknown, path: string): KeptRole {
  const o = object(raw, path);
  const rules = o.rules === undefined || o.rules === null ? [] : o.rules;
  if (!Array.isArray(rules)) throw new KeepError(`${path}.rules`, `is ${kind(rules)}, expected a list`);
  return {
    metadata: meta(o, path, [], []),
    rules: rules.map((r, i) => {
      const p = `${path}.rules[${i}]`;
      const x = object(r, p);
      const names = strings(x, 'resourceNames', p);
      return {
        apiGroups: strings(x, 'apiGroups', p),
        resources: strings(x, 'resources', p),
        verbs: strings(x, 'verbs', p),
        ...(names.length ? { resourceNames: names } : {}),
      };
    }),
  };
}

export function keepBinding(raw: unknown, path: string): KeptBinding {
  const o = object(raw, path);
  const ref = object(o.roleRef, `${path}.roleRef`);
  const subjects = o.subjects === undefined || o.subjects === null ? [] : o.subjects;
  if (!Array.isArray(subjects)) throw new KeepError(`${path}.subjects`, `is ${kind(subjects)}, expected a list`);
  return {
    metadata: meta(o, path, [], []),
    roleRef: { kind: need(ref, 'kind', `${path}.roleRef`), name: need(ref, 'name', `${path}.roleRef`) },
    subjects: subjects.map((s, i) => {
      const p = `${path}.subjects[${i}]`;
      const x = object(s, p);
      const ns = text(x, 'namespace', p);
      const kindOf = need(x, 'kind', p);
      // A user or group subject is whatever the authenticator says; a service account is an object name.
      const name = kindOf === 'ServiceAccount' ? objectName(need(x, 'name', p), `${p}.name`) : need(x, 'name', p);
      return { kind: kindOf, name, ...(ns === undefined ? {} : { namespace: objectName(ns, `${p}.namespace`) }) };
    }),
  };
}
