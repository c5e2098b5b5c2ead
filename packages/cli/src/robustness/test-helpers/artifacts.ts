import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { Table, tableFromIPC } from 'apache-arrow';
import { PNG } from 'pngjs';

/** What `atomic.ts` names its work in progress: `<final name>.tmp-<pid>-<hex>[-old]`. */
const TEMPORARY = /\.tmp-\d+-[0-9a-f]{8}(-old)?$/;

/** Every file under `root`, as paths relative to it, sorted. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(root, path));
    }
  };
  walk(root);
  return files.sort();
}

export interface ArtifactReport {
  /** Files at final paths, by kind, that were opened and found whole. */
  checked: Record<string, number>;
  /** Leftovers of interrupted atomic writes (files, or folders being filled), relative to root. */
  temporaries: string[];
  /** Stage locks present (`<pipeline>/.locks/<stage>.lock`). */
  locks: string[];
  /** Every file at a final path that is partial or unreadable, with the reason. */
  problems: string[];
}

function count(report: ArtifactReport, kind: string): void {
  report.checked[kind] = (report.checked[kind] ?? 0) + 1;
}

function lineCount(path: string): number {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0).length;
}

/** Bytes that `model.json`'s weights manifest says `weights.bin` holds. */
function manifestBytes(modelJson: string): number {
  const manifest = JSON.parse(readFileSync(modelJson, 'utf8')).weightsManifest as {
    weights: { shape: number[]; dtype: string }[];
  }[];
  return manifest
    .flatMap((group) => group.weights)
    .reduce((sum, w) => sum + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
}

/** The projector folder's file a config path names: a bare name, or a URL serving the folder. */
function servedFile(path: string): string {
  return /^[a-z]+:\/\//i.test(path) ? basename(new URL(path).pathname) : path;
}

/** Checks that need a file's neighbours: sizes and row counts implied by another file. */
function checkConsistency(path: string, name: string): string | undefined {
  const dir = dirname(path);
  if (name === 'weights.bin') {
    const expected = manifestBytes(join(dir, 'model.json'));
    const actual = statSync(path).size;
    return actual === expected
      ? undefined
      : `${actual} bytes where model.json promises ${expected}`;
  }
  if (name === 'projector_config.json') {
    const [entry] = JSON.parse(readFileSync(path, 'utf8')).embeddings;
    const [n, d] = entry.tensorShape as [number, number];
    const tensor = statSync(join(dir, servedFile(entry.tensorPath))).size;
    if (tensor !== n * d * 4)
      return `${entry.tensorPath} has ${tensor} bytes for a ${n}×${d} float32 tensor`;
    const tsv = join(dir, '..', 'tensorboard', 'autoencoder', 'tensors.tsv');
    const rows = [lineCount(join(dir, servedFile(entry.metadataPath))) - 1, lineCount(tsv)];
    if (rows.some((r) => r !== n))
      return `metadata / tensors.tsv rows ${rows.join(' / ')} for ${n} points`;
  }
  return undefined;
}

/**
 * Opens every file under `root` that sits at a final path (not inside an interrupted write):
 * Arrow files must load, PNGs decode, JSON parse, and sizes agree with what other files promise.
 */
export function checkArtifacts(root: string): ArtifactReport {
  const report: ArtifactReport = { checked: {}, temporaries: [], locks: [], problems: [] };
  for (const file of listFiles(root)) {
    const parts = file.split('/');
    const temporary = parts.findIndex((p) => TEMPORARY.test(p));
    if (temporary >= 0) {
      const top = parts.slice(0, temporary + 1).join('/');
      if (!report.temporaries.includes(top)) report.temporaries.push(top);
      continue;
    }
    const path = join(root, file);
    const name = basename(file);
    if (parts.includes('.locks')) report.locks.push(file);
    try {
      if (name.endsWith('.arrow')) {
        const table: Table = tableFromIPC(readFileSync(path));
        if (table.numRows === 0) throw new Error('no rows');
        count(report, 'arrow');
      } else if (name.endsWith('.png')) {
        PNG.sync.read(readFileSync(path));
        count(report, 'png');
      } else if (/\.(json|lock)$/.test(name) || name === 'bookmarks.txt') {
        JSON.parse(readFileSync(path, 'utf8'));
        count(report, 'json');
      }
      const inconsistency = checkConsistency(path, name);
      if (inconsistency) report.problems.push(`${file}: ${inconsistency}`);
    } catch (error) {
      report.problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  return report;
}

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * `history.arrow` without its `seconds` column (wall time per epoch): the schema, its metadata
 * and the bytes of every other column.
 */
function historyWithoutSeconds(bytes: Buffer): string {
  const table = tableFromIPC(bytes);
  const columns = table.schema.fields
    .filter((f) => f.name !== 'seconds')
    .map((f) => {
      const values = table.getChild(f.name)!.toArray() as Float32Array | Int32Array;
      return `${f.name}:${f.type}:${sha256(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))}`;
    });
  if (columns.length !== table.schema.fields.length - 1)
    throw new Error('history.arrow has no seconds column');
  const metadata = [...table.schema.metadata].sort(([a], [b]) => a.localeCompare(b));
  return `without seconds: ${sha256(JSON.stringify({ columns, metadata, rows: table.numRows }))}`;
}

/**
 * A digest of every artifact a run leaves, for comparing two runs byte for byte: `run.json`
 * (wall time) is left out, `history.arrow` is compared without its `seconds` column, and the
 * export's report and manifest without the wall times and the history hash they quote.
 */
export function artifactDigests(root: string): Record<string, string> {
  const files = listFiles(root);
  // The hash of history.arrow changes with its wall times; the export's report and manifest quote it.
  const historyHashes = files
    .filter((f) => basename(f) === 'history.arrow')
    .map((f) => sha256(readFileSync(join(root, f))));
  const digests: Record<string, string> = {};
  for (const file of files) {
    if (basename(file) === 'run.json') continue;
    const bytes = readFileSync(join(root, file));
    const name = basename(file);
    if (name === 'history.arrow') digests[file] = historyWithoutSeconds(bytes);
    else if (WALL_TIME_RECORDS.has(name))
      digests[file] =
        `without wall times: ${sha256(withoutWallTimes(bytes.toString('utf8'), historyHashes))}`;
    else digests[file] = sha256(bytes);
  }
  return digests;
}

/** Export files that quote wall times (the report) or the hash of history.arrow. */
const WALL_TIME_RECORDS = new Set(['report.html', 'report.md', 'manifest.json']);

function withoutWallTimes(text: string, historyHashes: string[]): string {
  let out = text.replace(/\b\d+\.\d s\b|\b\d+ min \d+ s\b/g, '‹time›');
  for (const hash of historyHashes) out = out.split(hash).join('‹history hash›');
  return out;
}
