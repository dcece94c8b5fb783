// The derive step's memory. Derive works over the whole graph, but a nightly
// re-scan changes little of it: reading every identity, person and sign-in
// again was most of an unchanged re-scan's derive step at 100,000 people.
// So each derive keeps what it read and what it wrote in a file beside the
// embedded store (`<store>.derive-memory`), and the next one reads again only
// the nodes the load touched (WriteContext.touched) and takes the rest from
// the file.
//
// The file is trusted only while it describes the store exactly. The store
// holds a token (a DeriveMemory node) equal to the token in the file's first
// line; a scan takes the file and makes the store forget the token before its
// load writes anything, and derive writes a new file and token only after it
// finished. So a scan killed part way, a store restored from a copy, another
// driftgraph version (the code's digest is in the file too) or a file cut
// short leaves no match, and derive reads the whole graph as it always did.
// Neo4j keeps no memory: it is shared, and another process may write to it.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { GraphStore, Row } from '../graph/store.js';
import { codeDigest } from '../util/code-digest.js';
import { errorMessage } from '../util/errors.js';

export interface DeriveMemory {
  /** What each node read (DeriveIO.readLive) returned: read id -> node key -> row. */
  tables: Map<string, Map<string, Row>>;
  /** The derived properties each node holds, as derive last wrote or found them. */
  props: Map<string, Record<string, unknown>>;
  /** The derived relationships: type -> `from\0to\0contentHash` -> how many. */
  edges: Map<string, Map<string, number>>;
}

export const emptyMemory = (): DeriveMemory => ({ tables: new Map(), props: new Map(), edges: new Map() });

const FORMAT = 1;

/** Where the memory of this store is kept, or null when it keeps none. */
export function memoryFile(store: GraphStore): string | null {
  return store.kind === 'embedded' ? `${store.location}.derive-memory` : null;
}

/** The memory of the last derive, when it still describes the store, else null and why. */
export interface TakenMemory {
  memory: DeriveMemory | null;
  why: string;
}

/**
 * Before the load writes anything: the memory of the last derive if the
 * store still holds its token; the store then forgets the token, so no
 * later scan can trust this file unless a derive writes a new one.
 */
export async function takeDeriveMemory(store: GraphStore, file: string | null): Promise<TakenMemory> {
  if (!file) return { memory: null, why: 'this store keeps no memory of the last derive' };
  const rows = await store.read("MATCH (m:DeriveMemory {id: 'derive'}) RETURN m.token AS token");
  const token = typeof rows[0]?.token === 'string' ? rows[0].token : null;
  if (token) await store.write("MATCH (m:DeriveMemory {id: 'derive'}) SET m.token = null");
  if (!token) return { memory: null, why: 'the last scan did not finish its derive step' };
  try {
    return await readMemory(file, token);
  } catch (e) {
    return { memory: null, why: `its memory ${file} could not be read (${errorMessage(e)})` };
  }
}

async function readMemory(file: string, token: string): Promise<TakenMemory> {
  const memory = emptyMemory();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const tables: { columns: string[]; rows: Map<string, Row> }[] = [];
  let header = true;
  let ended = false;
  for await (const line of lines) {
    const x = JSON.parse(line) as unknown[];
    if (header) {
      const h = x as unknown as { format?: number; token?: string; code?: string };
      if (h.format !== FORMAT || h.token !== token || h.code !== (await codeDigest())) {
        lines.close();
        return { memory: null, why: 'its memory is of another scan or another driftgraph version' };
      }
      header = false;
      continue;
    }
    const [kind, a, b, c] = x;
    if (kind === 't') {
      const rows = new Map<string, Row>();
      tables.push({ columns: b as string[], rows });
      memory.tables.set(String(a), rows);
    } else if (kind === 'r') {
      const t = tables[Number(a)]!;
      const values = b as unknown[];
      const row: Row = {};
      t.columns.forEach((col, i) => (row[col] = values[i]));
      t.rows.set(String(row.key), row);
    } else if (kind === 'p') memory.props.set(String(a), b as Record<string, unknown>);
    else if (kind === 'e') {
      let m = memory.edges.get(String(a));
      if (!m) memory.edges.set(String(a), (m = new Map()));
      m.set(String(b), Number(c));
    } else if (kind === 'end') ended = true;
  }
  if (!ended) return { memory: null, why: 'its memory file is cut short' };
  return { memory, why: '' };
}

/** After a derive that finished: write its memory, then give the store the same token. */
export async function keepDeriveMemory(store: GraphStore, file: string, memory: DeriveMemory): Promise<void> {
  const token = randomUUID();
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const line = async (x: unknown) => {
    if (!out.write(JSON.stringify(x) + '\n')) await once(out, 'drain');
  };
  try {
    await line({ format: FORMAT, token, code: await codeDigest() });
    let t = 0;
    for (const [id, rows] of memory.tables) {
      // One read's rows share its RETURN columns.
      const first = rows.values().next();
      const columns = first.done ? [] : Object.keys(first.value);
      await line(['t', id, columns]);
      for (const r of rows.values()) await line(['r', t, columns.map((c) => r[c] ?? null)]);
      t++;
    }
    for (const [key, props] of memory.props) await line(['p', key, props]);
    for (const [type, edges] of memory.edges) for (const [id, n] of edges) await line(['e', type, id, n]);
    await line(['end']);
    out.end();
    await once(out, 'close');
  } catch (e) {
    out.destroy();
    await rm(partial, { force: true });
    throw e;
  }
  await rename(partial, file);
  await store.write("MERGE (m:DeriveMemory {id: 'derive'}) SET m.token = $token", { token });
}
