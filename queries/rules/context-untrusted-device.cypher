// id: context-untrusted-device
// title: Privileged {personName} signed in from an untrusted device ({reason})
// severity: high
// frameworks: NIST CSF 2.0 PR.AA-03; NIST CSF 2.0 PR.AA-05; NIST CSF 2.0 DE.CM-03
// remediation: require-managed-device
// params: windowDays=30
// requires: okta|entra, devices|entra
// depends-on: okta, devices, entra
// description: In the last windowDays, a privileged person's successful sign-in (Okta, Entra ID) from a device that the inventory marks unmanaged or non-compliant, or from an unknown device (none reported, or one the inventory lacks). Runs only in scans where a sign-in log (Okta or Entra ID) and a device inventory (the devices source, or Entra ID's devices) loaded.
MATCH (p:Person)-[:PERFORMED]->(s:Activity)
WHERE p.removedAt IS NULL AND p.privileged = true
  AND s.removedAt IS NULL AND s.signIn = true
  AND s.lastEventAt IS NOT NULL
  AND datetime(s.lastEventAt) >= datetime($now) - duration({days: $windowDays})
OPTIONAL MATCH (s)-[:FROM_DEVICE]->(d:Device)
WHERE d.removedAt IS NULL
WITH p, s, d,
     CASE WHEN s.deviceId IS NULL THEN 'no device reported'
          WHEN d IS NULL THEN 'device not in the inventory'
          WHEN d.managed = false AND d.compliant = false THEN 'unmanaged and non-compliant'
          WHEN d.managed = false THEN 'unmanaged'
          WHEN d.compliant = false THEN 'non-compliant'
          ELSE null END AS why
WHERE why IS NOT NULL
WITH p, s, d, why ORDER BY s.lastEventAt DESC
WITH p, collect({time: s.lastEventAt, ip: s.sourceIp, country: s.country, countryName: s.countryName,
                 device: s.deviceId, deviceName: s.deviceName, platform: d.platform, managed: d.managed,
                 compliant: d.compliant, untrusted: why, events: s.events,
                 oktaUserId: s.oktaUserId, actorEmail: s.actorEmail, source: s.source, container: s.container,
                 actorId: s.actorId}) AS signIns,
     collect(s.oktaOrgUrl) AS orgs
RETURN p.key AS subjectKey,
       {signIns: signIns, reason: signIns[0].untrusted, device: signIns[0].device, lastSignIn: signIns[0].time,
        oktaOrgUrl: head(orgs)} AS evidence
