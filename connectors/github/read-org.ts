// `<snapshot>/github/<org>/` -> OrgSnapshot. `members.json` is required (an
// org without its members cannot be judged); every other file is optional
// and its absence is a warning that says what is then unknown. Any failure
// names the snapshot-relative file and the line or JSON path.
import { listRegularFiles, readRegularText } from '../lib/files.js';
import { readKeyedFiles } from '../lib/folders.js';
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { FILES } from './files.js';
import { EventTally } from '../lib/events.js';
import { JsonReader, parseJson } from './json.js';
import { orgFile, type Collaborator, type DeployKey, type GithubUser, type OrgSnapshot } from './model.js';
import * as p from './parse.js';
export async function readOrgSnapshot(githubDir: string, org: string, maxBadEventShare?: number): Promise<OrgSnapshot> {
  const dir = join(githubDir, org);
  const warnings: string[] = [];
  const rel = (name: string) => orgFile(org, name);

  /** Parse one file with `parse`; null when it does not exist. */
  async function file<T>(name: string, parse: (json: unknown, r: JsonReader) => T): Promise<T | null> {
    const text = await readText(join(dir, name), rel(name));
    if (text === null) return null;
    return parse(parseJson(text, rel(name)), new JsonReader(rel(name)));
  }
  /** Every `<folder>/<name>.json`, keyed by name. */
  async function folder<T>(name: string, parse: (json: unknown, r: JsonReader, key: string) => T): Promise<Map<string, T>> {
    return readKeyedFiles('github', rel(name), await listJson(join(dir, name), rel(name)), (f, key) => file(`${name}/${f}`, (json, r) => parse(json, r, key)));
  }
  const absent = (name: string, meaning: string) => warnings.push(`${rel(name)} absent: ${meaning}`);

  const members = await file(FILES.members, p.parseUsers);
  if (members === null) throw new SourceError('github', 'missing: every org folder needs members.json', { file: rel(FILES.members) });
  const admins = await file(FILES.admins, p.parseUsers);
  if (admins === null) absent(FILES.admins, 'org admins unknown');
  const twoFactorDisabled = await file(FILES.twoFactorDisabled, p.parseUsers);
  if (twoFactorDisabled === null) absent(FILES.twoFactorDisabled, 'two-factor status unknown (the filter needs an org owner)');
  const outsideCollaborators = await file(FILES.outsideCollaborators, p.parseUsers);
  const teams = await file(FILES.teams, p.parseTeams);
  const teamMembers: Map<string, GithubUser[]> = await folder(FILES.teamMembersDir, p.parseUsers);
  const repos = await file(FILES.repos, p.parseRepos);
  const repoCollaborators: Map<string, Collaborator[]> = await folder(FILES.repoCollaboratorsDir, p.parseCollaborators);
  const keysByRepo: Map<string, DeployKey[]> = await folder(FILES.deployKeysDir, (json, r, repo) => p.parseDeployKeys(json, repo, r));
  const installations = await file(FILES.installations, p.parseInstallations);
  const tokens = await file(FILES.tokens, p.parseTokens);
  const authorizations = await file(FILES.authorizations, p.parseAuthorizations);
  const secrets = await file(FILES.secrets, p.parseSecrets);
  const externalIdentities = await file(FILES.externalIdentities, p.parseExternalIdentities);
  if (externalIdentities === null) absent(FILES.externalIdentities, 'no SAML identities: logins link to people only through manual links');
  const events = new EventTally('github', maxBadEventShare);
  const auditLog = await file(FILES.auditLog, (json, r) => p.parseAuditLog(json, r, events));
  for (const w of events.finish()) warnings.push(w);

  if (teams) {
    const missing = teams.filter((t) => !teamMembers.has(t.slug)).length;
    if (missing) warnings.push(`${rel(FILES.teamMembersDir)}: ${missing} team(s) of teams.json have no members file (their members are unknown)`);
  }
  return {
    org,
    members,
    admins,
    twoFactorDisabled,
    outsideCollaborators,
    teams,
    teamMembers,
    repos,
    repoCollaborators,
    deployKeys: [...keysByRepo.values()].flat(),
    installations,
    tokens,
    authorizations,
    secrets,
    externalIdentities,
    auditLog,
    warnings,
  };
}

/** File text, null when absent. Regular files only, size capped (connectors/lib/files.ts): a FIFO must not hang the scan. */
function readText(path: string, file: string): Promise<string | null> {
  return readRegularText(path, file, 'github');
}

/** The `*.json` names in a folder, sorted; [] when the folder is absent. */
async function listJson(dir: string, relDir: string): Promise<string[]> {
  const files = await listRegularFiles(dir, relDir, 'github', (f) => f.endsWith('.json') && !f.startsWith('.'));
  // One level: a team or repo file sits right in its folder.
  return (files ?? []).filter((f) => !f.includes('/'));
}
