// `<snapshot>/entra/<tenant-id>/` -> TenantSnapshot. `users.json` is required
// (a tenant without its users cannot be judged); every other file is
// optional and its absence is a warning that says what is then unknown. A
// malformed file fails the tenant, naming the file and the line or JSON path;
// a sign-in event that cannot be read is skipped and counted (a log is not an
// inventory, and one bad event must not hide the others).
import { uniqueById } from '../lib/json.js';
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { openRegularFile, readRegularText } from '../lib/files.js';
import { readFolder, readKeyedFiles } from '../lib/folders.js';
// The streaming array reader the Okta log uses; it belongs in connectors/lib beside the other readers.
import { forEachArrayItem } from '../lib/json-stream.js';
import { FILES, tenantFile } from './files.js';
import { GraphReader, parseJson, type Json } from './json.js';
import { EventTally } from '../lib/events.js';
import type { DirectoryRef, SignInEvent, SignInTally, TenantSnapshot } from './model.js';
import { SignInGroups } from './sign-in-groups.js';
import * as p from './parse.js';
/** `maxBadEventShare`: the share of unreadable sign-in events skipped before the tenant fails (connectors/lib/events.ts). */
export async function readTenantSnapshot(entraDir: string, tenant: string, maxBadEventShare?: number): Promise<TenantSnapshot> {
  const dir = join(entraDir, tenant);
  const warnings: string[] = [];
  const rel = (name: string) => tenantFile(tenant, name);

  /** Every item of a collection file, parsed with `parse`; null when the file does not exist. */
  async function collection<T>(name: string, parse: (o: Json, path: string, r: GraphReader) => T): Promise<T[] | null> {
    const text = await readRegularText(join(dir, name), rel(name), 'entra');
    if (text === null) return null;
    const r = new GraphReader(rel(name));
    // One id listed twice with different content fails the tenant naming both places (connectors/lib/json.ts).
    const items = uniqueById('entra', rel(name), r.items(parseJson(text, rel(name))), ({ item }) => String((item as Json).id ?? ''), ({ path }) => path);
    return items.map(({ item, path }) => parse(item, path, r));
  }
  /** `<folder>/<object-id>.json` lists of directory objects, keyed by object id. */
  async function refFolder(name: string): Promise<Map<string, DirectoryRef[]>> {
    const files = (await readFolder(join(dir, name), rel(name), 'entra')).others.filter((f) => f.endsWith('.json'));
    return readKeyedFiles('entra', rel(name), files, (f) => collection(`${name}/${f}`, p.parseRef));
  }
  const absent = (name: string, meaning: string) => warnings.push(`${rel(name)} absent: ${meaning}`);

  const users = await collection(FILES.users, p.parseUser);
  if (users === null) throw new SourceError('entra', 'missing: every tenant folder needs users.json', { file: rel(FILES.users) });
  const groups = (await collection(FILES.groups, p.parseGroup)) ?? (absent(FILES.groups, 'no group memberships'), []);
  const roleAssignments =
    (await collection(FILES.roleAssignments, p.parseRoleAssignment)) ?? (absent(FILES.roleAssignments, 'no directory roles, nobody judged privileged'), []);
  const applications = (await collection(FILES.applications, p.parseApplication)) ?? (absent(FILES.applications, 'no app registrations'), []);
  const servicePrincipals =
    (await collection(FILES.servicePrincipals, p.parseServicePrincipal)) ?? (absent(FILES.servicePrincipals, 'no service principals'), []);
  const activities = await collection(FILES.servicePrincipalSignIns, p.parseSpActivity);
  const devices = await collection(FILES.devices, p.parseDevice);
  const mfa = await collection(FILES.mfaRegistration, p.parseMfa);
  const signInGroups = new SignInGroups(users);
  const events = new EventTally('entra', maxBadEventShare);
  const { present, tally } = await readSignIns(join(dir, FILES.signIns), rel(FILES.signIns), events, (e) => signInGroups.add(e));
  if (signInGroups.noActor) warnings.push(`${rel(FILES.signIns)}: ${signInGroups.noActor} sign-in(s) with no known user and no userPrincipalName skipped`);
  // Past the allowed share of unreadable events this throws: the tenant fails with the first one's place.
  for (const w of events.finish()) warnings.push(w);
  return {
    tenant,
    users,
    groups,
    groupMembers: await refFolder(FILES.groupMembersDir),
    roleAssignments,
    applications,
    applicationOwners: await refFolder(FILES.applicationOwnersDir),
    servicePrincipals,
    servicePrincipalOwners: await refFolder(FILES.servicePrincipalOwnersDir),
    servicePrincipalLastSignIn: activities && new Map(activities.map((a) => [a.appId, a.lastSignInAt])),
    signIns: present ? [...signInGroups.groups.values()] : null,
    signInTally: tally,
    devices,
    mfaRegistered: mfa && new Map(mfa.map((m) => [m.id, m.registered])),
    warnings,
  };
}

/** True when the file's first value is an array (pages); null when the file does not exist. */
async function holdsPages(path: string, file: string): Promise<boolean | null> {
  const handle = await openRegularFile(path, file, 'entra');
  if (handle === null) return null;
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('[');
  } finally {
    await handle.close();
  }
}

/**
 * The sign-in log. A file that is not JSON, or not Graph pages, fails the
 * tenant like any file; an event inside it that cannot be read is skipped and
 * counted by `events`, like every event log's, never a reason to drop the
 * rest. An array of pages (what a live
 * collection writes) is read one page at a time, so a month of sign-ins is
 * never one string in memory.
 */
async function readSignIns(
  path: string,
  file: string,
  events: EventTally,
  onSignIn: (e: SignInEvent) => void,
): Promise<{ present: boolean; tally: SignInTally }> {
  const counts = { signIns: 0, notSuccessful: 0 };
  const tally = (): SignInTally => ({ events: events.total, ...counts, unreadable: events.skipped });
  const pages = await holdsPages(path, file);
  if (pages === null) return { present: false, tally: tally() };
  const r = new GraphReader(file);
  const onPage = (page: unknown, pagePath: string) => {
    const value = r.object(page, pagePath).value;
    if (!Array.isArray(value)) return r.fail(`${pagePath}.value`, 'expected a JSON array (a Graph page has `value`)');
    value.forEach((v, i) => {
      const at = `${pagePath}.value[${i}]`;
      const read = events.read(file, at, () => p.parseSignIn(r.object(v, at), at, r));
      if (!read) return;
      if (!read.ok) counts.notSuccessful++;
      else {
        counts.signIns++;
        onSignIn(read.event);
      }
    });
  };
  if (pages) await forEachArrayItem('entra', path, file, (page, i) => onPage(page, `$[${i}]`));
  else onPage(parseJson((await readRegularText(path, file, 'entra'))!, file), '$');
  return { present: true, tally: tally() };
}
