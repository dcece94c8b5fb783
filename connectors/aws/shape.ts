// Shape checks for the JSON files: what the mapper relies on is verified once,
// here, and a violation names the file and the JSON path (`$.UserDetailList[3]`).
// Fields driftgraph does not read are not checked: unknown or odd extra data
// is never an error.
import { SourceError } from '../../src/util/errors.js';
import { requiredInstant, toInstant } from '../../src/util/time.js';
import { withoutQuotedText } from '../lib/messages.js';
import { uniqueById } from '../lib/json.js';
import type { AccessKeyEntry, AuthorizationDetails } from './model.js';
import { PolicyDocumentError, decodePolicyDocument, isObject, type PolicyDocument } from './policy-document.js';

type Fail = (path: string, why: string) => never;

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];

function failer(file: string): Fail {
  return (path, why) => {
    throw new SourceError('aws', why, { file, path });
  };
}

/** Decode a policy document, failing the file at `path` when it is not one. */
export function decodeAt(raw: unknown, file: string, path: string): PolicyDocument {
  try {
    return decodePolicyDocument(raw);
  } catch (e) {
    if (e instanceof PolicyDocumentError) throw new SourceError('aws', e.message, { file, path });
    throw e;
  }
}

/**
 * A list field. The CLI prints a list of one item as that item alone (AWS's
 * own example output of get-account-authorization-details does), so a single
 * object or string is a list of one.
 */
function list(v: unknown, path: string, fail: Fail): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  if (isObject(v) || typeof v === 'string') return [v];
  return fail(path, 'not a JSON array');
}

/** Normalise `o[field]` to an array in place (the mapper reads it after this check). */
function listField(o: Record<string, unknown>, field: string, path: string, fail: Fail): unknown[] {
  const l = list(o[field], `${path}.${field}`, fail);
  if (o[field] !== undefined) o[field] = l;
  return l;
}

/**
 * The file is one response, or a JSON array of responses (one per page):
 * their lists are concatenated. `Marker` and `IsTruncated` are ignored.
 */
function pages(json: unknown, lists: string[], fail: Fail): Record<string, unknown[]> {
  const responses = Array.isArray(json) ? json : [json];
  const merged: Record<string, unknown[]> = Object.fromEntries(lists.map((l) => [l, []]));
  responses.forEach((r, i) => {
    const at = Array.isArray(json) ? `$[${i}]` : '$';
    const page = obj(r, at, fail);
    for (const l of lists) {
      for (const item of list(page[l], `${at}.${l}`, fail)) merged[l]!.push(item);
    }
  });
  return merged;
}

function obj(v: unknown, path: string, fail: Fail): Record<string, unknown> {
  return isObject(v) ? v : fail(path, 'not a JSON object');
}

function requireString(o: Record<string, unknown>, field: string, path: string, fail: Fail): void {
  if (typeof o[field] !== 'string' || o[field] === '') fail(`${path}.${field}`, `${field} missing or not a string`);
}

/** A field the mapper reads as text when present: absent or null is fine, another type fails the file. */
function optionalString(o: Record<string, unknown>, field: string, path: string, fail: Fail): void {
  const v = o[field];
  if (v !== undefined && v !== null && typeof v !== 'string') fail(`${path}.${field}`, `${field} is not a string`);
}

/** A timestamp; `required` for one AWS always writes (CreateDate), where a "no value" marker fails too. */
function timestamp(o: Record<string, unknown>, field: string, path: string, fail: Fail, required = false): void {
  try {
    if (required) requiredInstant(o[field]);
    else toInstant(o[field]);
  } catch (e) {
    fail(`${path}.${field}`, withoutQuotedText((e as Error).message));
  }
}

/** The policy lists of a user, group or role: attached ARNs and inline documents. */
function checkPolicies(o: Record<string, unknown>, inlineField: string, path: string, file: string, fail: Fail): void {
  listField(o, 'AttachedManagedPolicies', path, fail).forEach((p, i) =>
    requireString(obj(p, `${path}.AttachedManagedPolicies[${i}]`, fail), 'PolicyArn', `${path}.AttachedManagedPolicies[${i}]`, fail),
  );
  listField(o, inlineField, path, fail).forEach((p, i) => {
    const at = `${path}.${inlineField}[${i}]`;
    const inline = obj(p, at, fail);
    requireString(inline, 'PolicyName', at, fail);
    decodeAt(inline.PolicyDocument, file, `${at}.PolicyDocument`);
  });
}

function checkTags(o: Record<string, unknown>, path: string, fail: Fail): void {
  listField(o, 'Tags', path, fail).forEach((t, i) => {
    const tag = obj(t, `${path}.Tags[${i}]`, fail);
    requireString(tag, 'Key', `${path}.Tags[${i}]`, fail);
    if (typeof tag.Value !== 'string') fail(`${path}.Tags[${i}].Value`, 'Value missing or not a string');
  });
}

/** `account-authorization-details.json` -> typed, or SourceError at the first bad path. */
export function checkAuthorizationDetails(json: unknown, file: string): AuthorizationDetails {
  const fail = failer(file);
  if (Array.isArray(json) && json.length === 0) fail('$', 'no response in the file');
  if (isObject(json) && !LISTS.some((l) => l in json)) {
    fail('$', `none of ${LISTS.join(', ')}: not the output of get-account-authorization-details`);
  }
  const root = pages(json, LISTS, fail);
  const users = root.UserDetailList!;
  users.forEach((u, i) => {
    const at = `$.UserDetailList[${i}]`;
    const user = obj(u, at, fail);
    requireString(user, 'UserName', at, fail);
    requireString(user, 'Arn', at, fail);
    optionalString(user, 'Path', at, fail);
    timestamp(user, 'CreateDate', at, fail, true);
    listField(user, 'GroupList', at, fail).forEach((g, j) => {
      if (typeof g !== 'string') fail(`${at}.GroupList[${j}]`, 'group name is not a string');
    });
    checkPolicies(user, 'UserPolicyList', at, file, fail);
    checkTags(user, at, fail);
  });
  const groups = root.GroupDetailList!;
  groups.forEach((g, i) => {
    const at = `$.GroupDetailList[${i}]`;
    const group = obj(g, at, fail);
    requireString(group, 'GroupName', at, fail);
    requireString(group, 'Arn', at, fail);
    optionalString(group, 'Path', at, fail);
    timestamp(group, 'CreateDate', at, fail, true);
    checkPolicies(group, 'GroupPolicyList', at, file, fail);
  });
  const roles = root.RoleDetailList!;
  roles.forEach((r, i) => {
    const at = `$.RoleDetailList[${i}]`;
    const role = obj(r, at, fail);
    requireString(role, 'RoleName', at, fail);
    requireString(role, 'Arn', at, fail);
    optionalString(role, 'Path', at, fail);
    timestamp(role, 'CreateDate', at, fail, true);
    if (role.AssumeRolePolicyDocument !== undefined) decodeAt(role.AssumeRolePolicyDocument, file, `${at}.AssumeRolePolicyDocument`);
    if (role.RoleLastUsed !== undefined && role.RoleLastUsed !== null) {
      const used = obj(role.RoleLastUsed, `${at}.RoleLastUsed`, fail);
      timestamp(used, 'LastUsedDate', `${at}.RoleLastUsed`, fail);
      optionalString(used, 'Region', `${at}.RoleLastUsed`, fail);
    }
    checkPolicies(role, 'RolePolicyList', at, file, fail);
    checkTags(role, at, fail);
  });
  const policies = root.Policies!;
  policies.forEach((p, i) => {
    const at = `$.Policies[${i}]`;
    const policy = obj(p, at, fail);
    requireString(policy, 'Arn', at, fail);
    optionalString(policy, 'DefaultVersionId', at, fail);
    listField(policy, 'PolicyVersionList', at, fail).forEach((v, j) => {
      const version = obj(v, `${at}.PolicyVersionList[${j}]`, fail);
      optionalString(version, 'VersionId', `${at}.PolicyVersionList[${j}]`, fail);
      if (version.Document !== undefined) decodeAt(version.Document, file, `${at}.PolicyVersionList[${j}].Document`);
    });
  });
  // One ARN listed twice with different content: the file contradicts itself, named with both places.
  const once = (list: unknown[], name: string) => uniqueById('aws', file, list, (x) => String((x as Record<string, unknown>).Arn), (_x, i) => `$.${name}[${i}]`);
  return {
    UserDetailList: once(users, 'UserDetailList'),
    GroupDetailList: once(groups, 'GroupDetailList'),
    RoleDetailList: once(roles, 'RoleDetailList'),
    Policies: once(policies, 'Policies'),
  } as AuthorizationDetails;
}

/**
 * `access-keys.json`: one array of AccessKeyMetadata entries, or the
 * `list-access-keys` responses themselves (`{AccessKeyMetadata: [...]}`, one
 * or an array of them, one per user or page).
 */
export function checkAccessKeys(json: unknown, file: string): AccessKeyEntry[] {
  const fail = failer(file);
  const wrapped = (v: unknown) => isObject(v) && 'AccessKeyMetadata' in v;
  if (!Array.isArray(json) && !wrapped(json)) fail('$', 'not a JSON array of AccessKeyMetadata entries');
  const entries = wrapped(json) || (Array.isArray(json) && json.some(wrapped))
    ? pages(json, ['AccessKeyMetadata'], fail).AccessKeyMetadata!
    : (json as unknown[]);
  entries.forEach((k, i) => {
    const at = `$[${i}]`;
    const key = obj(k, at, fail);
    requireString(key, 'UserName', at, fail);
    requireString(key, 'AccessKeyId', at, fail);
    requireString(key, 'Status', at, fail);
    timestamp(key, 'CreateDate', at, fail, true);
    if (key.AccessKeyLastUsed !== undefined && key.AccessKeyLastUsed !== null) {
      const used = obj(key.AccessKeyLastUsed, `${at}.AccessKeyLastUsed`, fail);
      timestamp(used, 'LastUsedDate', `${at}.AccessKeyLastUsed`, fail);
      optionalString(used, 'Region', `${at}.AccessKeyLastUsed`, fail);
      optionalString(used, 'ServiceName', `${at}.AccessKeyLastUsed`, fail);
    }
  });
  return uniqueById('aws', file, entries, (k) => String((k as Record<string, unknown>).AccessKeyId), (_k, i) => `$[${i}]`) as AccessKeyEntry[];
}
