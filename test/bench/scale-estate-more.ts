// The scale estate's other sources, sized by the number of people: GCP
// projects of service accounts and keys, GitHub orgs whose members are a
// share of the people (SAML-linked), two SCIM apps, a day of Okta sign-ins and
// one device per person. At 100,000 people: 4 projects of 2,000 service
// accounts (half with a key), 2 orgs of 15,000 members and 200 repos, SCIM
// apps of 100,000 and 20,000 users, 200,000 sign-ins, 100,000 devices.
// Deterministic: the same options give the same files. `hit(i, salt)` is the
// "1 % changed" variant's choice of what changes.
import { ago, type DeviceSpec, type GcpProject, type GithubOrg, type ScimApp, type SignIn } from '../helpers/estate.js';

export interface MoreShape {
  gcpProjects: number;
  serviceAccountsPerProject: number;
  githubOrgs: number;
  membersPerOrg: number;
  reposPerOrg: number;
  scimUsers: number[];
  signInsPerPerson: number;
}

export function moreShape(people: number): MoreShape {
  const gcpProjects = Math.min(4, Math.max(1, Math.round(people / 25_000)));
  const githubOrgs = Math.min(2, Math.max(1, Math.round(people / 50_000)));
  return {
    gcpProjects,
    serviceAccountsPerProject: Math.max(5, Math.ceil(people / 50 / gcpProjects)),
    githubOrgs,
    membersPerOrg: Math.max(3, Math.ceil((people * 0.3) / githubOrgs)),
    reposPerOrg: Math.max(2, Math.ceil(people / 500 / githubOrgs)),
    scimUsers: [people, Math.max(2, Math.ceil(people / 5))],
    signInsPerPerson: 2,
  };
}

type Hit = (i: number, salt: number) => boolean;
const email = (i: number) => `e${i}@example.com`;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export function gcpProjects(people: number, now: string, hit: Hit): GcpProject[] {
  const shape = moreShape(people);
  const out: GcpProject[] = [];
  let s = 0;
  for (let p = 0; p < shape.gcpProjects; p++) {
    const id = `scale-project-${p}`;
    const serviceAccounts = [];
    for (let j = 0; j < shape.serviceAccountsPerProject; j++, s++) {
      const rotated = hit(s, 11);
      serviceAccounts.push({
        id: `sa-${s}`,
        displayName: `workload ${s}`,
        description: `owner: ${email(s % people)}`,
        lastAuth: ago(now, (s % 180) + 1),
        keys: s % 2 === 0 ? [{ id: hex(s, 8) + (rotated ? 'r' : 'a').repeat(32), validAfter: rotated ? ago(now, 1) : '2025-01-02T00:00:00Z', lastAuth: ago(now, (s % 400) + 1) }] : [],
      });
    }
    const saMember = (j: number) => `serviceAccount:sa-${p * shape.serviceAccountsPerProject + j}@${id}.iam.gserviceaccount.com`;
    const editors = serviceAccounts.map((_, j) => j).filter((j) => j % 100 === 0).map(saMember);
    out.push({
      id,
      number: String(900000000000 + p),
      serviceAccounts,
      bindings: [
        { role: 'roles/owner', members: [`user:${email(p)}`, `user:${email(p + 50)}`] },
        { role: 'roles/editor', members: editors },
        { role: 'roles/viewer', members: [`group:all-${p}@example.com`] },
      ],
    });
  }
  return out;
}

export function githubOrgs(people: number, now: string, hit: Hit): GithubOrg[] {
  const shape = moreShape(people);
  const out: GithubOrg[] = [];
  for (let o = 0; o < shape.githubOrgs; o++) {
    const users = [];
    const logins: string[] = [];
    for (let j = 0; j < shape.membersPerOrg; j++) {
      const person = (o * shape.membersPerOrg + j) % people;
      if (hit(person, 13)) continue; // the changed variant: 1 % of members left the org
      const login = `gh-e${person}`;
      logins.push(login);
      users.push({ login, admin: j % 500 === 0, twoFactorOff: j % 97 === 0, saml: { nameId: email(person), emails: [email(person)] } });
    }
    const teams = Array.from({ length: 8 }, (_, t) => ({ slug: `team-${t}`, members: logins.filter((_, k) => k % 8 === t).slice(0, 200) }));
    const repos = Array.from({ length: shape.reposPerOrg }, (_, r) => ({
      name: `repo-${o}-${r}`,
      collaborators: [{ login: logins[r % logins.length]!, role: (r % 10 === 0 ? 'admin' : 'write') as 'admin' | 'write' }],
      deployKeys: r % 4 === 0 ? [{ id: 700000 + o * 100000 + r, created: '2024-03-01T00:00:00Z', lastUsed: ago(now, (r % 300) + 1) }] : [],
    }));
    out.push({
      name: `scale-org-${o}`,
      users,
      teams,
      repos,
      installations: [{ id: 40000 + o, slug: `deploy-bot-${o}`, created: '2024-01-01T00:00:00Z' }],
      secrets: [{ name: 'DEPLOY_TOKEN', created: '2024-01-01T00:00:00Z', updated: '2025-06-01T00:00:00Z' }],
    });
  }
  return out;
}

export function scimApps(people: number, hit: Hit, leaver: (i: number) => boolean): ScimApp[] {
  const shape = moreShape(people);
  return shape.scimUsers.map((count, a) => {
    const name = a === 0 ? 'wiki' : 'crm';
    const users = [];
    for (let i = 0; i < count; i++) {
      const person = a === 0 ? i : (i * 5) % people;
      // Most leavers' SaaS accounts were switched off; every 3rd was not (a finding).
      const active = !(leaver(person) && person % 3 !== 0) && !hit(person, 17);
      users.push({ id: `${name}-${i}`, userName: email(person), active, emails: [email(person)], employeeNumber: `E${person}` });
    }
    const admins = users.filter((_, i) => i % 250 === 0).map((u) => u.id);
    return { name, users, groups: [{ name: 'Administrators', members: admins }, { name: 'Everyone', members: users.slice(0, 500).map((u) => u.id) }] };
  });
}

export function oktaSignIns(people: number, now: string, hit: Hit, leaver: (i: number) => boolean): SignIn[] {
  const per = moreShape(people).signInsPerPerson;
  const out: SignIn[] = [];
  for (let i = 0; i < people; i++) {
    if (leaver(i)) continue;
    for (let k = 0; k < per; k++) {
      // The changed variant: 1 % of people sign in from somewhere new.
      const country = hit(i, 19) && k === per - 1 ? 'Brazil' : i % 40 === 0 ? 'Germany' : 'United States';
      out.push({ email: email(i), time: ago(now, 0, 8 - k * 3), country, device: `dev-${i}`, ip: `198.51.${(i >> 8) & 255}.${i & 255}` });
    }
  }
  return out;
}

export function devices(people: number, hit: Hit): DeviceSpec[] {
  return Array.from({ length: people }, (_, i) => ({
    id: `dev-${i}`,
    owner: email(i),
    platform: i % 3 === 0 ? 'Windows' : 'macOS',
    managed: i % 60 !== 0,
    compliant: i % 45 !== 0 && !hit(i, 23),
    lastSeen: '2026-10-31T08:00:00Z',
  }));
}
