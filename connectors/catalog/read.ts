// Reads the Backstage descriptors below `catalog/` into entities that
// remember their file and line. A YAML error or an entity without kind or
// name fails the source; documents of other tools are skipped with a warning.
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from '../../src/bundled/yaml.js';
import { SourceError } from '../../src/util/errors.js';
import { yamlProblem } from '../lib/messages.js';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../lib/json.js';
import { listYamlFiles } from './files.js';
import { readRegularFile, utf8Text } from '../lib/files.js';
import { append } from '../../src/util/arrays.js';
import { DEFAULT_NAMESPACE } from '../../src/util/entity-ref.js';

export interface CatalogEntity {
  /** Snapshot-relative, e.g. `catalog/teams/payments.yaml`. */
  file: string;
  /** Line the document's content starts on. */
  line: number;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
}

export interface CatalogData {
  entities: CatalogEntity[];
  warnings: string[];
}

/** The keys of a Backstage entity's envelope. */
const ENVELOPE = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'relations', 'status']);

/** The kinds of Backstage's own catalog model (lower-case). */
const BACKSTAGE_KINDS = new Set(['component', 'api', 'resource', 'system', 'domain', 'group', 'user', 'location', 'template']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Parse one file's text. `file` is the snapshot-relative path for messages. */
export function readCatalogFile(file: string, text: string): CatalogData {
  const entities: CatalogEntity[] = [];
  const warnings: string[] = [];
  const lineCounter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter });
  } catch (e) {
    // The parser recurses on flow collections: a file nested thousands deep overflows it.
    if (e instanceof RangeError) throw new SourceError('catalog', `not valid YAML: nested too deep to read`, { file });
    throw e;
  }
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0].line ?? lineCounter.linePos(err.pos[0]).line;
      throw new SourceError('catalog', `not valid YAML: ${yamlProblem(err.code)}`, { file, line }, { cause: err });
    }
  }
  let documents = 0;
  for (const doc of docs) {
    const line = lineCounter.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (e) {
      const why = e instanceof RangeError ? 'nested too deep to read' : yamlProblem((e as { code?: string }).code);
      throw new SourceError('catalog', `not valid YAML: ${why}`, { file, line }, { cause: e });
    }
    if (nestedDeeperThan(value)) {
      throw new SourceError('catalog', `nested deeper than ${MAX_JSON_DEPTH} levels: not a Backstage descriptor`, { file, line });
    }
    if (value === null || value === undefined) continue; // an empty document, e.g. a trailing `---`
    documents++;
    // A descriptor is a mapping; a bare scalar or list is a broken or foreign file, not an empty one.
    if (!isRecord(value)) throw new SourceError('catalog', `not a descriptor: the document is a ${Array.isArray(value) ? 'list' : typeof value}, not a mapping`, { file, line });
    const apiVersion = isRecord(value) ? value.apiVersion : undefined;
    // Every tool's document names its apiVersion: one without any (a misspelled
    // key), or a Backstage kind under another apiVersion (a typo in it), is a
    // broken descriptor. Skipped, it would drop the entity and resolve what
    // depended on it.
    if (apiVersion === undefined || apiVersion === null) throw new SourceError('catalog', 'the document has no apiVersion', { file, line, path: 'apiVersion' });
    if (typeof apiVersion === 'string' && !/^backstage\.io\//i.test(apiVersion) && typeof value.kind === 'string' && BACKSTAGE_KINDS.has(value.kind.trim().toLowerCase())) {
      throw new SourceError('catalog', `a Backstage kind (${value.kind.trim()}) whose apiVersion is not backstage.io/...`, { file, line, path: 'apiVersion' });
    }
    if (typeof apiVersion !== 'string' || !/^backstage\.io\//i.test(apiVersion)) {
      // The value is not quoted: a warning reaches logs and reports, and the cell may hold anything.
      const shown = apiVersion === undefined || apiVersion === null ? 'none' : typeof apiVersion === 'string' ? 'not backstage.io/...' : `a ${typeof apiVersion}`;
      warnings.push(`${file} line ${line}: not a Backstage entity (apiVersion: ${shown}); skipped`);
      continue;
    }
    const entity = value as Record<string, unknown>;
    // The envelope has these keys only: another (`sp-c:` for `spec:`) is a damaged
    // descriptor, and read without its spec the entity would lose its owner.
    const unknown = Object.keys(entity).find((k) => !ENVELOPE.has(k));
    if (unknown !== undefined) throw new SourceError('catalog', 'the document has a key a Backstage entity does not have (a misspelled apiVersion, kind, metadata or spec?)', { file, line });
    const metadata = entity.metadata;
    if (!nonEmpty(entity.kind)) throw new SourceError('catalog', 'entity has no kind', { file, line });
    if (!isRecord(metadata) || !nonEmpty(metadata.name)) {
      throw new SourceError('catalog', 'entity has no metadata.name', { file, line, path: 'metadata.name' });
    }
    if (metadata.namespace !== undefined && !nonEmpty(metadata.namespace)) {
      throw new SourceError('catalog', 'metadata.namespace is not a name', { file, line, path: 'metadata.namespace' });
    }
    if (entity.spec !== undefined && entity.spec !== null && !isRecord(entity.spec)) {
      throw new SourceError('catalog', 'spec is not a mapping', { file, line, path: 'spec' });
    }
    entities.push({
      file,
      line,
      apiVersion,
      kind: entity.kind.trim(),
      namespace: nonEmpty(metadata.namespace) ? metadata.namespace.trim() : DEFAULT_NAMESPACE,
      name: metadata.name.trim(),
      metadata,
      spec: isRecord(entity.spec) ? entity.spec : {},
    });
  }
  // A descriptor file with no document at all (empty, blanks, comments, a lone
  // `---`) is a broken copy, not a catalog with nothing in it: read as empty it
  // would resolve every finding its entities carried.
  if (documents === 0) throw new SourceError('catalog', 'holds no descriptor (the file is empty or only comments)', { file, line: 1 });
  return { entities, warnings };
}

/** Read every descriptor below `<snapshotDir>/catalog/`, files in sorted order. */
export async function readCatalog(snapshotDir: string): Promise<CatalogData> {
  const root = join(snapshotDir, 'catalog');
  const out: CatalogData = { entities: [], warnings: [] };
  let files: string[];
  try {
    files = await listYamlFiles(root);
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError('catalog', `cannot be listed: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { file: 'catalog/' }, { cause: e });
  }
  for (const rel of files) {
    const file = `catalog/${rel}`;
    const raw = await readRegularFile(join(root, rel), file, 'catalog');
    // Listed, then gone: a file that vanished mid-scan is not an empty one.
    if (raw === null) throw new SourceError('catalog', 'listed but gone when read (removed during the scan)', { file });
    const read = readCatalogFile(file, decodeUtf8(raw, file));
    append(out.entities, read.entities);
    append(out.warnings, read.warnings);
  }
  return out;
}

/** UTF-8 text, or an error naming the file for UTF-16 and binary content. */
function decodeUtf8(raw: Buffer, file: string): string {
  const utf16 = raw.length >= 2 && ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff));
  if (utf16) throw new SourceError('catalog', 'UTF-16 text: save the file as UTF-8', { file, line: 1 });
  const nul = raw.indexOf(0);
  if (nul !== -1) {
    const line = raw.subarray(0, nul).toString('utf8').split('\n').length;
    throw new SourceError('catalog', 'binary content (a NUL byte): not a YAML descriptor file', { file, line });
  }
  return utf8Text(raw, file, 'catalog');
}
