// The files of `vault/<cluster>/` (docs/sources/vault.md), named once so the
// reader and the live collector read and write the same paths.
export const FILES = {
  entities: 'entities.json',
  tokenAccessors: 'token-accessors.json',
  approleRoles: 'approle-roles.json',
  secretIdAccessorsDir: 'secret-id-accessors',
  kvMetadataDir: 'kv-metadata',
} as const;

/** The files whose disappearance after an earlier scan leaves a cluster's data unknown. */
export const TRACKED_FILES = [FILES.entities, FILES.tokenAccessors, FILES.approleRoles] as const;

/** `vault/<cluster>/<name>`: how errors and warnings name a file. */
export const clusterFile = (cluster: string, name: string) => `vault/${cluster}/${name}`;

/** The AppRole mount a role lives on when the export does not say. */
export const DEFAULT_APPROLE_MOUNT = 'approle';
