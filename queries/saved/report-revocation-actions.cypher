// name: report-revocation-actions
// title: Revocations driftgraph planned or sent
// params: (none)
// description: Every revocation action on record (the store's copy of the audit trail) with its latest state: the finding and rule, who or what decided (a policy line or an approval), when it was sent and undone, the last error, the finding's status, and the person the finding is about (the HR person of a leaver's account, or the mover). The report splits time to revoke by it (a leaver or mover is revoked automatically when driftgraph sent at least one of their revocations, manually otherwise) and lists the actions that failed or were undone in the period.
MATCH (a:Revocation)
OPTIONAL MATCH (f:Finding {id: a.findingId})
OPTIONAL MATCH (p:Person {employeeId: f.personEmployeeId})
RETURN a.id AS actionId, a.status AS status, a.planState AS planState, a.findingId AS findingId, a.ruleId AS ruleId,
       a.summary AS summary, a.decidedBy AS decidedBy, a.executedAt AS executedAt, a.undoneAt AS undoneAt,
       a.undoneBy AS undoneBy, a.updatedAt AS updatedAt, a.error AS error, f.status AS findingStatus,
       coalesce(p.key, f.subjectKey) AS person
ORDER BY updatedAt, actionId
