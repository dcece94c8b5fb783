// One owner team's view of the report, for its own mail: the finding lists
// and the open/new/resolved counts hold only the team's findings; freshness
// and standing risk stay company-wide (the mail says so).
import type { ReportData } from '../report-data.js';
import { zeroSeverities } from '../figures/findings.js';
import { findingList, type FindingList } from '../finding-lists.js';
import { chunks } from '../../src/graph/batches.js';

/**
 * Each finding's owner teams: an open one's from the report (its owner
 * teams, else its person's), one no longer open by the teams among its
 * owners, read a page at a time (once a report, for all its team mails).
 */
const teamsOfReport = new WeakMap<ReportData, Promise<Map<string, string[]>>>();
function ownerTeams(data: ReportData): Promise<Map<string, string[]>> {
  let teams = teamsOfReport.get(data);
  if (!teams) teamsOfReport.set(data, (teams = readOwnerTeams(data)));
  return teams;
}

async function readOwnerTeams(data: ReportData): Promise<Map<string, string[]>> {
  const out = new Map(data.teamsOf);
  const rest = new Set<string>();
  for (const list of [data.lists.new, data.lists.resolved, data.lists.reopened]) for (const id of list.ids) if (!out.has(id)) rest.add(id);
  for (const page of chunks([...rest], 1000)) {
    for (const f of await data.read(page)) out.set(f.id, f.owners.filter((o) => o.kind === 'team').map((o) => o.id));
  }
  return out;
}

export async function teamView(data: ReportData, team: string): Promise<ReportData> {
  // Entity refs are lower case in the graph; the config may not be.
  const ref = team.toLowerCase();
  const teams = await ownerTeams(data);
  // Only the team's ids; what is shown is read again for the team's own first ones.
  const mine = (list: FindingList) => findingList(data.read, list.ids.filter((id) => (teams.get(id) ?? []).includes(ref)));
  const lists = {
    open: await mine(data.lists.open),
    new: await mine(data.lists.new),
    resolved: await mine(data.lists.resolved),
    reopened: await mine(data.lists.reopened),
    exceptionExpired: await mine(data.lists.exceptionExpired),
    stillOpen: await mine(data.lists.stillOpen),
  };
  const open = { ...zeroSeverities(), total: lists.open.ids.length };
  const openByRule: Record<string, number> = {};
  for (const id of lists.open.ids) {
    const s = data.summaries.get(id)!;
    open[s.severity]++;
    openByRule[s.ruleId] = (openByRule[s.ruleId] ?? 0) + 1;
  }
  const newBySeverity = zeroSeverities();
  for (const id of lists.new.ids) newBySeverity[data.summaries.get(id)!.severity]++;
  const f = data.figures;
  return {
    ...data,
    lists,
    figures: {
      ...f,
      findings: {
        ...f.findings,
        open,
        openByRule,
        new: lists.new.ids.length,
        newBySeverity,
        resolved: lists.resolved.ids.length,
        reopened: lists.reopened.ids.length,
      },
      byTeam: f.byTeam.filter((t) => t.team === ref),
      byContainer: [],
    },
  };
}
