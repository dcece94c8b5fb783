// A store that counts what is written through it: statements, and rows (the
// length of the `rows` or `keys` list a batched statement unwinds). Tests and
// the scale benchmark use it to see that an unchanged re-scan writes nothing.
import type { GraphStore, Params, Row } from '../../src/graph/store.js';

export interface WriteCounts {
  statements: number;
  rows: number;
}

export function countingStore(store: GraphStore): { store: GraphStore; counts: WriteCounts } {
  const counts: WriteCounts = { statements: 0, rows: 0 };
  const rowsOf = (p?: Params) => {
    const list = (p?.rows ?? p?.keys) as unknown[] | undefined;
    return Array.isArray(list) ? list.length : 1;
  };
  const wrapped: GraphStore = {
    kind: store.kind,
    location: store.location,
    read: (cypher: string, params?: Params): Promise<Row[]> => store.read(cypher, params),
    write: (cypher: string, params?: Params): Promise<Row[]> => {
      counts.statements++;
      counts.rows += rowsOf(params);
      return store.write(cypher, params);
    },
    writeTx: (work) =>
      store.writeTx((tx) =>
        work({
          run: (cypher: string, params?: Params) => {
            counts.statements++;
            counts.rows += rowsOf(params);
            return tx.run(cypher, params);
          },
        }),
      ),
    close: () => store.close(),
  };
  return { store: wrapped, counts };
}
