// Checks JSON against GitHub's own OpenAPI description (@octokit/openapi,
// api.github.com, OpenAPI 3.0): the local issues server validates every
// request body it accepts and every response it sends, so the fake cannot
// drift from what github.com speaks. A small validator for the keywords that
// description uses: $ref, type, nullable, enum, required, properties, items,
// oneOf/anyOf/allOf, additionalProperties.
import { createRequire } from 'node:module';

type Schema = Record<string, any>;
interface Spec {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, Schema> };
}

let spec: Spec | null = null;
function load(): Spec {
  if (!spec) {
    const require = createRequire(import.meta.url);
    spec = require('@octokit/openapi/generated/api.github.com.json') as Spec;
  }
  return spec;
}

function resolve(s: Schema): Schema {
  let cur = s;
  while (cur && typeof cur.$ref === 'string') {
    const name = cur.$ref.replace('#/components/schemas/', '');
    cur = load().components.schemas[name]!;
    if (!cur) throw new Error(`unknown $ref ${name}`);
  }
  return cur;
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return true;
  }
}

/** Errors (JSON paths with what is wrong); empty when the value fits. */
export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  const s = resolve(schema);
  if (!s || Object.keys(s).length === 0) return [];
  if (value === null) return s.nullable || s.type === 'null' || (s.oneOf ?? s.anyOf ?? []).some((x: Schema) => resolve(x).nullable) ? [] : [`${path}: null not allowed`];
  const errors: string[] = [];
  if (s.allOf) for (const sub of s.allOf) errors.push(...validate(sub, value, path));
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (s[key]) {
      const fits = (s[key] as Schema[]).filter((sub) => validate(sub, value, path).length === 0).length;
      if (fits === 0) errors.push(`${path}: fits none of ${key}`);
    }
  }
  if (s.type && !typeOk(s.type, value)) return [...errors, `${path}: expected ${s.type}, got ${JSON.stringify(value)?.slice(0, 40)}`];
  if (s.enum && !s.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (Array.isArray(value) && s.items) value.forEach((item, i) => errors.push(...validate(s.items, item, `${path}[${i}]`)));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) errors.push(`${path}.${r}: required`);
    for (const [k, v] of Object.entries(obj)) {
      if (s.properties?.[k]) errors.push(...validate(s.properties[k], v, `${path}.${k}`));
      else if (s.additionalProperties === false) errors.push(`${path}.${k}: not allowed`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') errors.push(...validate(s.additionalProperties, v, `${path}.${k}`));
    }
  }
  return errors;
}

function operation(method: string, template: string): any {
  const op = load().paths[template]?.[method.toLowerCase()];
  if (!op) throw new Error(`no ${method} ${template} in GitHub's OpenAPI description`);
  return op;
}

export function checkRequest(method: string, template: string, body: unknown): string[] {
  const schema = operation(method, template).requestBody?.content?.['application/json']?.schema;
  return schema ? validate(schema, body) : [];
}

export function checkResponse(method: string, template: string, status: number, body: unknown): string[] {
  const response = operation(method, template).responses?.[String(status)];
  if (!response) return [`${method} ${template}: status ${status} is not documented`];
  const schema = response.content?.['application/json']?.schema;
  return schema ? validate(schema, body) : [];
}
