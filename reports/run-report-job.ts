// The report job: figures from the graph, charts, the files in --out (HTML,
// Markdown, JSON, CSV, PNG) and, when asked, the mails. The command line,
// the scheduler and the tests call this; it never exits the process.
import { withStep } from '../src/graph/internal-query-error.js';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { GraphStore } from '../src/graph/store.js';
import type { ReportConfig } from '../src/config/schema.js';
import { UsageError } from '../src/util/errors.js';
import { buildReport } from './build-report.js';
import type { ReportData, ReportFigures } from './report-data.js';
import { reportCharts } from './charts/specs.js';
import { renderChart, type RenderedChart } from './charts/render-chart.js';
import { reportHtml, type HtmlChart } from './formats/html.js';
import { reportMarkdown } from './formats/markdown.js';
import { writeFindingsCsv } from './formats/csv.js';
import { terminalSummary } from './formats/terminal.js';
import { sendReportMail, type ReportMail } from './email/send-report.js';
import { teamView } from './email/team-view.js';
import { dataAge, staleWarning } from '../src/util/data-age.js';

export const DEFAULT_REPORT_DIR = join('.driftgraph', 'reports');

export interface ReportJobOptions {
  /** Start of the period (exclusive); default 7 days before the latest scan. */
  since?: string;
  /** Directory for the files; default config.out, else .driftgraph/reports. */
  out?: string;
  /** Send the mail(s) configured in report.email. */
  email?: boolean;
  config?: ReportConfig;
  /** Where DRIFTGRAPH_SMTP_PASSWORD is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Data older than this many hours is stale: the report warns at the top (default 36). */
  staleAfterHours?: number;
  /** The scheduler: stale figures are not mailed, and the job fails. */
  refuseStaleEmail?: boolean;
  /** The wall clock the data's age is measured against (default now). */
  clock?: Date;
}

export interface ReportJobResult {
  figures: ReportFigures;
  data: ReportData;
  files: { html: string; markdown: string; json: string; csv: string; charts: string[] };
  sent: { to: string[]; team: string | null; messageId: string }[];
  /** 1 when no scan ran (in the period), or stale figures were not mailed: the report says so at the top. */
  exitCode: 0 | 1;
  /** Why the mail was not sent (stale data, for the scheduler); null when it was or was not asked for. */
  refused: string | null;
  /** What the command line prints by default. */
  summary: string;
}

export async function runReportJob(store: GraphStore, o: ReportJobOptions = {}): Promise<ReportJobResult> {
  const emailConfig = o.config?.email;
  if (o.email && !emailConfig) throw new UsageError('report --email needs report.email in the config (from, to, smtp: {host, port, secure})');
  // Saved queries name their figure themselves; the rest (findings, scans) name the report.
  const data = await buildReport(withStep(store, 'the report'), { since: o.since });
  const f = data.figures;
  const age = dataAge(f.latestScan?.now ?? null, o.staleAfterHours, o.clock);
  const stale = staleWarning(age);
  if (f.latestScan && age.ageHours !== null) Object.assign(f.latestScan, { ageHours: age.ageHours, stale: age.stale });
  // Last: a failed source says more about what is wrong, and comes first.
  if (stale) f.warnings.push(stale);
  const refused = stale && o.email && o.refuseStaleEmail ? `not mailed: ${stale}` : null;
  const stamp = f.period.until.slice(0, 10);
  const dir = o.out ?? o.config?.out ?? DEFAULT_REPORT_DIR;
  await mkdir(dir, { recursive: true });
  const name = `drift-report-${stamp}`;

  const charts = await Promise.all(reportCharts(f.trends).map(renderChart));
  const htmlCharts = (c: RenderedChart): HtmlChart => ({ id: c.def.id, alt: c.def.alt, width: c.width / 2, height: c.height / 2 });
  const chartFile = (id: string) => `${name}-${id}.png`;

  const files = {
    html: join(dir, `${name}.html`),
    markdown: join(dir, `${name}.md`),
    json: join(dir, `${name}.json`),
    csv: join(dir, `open-findings-${stamp}.csv`),
    charts: charts.map((c) => join(dir, chartFile(c.def.id))),
  };
  const markdown = reportMarkdown(data, charts.map((c) => ({ id: chartFile(c.def.id).replace(/\.png$/, ''), alt: c.def.alt })), basename(files.csv));
  // Every open finding, streamed from the store: the lists above stop at their first few.
  await writeFindingsCsv(files.csv, data.lists.open.ids, data.read, data.teamsOf);
  await Promise.all([
    writeFile(files.html, reportHtml(data, { charts: charts.map(htmlCharts), imageSrc: chartFile })),
    writeFile(files.markdown, markdown),
    writeFile(files.json, JSON.stringify(f, null, 2) + '\n'),
    ...charts.map((c, i) => writeFile(files.charts[i]!, c.png)),
  ]);

  const sent: ReportJobResult['sent'] = [];
  if (o.email && emailConfig && !refused) {
    const csvName = `open-findings-${stamp}.csv`;
    const mail = (view: ReportData, to: string[], csvPath: string, scope?: string, withCharts = true): ReportMail => ({
      to,
      subject: subject(view.figures, scope),
      html: reportHtml(view, {
        charts: withCharts ? charts.map(htmlCharts) : [],
        imageSrc: (id) => `cid:${id}@driftgraph`,
        scope,
      }),
      text: reportMarkdown(view, [], csvName),
      images: withCharts ? charts.map((c) => ({ cid: `${c.def.id}@driftgraph`, filename: `${c.def.id}.png`, png: c.png })) : [],
      csv: { filename: csvName, path: csvPath },
    });
    const messageId = await sendReportMail(emailConfig, mail(data, emailConfig.to, files.csv), o.env);
    sent.push({ to: emailConfig.to, team: null, messageId });
    const teams = Object.entries(emailConfig.perTeam ?? {});
    if (teams.length) {
      // Each team's CSV is streamed to a file of its own beside nothing the user keeps.
      const tmp = await mkdtemp(join(tmpdir(), 'driftgraph-report-'));
      try {
        for (const [team, to] of teams) {
          const view = await teamView(data, team);
          const csvPath = join(tmp, `${sent.length}.csv`);
          await writeFindingsCsv(csvPath, view.lists.open.ids, data.read, data.teamsOf);
          const id = await sendReportMail(emailConfig, mail(view, to, csvPath, `findings owned by ${team}; freshness and standing risk are company-wide`, false), o.env);
          sent.push({ to, team, messageId: id });
        }
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    }
  }
  const exitCode = data.noScan || refused ? 1 : 0;
  const written = [files.html, files.markdown, files.json, files.csv, ...files.charts];
  const summary =
    terminalSummary(f, written) + sent.map((s) => `sent to ${s.to.join(', ')}${s.team ? ` (${s.team})` : ''}\n`).join('');
  return { figures: f, data, files, sent, exitCode, refused, summary: refused ? `${summary}REPORT NOT MAILED: ${refused}\n` : summary };
}

function subject(f: ReportFigures, scope?: string): string {
  const o = f.findings.open;
  const warn = f.warnings.length ? '[DATA WARNING] ' : '';
  const team = scope ? ` (${scope.split(';')[0]})` : '';
  return (
    `${warn}Drift report ${f.period.until.slice(0, 10)}${team}: ${o.critical} critical, ${o.high} high open; ` +
    `${f.findings.new} new, ${f.findings.resolved} resolved`
  );
}
