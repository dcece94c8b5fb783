// Backstage entity references: `[kind:][namespace/]name`, defined once for the
// catalog connector and the derive step (owner values name catalog groups).
// The graph keeps them in one form, lower-case `kind:namespace/name`, because
// Backstage compares refs case-insensitively and owner tags written by hand
// vary in case.

export const DEFAULT_NAMESPACE = 'default';

export interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Parse a ref, filling the kind the context implies (Group for `spec.owner`,
 * User for `spec.members`, ...). Returns null for a malformed ref. As in
 * Backstage, a `/` before the first `:` means the colon is part of the name.
 */
export function parseRef(ref: string, defaultKind: string, defaultNamespace = DEFAULT_NAMESPACE): EntityRef | null {
  const s = ref.trim();
  let colon = s.indexOf(':');
  const slash = s.indexOf('/');
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? defaultKind : s.slice(0, colon);
  const namespace = slash === -1 ? defaultNamespace : s.slice(colon + 1, slash);
  const name = s.slice(Math.max(colon, slash) + 1);
  if (!kind || !namespace || !name || name.includes('/')) return null;
  return { kind, namespace, name };
}

export function formatRef(ref: EntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`.toLowerCase();
}

/** Normalized `kind:namespace/name`, or null when `ref` is malformed. */
export function normalizeRef(ref: string, defaultKind: string, defaultNamespace = DEFAULT_NAMESPACE): string | null {
  const parsed = parseRef(ref, defaultKind, defaultNamespace);
  return parsed && formatRef(parsed);
}
