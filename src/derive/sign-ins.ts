// Sign-ins and devices tied to people (docs/graph-model.md): a connector marks
// its sign-in Activity nodes `signIn: true` and knows the person only by login
// email (`actorEmail`) and the device only by its id (`deviceId`); an
// inventory knows a device's owner by email (`ownerEmail`). Here,
// with every source loaded, those become derived relationships:
// (Person)-[:PERFORMED]->(sign-in Activity), (Person)-[:USES_DEVICE]->(Device),
// (sign-in Activity)-[:FROM_DEVICE]->(Device).
import type { DeriveIO } from './derive-io.js';
import type { PeopleIndex } from './links.js';
import { str, type DerivedEdge } from './graph-io.js';

export interface SignInStats {
  signIns: number;
  signInsLinked: number;
  devicesOwned: number;
}

export async function deriveSignIns(io: DeriveIO, people: PeopleIndex): Promise<SignInStats> {
  const signIns = await io.readLive('Activity', 'n.key AS key, n.actorEmail AS email, n.deviceId AS deviceId, n.source AS source', {
    where: 'n.signIn = true',
  });
  const devices = await io.readLive('Device', 'n.key AS key, n.deviceId AS deviceId, n.ownerEmail AS ownerEmail');
  const deviceById = new Map<string, string>();
  for (const d of devices) if (str(d.deviceId)) deviceById.set(String(d.deviceId), String(d.key));

  const performed: DerivedEdge[] = [];
  const fromDevice: DerivedEdge[] = [];
  for (const s of signIns) {
    const person = str(s.email) ? people.byEmail.get(String(s.email).toLowerCase()) : undefined;
    if (person) performed.push({ from: person, to: String(s.key), props: { method: `${String(s.source)}-login-email` } });
    const device = str(s.deviceId) ? deviceById.get(String(s.deviceId)) : undefined;
    if (device) fromDevice.push({ from: String(s.key), to: device, props: { method: 'device-id' } });
  }
  const owned: DerivedEdge[] = [];
  for (const d of devices) {
    const person = str(d.ownerEmail) ? people.byEmail.get(String(d.ownerEmail).toLowerCase()) : undefined;
    if (person) owned.push({ from: person, to: String(d.key), props: { method: 'mdm-owner-email' } });
  }
  await io.replaceDerivedEdges('PERFORMED', performed);
  await io.replaceDerivedEdges('FROM_DEVICE', fromDevice);
  await io.replaceDerivedEdges('USES_DEVICE', owned);
  return { signIns: signIns.length, signInsLinked: performed.length, devicesOwned: owned.length };
}
