// Each file of gcp/<project>/ -> checked records. What the mapping relies on
// is verified here, once; a violation names the file and the JSON path.
// Fields driftgraph does not read are not checked.
import { at as fieldAt, fileError, isObject, listItems, optBool, optId, optString, reqId, reqString, camelize, type Item, type Json } from './json.js';
import { EMAIL, notInFormat, OPAQUE_ID } from '../lib/id-formats.js';
import type { Activity, Binding, ServiceAccount, ServiceAccountKey, WorkloadIdentityProvider } from './model.js';
import { toInstant } from '../../src/util/time.js';
import { withoutQuotedText } from '../lib/messages.js';
import { uniqueById } from '../lib/json.js';

function instant(o: Json, field: string, path: string, file: string): string | null {
  const v = optString(o, field, path, file);
  if (v === null) return null;
  try {
    // Google writes RFC 3339: always a time and a zone.
    return toInstant(v, { time: true, zone: true });
  } catch (e) {
    throw fileError(file, fieldAt(o, path, field), `${field}: ${withoutQuotedText((e as Error).message)}`);
  }
}

/** The items of a list, each id once: the same id with different content fails the file (connectors/lib/json.ts). */
function unique(json: unknown, wrapper: string, file: string, id: string): Item[] {
  return uniqueById('gcp', file, listItems(json, wrapper, file), ({ value }) => String(value[id] ?? ''), ({ path }) => path);
}

export function serviceAccounts(json: unknown, file: string): ServiceAccount[] {
  return unique(json, 'accounts', file, 'email').map(({ value: o, path }) => ({
    // Names, ids, emails and members are checked, never rewritten (connectors/lib/id-formats.ts); display names and descriptions are free text.
    email: reqId(o, 'email', path, file, EMAIL).toLowerCase(),
    name: optId(o, 'name', path, file),
    uniqueId: optId(o, 'uniqueId', path, file),
    displayName: optString(o, 'displayName', path, file),
    description: optString(o, 'description', path, file),
    disabled: optBool(o, 'disabled', path, file),
  }));
}

const KEY_NAME = /^projects\/([^/\s]+)\/serviceAccounts\/([^/\s]+)\/keys\/([^/\s]+)$/;

export function serviceAccountKeys(json: unknown, file: string): ServiceAccountKey[] {
  return unique(json, 'keys', file, 'name').map(({ value: o, path }) => {
    const name = reqString(o, 'name', path, file);
    const m = KEY_NAME.exec(name);
    if (!m) throw fileError(file, `${path}.name`, 'name is not projects/P/serviceAccounts/EMAIL/keys/KEY_ID');
    return {
      name,
      keyId: m[3]!,
      serviceAccountEmail: decodeURIComponent(m[2]!).toLowerCase(),
      keyType: optString(o, 'keyType', path, file),
      keyOrigin: optString(o, 'keyOrigin', path, file),
      keyAlgorithm: optString(o, 'keyAlgorithm', path, file),
      validAfter: instant(o, 'validAfterTime', path, file),
      validBefore: instant(o, 'validBeforeTime', path, file),
      disabled: optBool(o, 'disabled', path, file),
      disableReason: optString(o, 'disableReason', path, file),
    };
  });
}

/** `iam-policy.json`: one Policy, or an array of them (every binding counts). */
export function policyBindings(json: unknown, file: string): Binding[] {
  const policies: Item[] = Array.isArray(json)
    ? json.map((p, i) => {
        if (!isObject(p)) throw fileError(file, `$[${i}]`, 'not a JSON object');
        return { value: camelize(p) as Json, path: `$[${i}]` };
      })
    : isObject(json)
      ? [{ value: camelize(json) as Json, path: '$' }]
      : [];
  if (!Array.isArray(json) && !isObject(json)) throw fileError(file, '$', 'expected a Policy object {bindings, etag, version}');
  const out: Binding[] = [];
  for (const { value: policy, path } of policies) {
    const bindings = policy.bindings;
    if (bindings === undefined || bindings === null) continue;
    if (!Array.isArray(bindings)) throw fileError(file, `${path}.bindings`, 'bindings is not a JSON array');
    bindings.forEach((b, i) => {
      const at = `${path}.bindings[${i}]`;
      if (!isObject(b)) throw fileError(file, at, 'not a JSON object');
      const role = reqId(b, 'role', at, file);
      const members = b.members ?? [];
      if (!Array.isArray(members)) throw fileError(file, `${at}.members`, 'members is not a JSON array');
      members.forEach((m, j) => {
        if (typeof m !== 'string') throw fileError(file, `${at}.members[${j}]`, 'member is not a string');
        if (!OPAQUE_ID.test(m)) throw fileError(file, `${at}.members[${j}]`, notInFormat(OPAQUE_ID, 'member'));
      });
      let condition: Binding['condition'] = null;
      if (b.condition !== undefined && b.condition !== null) {
        if (!isObject(b.condition)) throw fileError(file, `${at}.condition`, 'condition is not a JSON object');
        condition = {
          expression: optString(b.condition, 'expression', `${at}.condition`, file),
          title: optString(b.condition, 'title', `${at}.condition`, file),
        };
      }
      out.push({ role, members: members as string[], condition });
    });
  }
  return out;
}

/** Policy Analyzer `activities.query` response(s) -> the last authentication per resource. */
export function activities(json: unknown, file: string, inner: 'serviceAccount' | 'serviceAccountKey'): Activity[] {
  return listItems(json, 'activities', file).map(({ value: o, path }) => {
    const activity = o.activity;
    let lastAuthenticated: string | null = null;
    let innerName: string | null = null;
    if (activity !== undefined && activity !== null) {
      if (!isObject(activity)) throw fileError(file, `${path}.activity`, 'activity is not a JSON object');
      lastAuthenticated = instant(activity, 'lastAuthenticatedTime', `${path}.activity`, file);
      const ref = activity[inner];
      if (isObject(ref)) innerName = optString(ref, 'fullResourceName', `${path}.activity.${inner}`, file);
    }
    if (innerName !== null && !OPAQUE_ID.test(innerName)) throw fileError(file, `${path}.activity.${inner}.fullResourceName`, notInFormat(OPAQUE_ID, 'fullResourceName'));
    const fullResourceName = optId(o, 'fullResourceName', path, file) ?? innerName;
    if (!fullResourceName) throw fileError(file, fieldAt(o, path, 'fullResourceName'), 'fullResourceName missing');
    return { fullResourceName, lastAuthenticated };
  });
}

/** `workload-identity-pools.json`: pools, each with its `providers`. */
export function workloadIdentityProviders(json: unknown, file: string): WorkloadIdentityProvider[] {
  const out: WorkloadIdentityProvider[] = [];
  for (const { value: pool, path } of listItems(json, 'workloadIdentityPools', file)) {
    const poolName = reqId(pool, 'name', path, file);
    const poolDisabled = optBool(pool, 'disabled', path, file) || optString(pool, 'state', path, file) === 'DELETED';
    const providers = pool.providers ?? [];
    const list: Item[] = listItems(providers, 'workloadIdentityPoolProviders', file).map((p) => ({
      value: p.value,
      path: `${path}.providers${p.path.slice(1)}`,
    }));
    for (const { value: p, path: at } of list) {
      const oidc = p.oidc;
      if (oidc !== undefined && oidc !== null && !isObject(oidc)) throw fileError(file, `${at}.oidc`, 'oidc is not a JSON object');
      const mapping = p.attributeMapping;
      if (mapping !== undefined && mapping !== null && !isObject(mapping)) {
        throw fileError(file, `${at}.attributeMapping`, 'attributeMapping is not a JSON object');
      }
      out.push({
        name: reqId(p, 'name', at, file),
        poolName,
        displayName: optString(p, 'displayName', at, file),
        disabled: optBool(p, 'disabled', at, file),
        state: optString(p, 'state', at, file),
        poolDisabled,
        issuerUri: isObject(oidc) ? optString(oidc, 'issuerUri', `${at}.oidc`, file) : null,
        attributeCondition: optString(p, 'attributeCondition', at, file),
        attributeMapping: Object.fromEntries(Object.entries(isObject(mapping) ? mapping : {}).map(([k, v]) => [k, String(v)])),
      });
    }
  }
  return out;
}
