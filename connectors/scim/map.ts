// One SCIM app -> graph records (docs/graph-model.md): users are accounts
// (Identity, active per `active`) with link hints from `emails`, an email
// `userName` and the enterprise `employeeNumber`; groups are entitlements
// `APP/DISPLAY-NAME`; a group named in the app's privilegedGroups makes its
// members (direct or through nested groups) privileged.
import { identityProps, emptyBatch, nodeKey, type GraphBatch } from '../../src/graph/records.js';
import type { ScimApp, ScimGroup, ScimUser } from './read.js';
import { append } from '../../src/util/arrays.js';

export const scimKey = (app: string, type: 'user' | 'group', id: string) => nodeKey('scim', app, type, id);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface MapOptions {
  privilegedGroups: Set<string>;
  /** The app's SCIM base URL from the config, kept for the remediation line. */
  baseUrl: string | null;
  tokenEnv: string | null;
}

/** Link hints in the order computeLinks prefers them: emails, then an email userName, then employeeNumber. */
function linkHints(u: ScimUser): { values: string[]; methods: string[] } {
  const values: string[] = [];
  const methods: string[] = [];
  for (const e of u.emails) {
    values.push(`email:${e}`);
    methods.push('scim-email');
  }
  if (u.userName && EMAIL.test(u.userName)) {
    values.push(`email:${u.userName.toLowerCase()}`);
    methods.push('scim-username');
  }
  if (u.employeeNumber) {
    values.push(`employee:${u.employeeNumber.toLowerCase()}`);
    methods.push('scim-employee-number');
  }
  return { values, methods };
}

/** user id -> the groups it is in, directly or through nested groups. */
function membership(app: ScimApp, warnings: string[]): { holds: Map<string, Set<string>>; unknown: Map<string, string[]> } {
  const userIds = new Set(app.users.map((u) => u.id));
  const groupById = new Map(app.groups.map((g) => [g.id, g]));
  const holds = new Map<string, Set<string>>();
  const unknown = new Map<string, string[]>();
  const add = (user: string, group: string) => {
    const set = holds.get(user) ?? new Set<string>();
    set.add(group);
    holds.set(user, set);
  };
  // A nested group's users hold every group that contains it.
  const usersOf = (g: ScimGroup, seen: Set<string>): string[] => {
    if (seen.has(g.id)) return [];
    seen.add(g.id);
    const out: string[] = [];
    for (const m of g.memberIds) {
      if (userIds.has(m)) out.push(m);
      else if (groupById.has(m)) append(out, usersOf(groupById.get(m)!, seen));
    }
    return out;
  };
  for (const g of app.groups) {
    for (const u of usersOf(g, new Set())) add(u, g.id);
    const strangers = g.memberIds.filter((m) => !userIds.has(m) && !groupById.has(m));
    if (strangers.length) unknown.set(g.id, strangers);
  }
  for (const u of app.users) for (const gid of u.groupIds) if (groupById.has(gid)) add(u.id, gid);
  const count = [...unknown.values()].reduce((n, l) => n + l.length, 0);
  if (count) warnings.push(`scim/${app.app}/Groups.json: ${count} group member(s) not in Users.json kept as unknown members`);
  return { holds, unknown };
}

export function mapApp(app: ScimApp, opts: MapOptions): { graph: GraphBatch; warnings: string[] } {
  const graph = emptyBatch();
  const warnings = [...app.warnings];
  const { holds, unknown } = membership(app, warnings);
  const privilegedGroupIds = new Set(
    app.groups.filter((g) => opts.privilegedGroups.has(g.displayName.trim().toLowerCase())).map((g) => g.id),
  );
  const groupName = new Map(app.groups.map((g) => [g.id, g.displayName]));

  for (const g of app.groups) {
    graph.nodes.push({
      label: 'Entitlement',
      key: scimKey(app.app, 'group', g.id),
      props: {
        ...identityProps('scim', app.app, 'group', g.id, g.displayName),
        entitlementId: `${app.app}/${g.displayName}`,
        privileged: privilegedGroupIds.has(g.id),
        memberIds: g.memberIds,
        unknownMembers: unknown.get(g.id) ?? [],
      },
    });
  }

  for (const u of app.users) {
    const groups = [...(holds.get(u.id) ?? [])];
    const privilegedVia = groups.filter((g) => privilegedGroupIds.has(g)).map((g) => groupName.get(g)!);
    const links = linkHints(u);
    const key = scimKey(app.app, 'user', u.id);
    graph.nodes.push({
      label: 'Identity',
      key,
      props: {
        ...identityProps('scim', app.app, 'user', u.id, u.userName ?? u.displayName ?? u.id),
        userName: u.userName,
        displayName: u.displayName,
        externalId: u.externalId,
        // A SCIM user is a person's account, never an NHI (docs/rules.md "Account").
        isNhi: false,
        active: u.active,
        privileged: privilegedVia.length > 0,
        privilegeReasons: privilegedVia.map((n) => `scim-group:${n}`),
        emails: u.emails,
        employeeNumber: u.employeeNumber,
        managerId: u.managerId,
        createdAt: u.createdAt,
        lastModifiedAt: u.lastModifiedAt,
        // SCIM reports no sign-ins: dormant-account does not judge these.
        usageReported: false,
        groups: groups.map((g) => groupName.get(g)!),
        linkValues: links.values,
        linkMethods: links.methods,
        scimBaseUrl: opts.baseUrl,
        scimTokenEnv: opts.tokenEnv,
      },
    });
    for (const g of groups) graph.edges.push({ type: 'HOLDS', from: key, to: scimKey(app.app, 'group', g) });
  }
  return { graph, warnings };
}
