// Catalog entities -> Team, CatalogUser and Service nodes and CHILD_OF edges
// (docs/graph-model.md). Pure. Backstage lets membership and the group tree
// be written on either side (`Group.spec.members` / `User.spec.memberOf`,
// `spec.children` / `spec.parent`). The lists keep what each entity declares,
// so the membership derivation can say which side a link came from; CHILD_OF
// edges join both sides, since the tree walk reads only the edges.
import { identityProps, nodeKey, type GraphBatch, type GraphEdge, type GraphNode } from '../../src/graph/records.js';
import { SourceError } from '../../src/util/errors.js';
import { splitList } from './lists.js';
import type { CatalogEntity } from './read.js';
import { formatRef, normalizeRef } from '../../src/util/entity-ref.js';

export const IDENTITIES_ANNOTATION = 'driftgraph.dev/identities';
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const REGIONS_ANNOTATION = 'driftgraph.dev/expected-regions';
export const CIDRS_ANNOTATION = 'driftgraph.dev/allowed-cidrs';

const SERVICE_KINDS = new Set(['component', 'resource', 'system']);

export interface CatalogMap {
  graph: GraphBatch;
  warnings: string[];
}

export const teamKey = (ref: string) => nodeKey('catalog', '', 'group', ref);
export const catalogUserKey = (ref: string) => nodeKey('catalog', '', 'user', ref);
export const serviceKey = (ref: string) => nodeKey('catalog', '', 'service', ref);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(e: CatalogEntity, path: string, message: string): never {
  throw new SourceError('catalog', `${e.kind} ${e.name}: ${message}`, { file: e.file, line: e.line, path });
}

function optString(e: CatalogEntity, obj: unknown, key: string, path: string): string | null {
  const v = isRecord(obj) ? obj[key] : undefined;
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail(e, path, 'is not a string');
  return v.trim() || null;
}

/** A ref field; relative refs resolve in the entity's own namespace, as Backstage does. */
function ref(e: CatalogEntity, value: unknown, defaultKind: string, path: string): string {
  if (typeof value !== 'string') fail(e, path, 'is not an entity ref');
  const out = normalizeRef(value, defaultKind, e.namespace);
  if (out === null) fail(e, path, `"${value}" is not an entity ref`);
  return out;
}

function optRef(e: CatalogEntity, key: string, defaultKind: string): string | null {
  const v = e.spec[key];
  return v === undefined || v === null ? null : ref(e, v, defaultKind, `spec.${key}`);
}

function refList(e: CatalogEntity, key: string, defaultKind: string): string[] {
  const v = e.spec[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(e, `spec.${key}`, 'is not a list');
  return v.map((item, i) => ref(e, item, defaultKind, `spec.${key}[${i}]`));
}

/** An annotation list; a YAML list of strings is taken too, though Backstage wants a string. */
function annotationList(e: CatalogEntity, name: string): string[] {
  const annotations = e.metadata.annotations;
  const v = isRecord(annotations) ? annotations[name] : undefined;
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return splitList(v);
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v.flatMap((s) => splitList(s));
  fail(e, `metadata.annotations["${name}"]`, 'is not a string');
}

interface Team {
  ref: string;
  e: CatalogEntity;
  members: string[];
  children: string[];
  parent: string | null;
}

interface User {
  ref: string;
  e: CatalogEntity;
  memberOf: string[];
}

export function mapCatalog(entities: CatalogEntity[]): CatalogMap {
  const warnings: string[] = [];
  const seen = new Map<string, CatalogEntity>();
  const teams: Team[] = [];
  const users: User[] = [];
  const nodes: GraphNode[] = [];

  for (const e of entities) {
    const kind = e.kind.toLowerCase();
    if (kind !== 'group' && kind !== 'user' && !SERVICE_KINDS.has(kind)) continue; // APIs, Domains, ...: not ours
    const self = formatRef({ kind, namespace: e.namespace, name: e.name });
    const first = seen.get(self);
    if (first) {
      const where = `${first.file} line ${first.line}`;
      // The same entity twice (a copy of a file) is one; two different ones under one name contradict each other.
      if (!sameEntity(first, e)) {
        throw new SourceError('catalog', `${self} is already defined in ${where}, with different content: a duplicate name the catalog contradicts itself on`, { file: e.file, line: e.line });
      }
      warnings.push(`${e.file} line ${e.line}: ${self} is already defined in ${where} (the same content); skipped`);
      continue;
    }
    seen.set(self, e);

    if (kind === 'group') {
      teams.push({
        ref: self,
        e,
        members: refList(e, 'members', 'user'),
        children: refList(e, 'children', 'group'),
        parent: optRef(e, 'parent', 'group'),
      });
    } else if (kind === 'user') {
      users.push({ ref: self, e, memberOf: refList(e, 'memberOf', 'group') });
    } else {
      const owner = optString(e, e.spec, 'owner', 'spec.owner');
      nodes.push({
        label: 'Service',
        key: serviceKey(self),
        props: {
          ...identityProps('catalog', '', 'service', self, e.name),
          namespace: e.namespace.toLowerCase(),
          kind: kindName(kind),
          owner,
          ownerRef: owner === null ? null : ref(e, owner, 'group', 'spec.owner'),
          lifecycle: optString(e, e.spec, 'lifecycle', 'spec.lifecycle')?.toLowerCase() ?? null,
          system: optRef(e, 'system', 'system'),
          // Backstage's Kubernetes plugin names a component's objects by label; a service account labelled so is one of its identities.
          identities: [...annotationList(e, IDENTITIES_ANNOTATION), ...annotationList(e, KUBERNETES_ID_ANNOTATION).map((id) => `${KUBERNETES_ID_ANNOTATION}:${id}`)],
          expectedRegions: annotationList(e, REGIONS_ANNOTATION),
          allowedCidrs: annotationList(e, CIDRS_ANNOTATION),
        },
      });
    }
  }

  const edges: GraphEdge[] = [];
  const edgeSeen = new Set<string>();
  const childOf = (child: string, parent: string) => {
    const id = `${child} ${parent}`;
    if (child === parent || edgeSeen.has(id)) return;
    edgeSeen.add(id);
    edges.push({ type: 'CHILD_OF', from: teamKey(child), to: teamKey(parent) });
  };
  for (const t of teams) {
    const profile = t.e.spec.profile;
    nodes.push({
      label: 'Team',
      key: teamKey(t.ref),
      props: {
        ...identityProps('catalog', '', 'group', t.ref, t.e.name),
        namespace: t.e.namespace.toLowerCase(),
        displayName: optString(t.e, profile, 'displayName', 'spec.profile.displayName'),
        email: optString(t.e, profile, 'email', 'spec.profile.email')?.toLowerCase() ?? null,
        members: t.members,
        children: t.children,
        parent: t.parent,
      },
    });
    // Edges to groups the catalog does not define are still written; the writer skips them.
    if (t.parent) childOf(t.ref, t.parent);
    for (const c of t.children) childOf(c, t.ref);
  }
  for (const u of users) {
    const profile = u.e.spec.profile;
    nodes.push({
      label: 'CatalogUser',
      key: catalogUserKey(u.ref),
      props: {
        ...identityProps('catalog', '', 'user', u.ref, u.e.name),
        namespace: u.e.namespace.toLowerCase(),
        displayName: optString(u.e, profile, 'displayName', 'spec.profile.displayName'),
        email: optString(u.e, profile, 'email', 'spec.profile.email')?.toLowerCase() ?? null,
        memberOf: u.memberOf,
      },
    });
  }
  return { graph: { nodes, edges }, warnings };
}

/** `component` -> `Component`: the kind as Backstage spells it. */
function kindName(kind: string): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

function sameEntity(a: CatalogEntity, b: CatalogEntity): boolean {
  const body = (x: CatalogEntity) => JSON.stringify([x.apiVersion, x.kind, x.namespace, x.name, sorted(x.metadata), sorted(x.spec)]);
  return body(a) === body(b);
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as object).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, sorted(x)]));
  return v;
}
