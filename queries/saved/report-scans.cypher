// name: report-scans
// title: Every scan, with its per-source outcomes and open findings
// params: (none)
// description: The weekly report's sources (data freshness), warnings and open-findings trend: each scan's now, exit code, per-source outcomes (JSON: status loaded, failed or not-scanned, the containers that loaded, errors) and the open findings by severity once it had run (null for scans made before the scan recorded them).
MATCH (s:Scan)
RETURN s.id AS id, s.now AS now, s.exitCode AS exitCode, s.sources AS sources,
       s.openCritical AS openCritical, s.openHigh AS openHigh, s.openMedium AS openMedium, s.openLow AS openLow
ORDER BY now
