import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import {
  ArtifactPaths,
  writeBundledArtifacts,
} from '../../../../export/src/stage/test-helpers/syntheticArtifacts';

/**
 * Small real inputs for the hostile cases: 40 bundled digits per split through the real data
 * stage, with synthetic codes and a projection (the export's own test artifacts), under `dir`.
 */
export function artifacts(dir: string): Promise<ArtifactPaths> {
  return writeBundledArtifacts(dir, 40);
}

/** The arguments of `latentlens export` reading `paths`, writing `out`. */
export function exportArgs(paths: ArtifactPaths, out: string): string[] {
  return [
    'export',
    '--dataset',
    paths.datasetPath,
    '--embeddings',
    paths.embeddingsPath,
    '--neighbors',
    paths.neighborsPath,
    ...paths.projections.flatMap((p) => ['--projection', `${p.name}=${p.path}`]),
    '--no-figures',
    '--out',
    out,
  ];
}

/** Writes `text` to `path` and returns a check that it is still there, unchanged. */
export function keep(path: string, text = 'my own notes\n'): () => string {
  writeFileSync(path, text);
  return () => {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text)
      throw new Error(`${path} was changed or removed`);
    return `${path.split('/').pop()} kept`;
  };
}

/** Throws unless `dir` holds exactly `names` (sorted), and says so for the table. */
export function holdsOnly(dir: string, names: string[]): string {
  const found = existsSync(dir) ? readdirSync(dir).sort() : [];
  if (JSON.stringify(found) !== JSON.stringify([...names].sort()))
    throw new Error(`${dir} holds ${JSON.stringify(found)}, expected ${JSON.stringify(names)}`);
  return names.length ? `only ${names.join(', ')} in ${dir.split('/').pop()}` : 'nothing written';
}
