// The files of one cluster's folder, `kubernetes/<cluster>/`.

export const FILES = {
  serviceAccounts: 'service-accounts.json',
  secrets: 'secrets.json',
  roleBindings: 'role-bindings.json',
  clusterRoleBindings: 'cluster-role-bindings.json',
  roles: 'roles.json',
  clusterRoles: 'cluster-roles.json',
  pods: 'pods.json',
} as const;

export type FileKey = keyof typeof FILES;

/** The snapshot-relative name errors and warnings use. */
export function clusterFile(cluster: string, name: string): string {
  return `kubernetes/${cluster}/${name}`;
}
