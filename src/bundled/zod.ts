// zod, as driftgraph's config and file schemas import it: one module in
// dist/ (see README.md in this folder). Import `z` from here, never from
// 'zod', so every schema uses that one copy.
export { z } from 'zod';
