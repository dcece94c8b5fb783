// Which directory roles are privileged: the role definition's own
// `isPrivileged` (Graph beta) when the export has it; else Microsoft's
// built-in roles labelled PRIVILEGED, by template id (v1.0 does not return the
// flag); plus any role the config lists by name or id.
import type { RoleAssignment } from './model.js';

/** Built-in roles Microsoft labels privileged, by template id (learn.microsoft.com, "Microsoft Entra built-in roles"). */
export const PRIVILEGED_ROLE_TEMPLATES: ReadonlyMap<string, string> = new Map([
  ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator'],
  ['e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator'],
  ['7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator'],
  ['194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator'],
  ['9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator'],
  ['158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator'],
  ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator'],
  ['c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator'],
  ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator'],
  ['966707d0-3269-4727-9be2-8c3a10f19b9d', 'Password Administrator'],
  ['b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'Conditional Access Administrator'],
  ['8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator'],
  ['be2f45a1-457d-42af-a067-6ec1fa63bc45', 'External Identity Provider Administrator'],
  ['8329153b-31d0-4727-b945-745eb3bc5f31', 'Domain Name Administrator'],
  ['9360feb5-f418-4baa-8175-e2a00bac4301', 'Directory Writers'],
  ['7698a772-787b-4ac8-901f-60d6b08affd2', 'Cloud Device Administrator'],
  ['3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator'],
  ['e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', 'Partner Tier2 Support'],
  ['aaf43236-0c0d-4d5f-883a-6955382ac081', 'B2C IEF Keyset Administrator'],
]);

export function isPrivilegedRole(a: RoleAssignment, configured: readonly string[]): boolean {
  const ids = [a.templateId, a.roleDefinitionId].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  const wanted = new Set(configured.map((c) => c.toLowerCase()));
  if (ids.some((id) => wanted.has(id)) || (a.roleName !== null && wanted.has(a.roleName.toLowerCase()))) return true;
  // Microsoft's own flag, when exported, is newer than any list kept here.
  if (a.isPrivileged !== null) return a.isPrivileged;
  return ids.some((id) => PRIVILEGED_ROLE_TEMPLATES.has(id));
}
