// A deterministic generated estate for the scale benchmark and the
// incremental-scan test, with every source the project reads: people in HR,
// teams and services in the catalog, AWS accounts of users (linked to people
// by an email tag, with keys, groups and console passwords) and roles (trust,
// policies, last use), and GCP, GitHub, SCIM, Okta and devices
// (scale-estate-more.ts). Size is the number of people; the rest scales with
// it: at 100,000 people, 10 AWS accounts of 20,000 users and 5,000 roles.
// `changed` makes the "1 % changed" variant: 1 % of people move department,
// 1 % of users rotate their key (even users hold one), 1 % of people leave;
// and in the other sources 1 % of GCP keys rotate, 1 % of GitHub members
// leave their org, 1 % of SCIM accounts are deactivated, 1 % of people sign in
// from a new country and 1 % of devices fall out of compliance.
import { ADMIN, READ_ONLY, ago, type AwsAccount, type AwsUser, type Estate, type Person } from '../helpers/estate.js';
import { devices, gcpProjects, githubOrgs, oktaSignIns, scimApps } from './scale-estate-more.js';

const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Support', 'Marketing', 'Operations', 'Legal', 'People'];

export interface ScaleOptions {
  people: number;
  collectedAt: string;
  /** The 1 %-changed variant. */
  changed?: boolean;
}

/** Accounts, users and roles for `people` people (at least one account). */
export function awsShape(people: number): { accounts: number; usersPerAccount: number; rolesPerAccount: number } {
  const accounts = Math.min(10, Math.max(1, Math.round(people / 10_000)));
  return { accounts, usersPerAccount: Math.ceil((people * 2) / accounts), rolesPerAccount: Math.ceil(people / 2 / accounts) };
}

/** Last uses are fixed instants, so an unchanged estate is the same data on every day it is scanned. */
const ANCHOR = '2026-11-01T00:00:00Z';

export function scaleEstate(o: ScaleOptions): Estate {
  const now = ANCHOR;
  const hit = (i: number, salt: number) => o.changed === true && i % 100 === salt;
  const people: Person[] = [];
  const leaver = (i: number) => i % 50 === 1 || hit(i, 5);
  for (let i = 0; i < o.people; i++) {
    const left = leaver(i);
    people.push({
      id: `E${i}`,
      name: `Person ${i}`,
      department: DEPARTMENTS[(i + (hit(i, 3) ? 1 : 0)) % DEPARTMENTS.length],
      manager: i > 0 ? `e${Math.floor(i / 8)}@example.com` : '',
      status: left ? 'terminated' : 'active',
      endDate: left ? '2026-10-01' : '',
      startDate: '2020-01-06',
    });
  }
  const shape = awsShape(o.people);
  const aws: AwsAccount[] = [];
  let u = 0;
  for (let a = 0; a < shape.accounts; a++) {
    const id = String(200000000000 + a);
    const users: AwsUser[] = [];
    for (let j = 0; j < shape.usersPerAccount; j++, u++) {
      const person = u % o.people;
      const service = u % 5 === 4; // a workload user: no password, no person
      users.push({
        name: service ? `svc-${u}` : `user-${u}`,
        created: '2024-01-01T00:00:00Z',
        password: !service,
        passwordLastUsed: service ? undefined : ago(now, (u % 200) + 1),
        mfa: u % 7 !== 0,
        tags: service ? { owner: `e${person}@example.com` } : { email: `e${person}@example.com` },
        groups: [`group-${u % 20}`],
        policies: u % 97 === 0 ? [ADMIN] : [],
        keys:
          u % 2 === 0
            ? [{ id: `AKIA${String(u).padStart(12, '0')}${hit(u, 8) ? 'R' : 'A'}`, created: hit(u, 8) ? ago(now, 1) : '2025-01-02T00:00:00Z', lastUsed: ago(now, (u % 400) + 1) }]
            : [],
      });
    }
    const roles = [];
    for (let r = 0; r < shape.rolesPerAccount; r++) {
      roles.push({
        name: `role-${a}-${r}`,
        created: '2024-01-01T00:00:00Z',
        trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        policies: r % 50 === 0 ? [ADMIN] : [READ_ONLY],
        lastUsed: r % 3 === 0 ? undefined : ago(now, (r % 300) + 1),
      });
    }
    const groups = Array.from({ length: 20 }, (_, g) => ({ name: `group-${g}`, policies: g === 0 ? [ADMIN] : [READ_ONLY] }));
    aws.push({ id, root: { mfa: true }, users, roles, groups });
  }
  const teams = DEPARTMENTS.map((d) => d.toLowerCase());
  const services = Array.from({ length: Math.max(1, Math.floor(o.people / 1000)) }, (_, s) => ({
    name: `service-${s}`,
    owner: `group:default/${teams[s % teams.length]}`,
    identities: [`svc-${s * 5 + 4}`],
  }));
  return {
    collectedAt: o.collectedAt,
    people,
    catalog: {
      groups: teams.map((t) => ({ name: t, members: [] })),
      users: [],
      services,
    },
    aws,
    gcp: gcpProjects(o.people, now, hit),
    github: githubOrgs(o.people, now, hit),
    scim: scimApps(o.people, hit, leaver),
    okta: oktaSignIns(o.people, now, hit, leaver),
    devices: devices(o.people, hit),
  };
}
