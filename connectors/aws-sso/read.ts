// `<snapshot>/aws-sso/<instance-id>/` -> InstanceSnapshot. `users.json` is
// required (an instance without its users cannot be judged); every other
// file is optional and its absence is a warning that says what is then
// unknown. A malformed file fails the instance, naming the file and the line
// or JSON path.
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { listRegularFiles, readRegularText } from '../lib/files.js';
import { parseJsonText, uniqueById } from '../lib/json.js';
import { readSignIns } from './cloudtrail.js';
import { FILES, SOURCE, instanceFile } from './files.js';
import { SsoReader, type Json } from './json.js';
import type { InstanceSnapshot, SsoMembership } from './model.js';
import * as p from './parse.js';
export async function readInstanceSnapshot(root: string, instance: string, maxBadEventShare?: number): Promise<InstanceSnapshot> {
  const dir = join(root, instance);
  const warnings: string[] = [];
  const rel = (name: string) => instanceFile(instance, name);

  /** Every item of a list file, parsed; null when the file does not exist. One id twice, differently, fails it. */
  async function list<T>(name: string, wrapper: string, idKey: string, parse: (o: Json, path: string, r: SsoReader) => T): Promise<T[] | null> {
    const text = await readRegularText(join(dir, name), rel(name), SOURCE);
    if (text === null) return null;
    const r = new SsoReader(rel(name));
    const items = uniqueById(SOURCE, rel(name), r.items(parseJsonText(text, rel(name), SOURCE), wrapper), ({ item }) => String(item[idKey] ?? ''), ({ path }) => path);
    return items.map(({ item, path }) => parse(item, path, r));
  }
  const absent = (name: string, meaning: string) => warnings.push(`${rel(name)} absent: ${meaning}`);

  const users = await list(FILES.users, 'Users', 'UserId', p.parseUser);
  if (users === null) throw new SourceError(SOURCE, 'missing: every instance folder needs users.json', { file: rel(FILES.users) });
  const groups = (await list(FILES.groups, 'Groups', 'GroupId', p.parseGroup)) ?? (absent(FILES.groups, 'no groups, so no access through groups'), []);
  const permissionSets =
    (await list(FILES.permissionSets, 'PermissionSets', 'PermissionSetArn', p.parsePermissionSet)) ??
    (absent(FILES.permissionSets, 'permission sets known by id only, nobody judged privileged'), []);
  const assignmentText = await readRegularText(join(dir, FILES.accountAssignments), rel(FILES.accountAssignments), SOURCE);
  let assignments: InstanceSnapshot['assignments'] = [];
  if (assignmentText === null) absent(FILES.accountAssignments, 'no account assignments, so nobody holds access');
  else {
    const r = new SsoReader(rel(FILES.accountAssignments));
    assignments = r.items(parseJsonText(assignmentText, rel(FILES.accountAssignments), SOURCE), 'AccountAssignments').map(({ item, path }) => p.parseAssignment(item, path, r));
  }

  const memberships: SsoMembership[] = [];
  const membershipFiles = (await listRegularFiles(join(dir, FILES.groupMembershipsDir), rel(FILES.groupMembershipsDir), SOURCE, (n) => n.endsWith('.json'))) ?? [];
  const groupIds = new Set(groups.map((g) => g.id));
  for (const f of membershipFiles) {
    const groupId = f.slice(f.lastIndexOf('/') + 1, -'.json'.length);
    const name = `${FILES.groupMembershipsDir}/${f}`;
    if (!groupIds.has(groupId)) warnings.push(`${rel(name)}: no group ${groupId} in groups.json, memberships ignored`);
    const got = await list(name, 'GroupMemberships', 'MembershipId', (o, path, r) => p.parseMembership(o, path, r, groupId));
    if (got === null) throw new SourceError(SOURCE, 'listed but cannot be read (removed during the scan)', { file: rel(name) });
    if (groupIds.has(groupId)) for (const m of got) memberships.push(m);
  }
  if (groups.length && !membershipFiles.length) absent(FILES.groupMembershipsDir, 'no group members, so no access through groups');

  const stores = new Set(users.map((u) => u.identityStoreId).filter((s): s is string => s !== null));
  const { use, warnings: trailWarnings } = await readSignIns(dir, instance, stores, maxBadEventShare);
  for (const w of trailWarnings) warnings.push(w);
  if (use === null) absent(FILES.cloudtrailDir, 'sign-ins unknown, so dormant-account does not judge these users');
  return { instance, users, groups, memberships, permissionSets, assignments, signIns: use, warnings };
}
