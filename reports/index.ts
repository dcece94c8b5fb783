// The drift report, for the command line, the scheduler and the tests.
export { runReportJob, DEFAULT_REPORT_DIR, type ReportJobOptions, type ReportJobResult } from './run-report-job.js';
export type { ReportFigures, ReportData } from './report-data.js';
export { SendError, SMTP_PASSWORD_ENV } from './email/send-report.js';
