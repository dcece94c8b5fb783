// GitHub's own OpenAPI description (@octokit/openapi, the GitHub Enterprise
// Cloud variant, which also has the SAML and audit-log endpoints), and a
// small validator for the subset of JSON Schema it uses, so test payloads
// and the local server cannot drift from what GitHub returns.
import { createRequire } from 'node:module';

type Schema = Record<string, any>;
const require = createRequire(import.meta.url);
let spec: { paths: Record<string, Record<string, any>> } | null = null;

function load() {
  spec ??= require('@octokit/openapi/generated/ghec.deref.json');
  return spec!;
}

/** The 200 response schema of `GET path`. */
export function responseSchema(path: string): Schema {
  const op = load().paths[path]?.get;
  const schema = op?.responses?.['200']?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no 200 JSON schema for GET ${path}`);
  return schema;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every place where `value` breaks `schema`, as `path: reason`. */
export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  if (value === null) return schema.nullable || (Array.isArray(schema.type) && schema.type.includes('null')) || schema.type === 'null' || schema.anyOf?.some((s: Schema) => s.type === 'null') ? [] : [`${path}: null not allowed`];
  if (schema.allOf) return schema.allOf.flatMap((s: Schema) => validate(s, value, path));
  if (schema.anyOf || schema.oneOf) {
    const options: Schema[] = schema.anyOf ?? schema.oneOf;
    const results = options.map((s) => validate(s, value, path));
    return results.some((r) => r.length === 0) ? [] : [`${path}: matches none of ${options.length} alternatives (${results[0]![0]})`];
  }
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length && !types.some((t) => typeOk(t, value))) return [`${path}: expected ${types.join('|')}`];
  const errors: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (schema.format === 'date-time' && typeof value === 'string' && !DATE_TIME.test(value)) errors.push(`${path}: not a date-time`);
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errors.push(...validate(schema.items, v, `${path}[${i}]`)));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in o)) errors.push(`${path}: missing required ${r}`);
    for (const [k, s] of Object.entries<Schema>(schema.properties ?? {})) if (k in o) errors.push(...validate(s, o[k], `${path}.${k}`));
  }
  return errors;
}

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return typeof v === t;
  }
}

/** Which endpoint each snapshot file of `github/<org>/` is the response of. */
export function endpointOfFile(name: string): { path: string; wrapped?: boolean } | null {
  if (name.startsWith('team-members/')) return { path: '/orgs/{org}/teams/{team_slug}/members' };
  if (name.startsWith('repo-collaborators/')) return { path: '/repos/{owner}/{repo}/collaborators' };
  if (name.startsWith('deploy-keys/')) return { path: '/repos/{owner}/{repo}/keys' };
  const byName: Record<string, { path: string; wrapped?: boolean }> = {
    'members.json': { path: '/orgs/{org}/members' },
    'admins.json': { path: '/orgs/{org}/members' },
    'members-2fa-disabled.json': { path: '/orgs/{org}/members' },
    'outside-collaborators.json': { path: '/orgs/{org}/outside_collaborators' },
    'teams.json': { path: '/orgs/{org}/teams' },
    'repos.json': { path: '/orgs/{org}/repos' },
    'installations.json': { path: '/orgs/{org}/installations', wrapped: true },
    'personal-access-tokens.json': { path: '/orgs/{org}/personal-access-tokens' },
    'credential-authorizations.json': { path: '/orgs/{org}/credential-authorizations' },
    'actions-secrets.json': { path: '/orgs/{org}/actions/secrets', wrapped: true },
    'audit-log.json': { path: '/orgs/{org}/audit-log' },
  };
  return byName[name] ?? null;
}

/** Validate a snapshot file's JSON against its endpoint; wrapped files may be an array of pages. */
export function validateFile(name: string, json: unknown): string[] {
  const e = endpointOfFile(name);
  if (!e) return [];
  const schema = responseSchema(e.path);
  if (e.wrapped && Array.isArray(json)) return json.flatMap((page, i) => validate(schema, page, `$[${i}]`));
  return validate(schema, json);
}

/**
 * The response schema GitHub declares for `METHOD path` answering `status`:
 * undefined when GitHub has no such operation or status, null when that
 * status has no JSON body (204, 404 described without a schema).
 */
export function operationSchema(method: string, path: string, status: number): Schema | null | undefined {
  const op = load().paths[path]?.[method.toLowerCase()];
  if (!op) return undefined;
  const response = op.responses?.[String(status)];
  if (!response) return status === 404 ? null : undefined;
  return response.content?.['application/json']?.schema ?? null;
}
