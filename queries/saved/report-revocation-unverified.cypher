// name: report-revocation-unverified
// title: Findings whose ticket was closed but the access remained
// params: (none)
// description: The weekly report's findings.revocationUnverified: how many findings flagged revocationUnverified (a ticket closed by a person while the access was still there) still stand, open or excepted, and their ids.
MATCH (f:Finding)
WHERE f.revocationUnverified = true AND f.status <> 'resolved'
RETURN count(f) AS findings, collect(f.id) AS ids
