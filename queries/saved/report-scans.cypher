// name: report-scans
// title: Every scan, with its per-source outcomes and open findings
// params: (none)
// description: The weekly report's sources (data freshness), warnings and open-findings trend: each scan's now, exit code, per-source outcomes (JSON: status loaded, failed or not-scanned, the containers that loaded, errors) and the open findings by severity once it had run (null for scans made before the scan recorded them). Scans killed part-way are left out.
MATCH (s:Scan)
// Only scans that completed: one killed part-way (status running or interrupted) judged nothing.
WHERE coalesce(s.status, 'complete') = 'complete'
RETURN s.id AS id, s.now AS now, s.exitCode AS exitCode, s.sources AS sources,
       s.openCritical AS openCritical, s.openHigh AS openHigh, s.openMedium AS openMedium, s.openLow AS openLow
ORDER BY now
