import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputRecord } from '../contracts/metadata';
import { sha256Hex } from '../io/atomic';
import { FILE_ROLES, NamedDataset } from './catalog';
import { DownloadOptions, fetchVerified } from './download';
import { IdxFiles, datasetFromIdx } from './idxPair';
import { resolveMirrors } from './mirrors';
import { LoadedSource, SourceContext } from './types';

export interface NamedSourceOptions {
  /** Base URLs to try instead of the catalog's (see resolveMirrors for the order of precedence). */
  mirrors?: string[];
  download?: DownloadOptions;
}

/** The system folder when it holds all four files, else undefined. */
function systemCopy(dataset: NamedDataset): string | undefined {
  const dir = dataset.systemDir;
  if (!dir) return undefined;
  return FILE_ROLES.every((role) => existsSync(join(dir, dataset.files[role].name)))
    ? dir
    : undefined;
}

/**
 * A named dataset: from its system folder when installed (Debian's dataset packages; trusted as
 * the package manager installed it, but parsed and, where the catalog knows the decompressed
 * content's hash, verified), else from the cache or its mirrors, every file checksummed.
 */
export async function loadNamed(
  dataset: NamedDataset,
  ctx: SourceContext,
  options: NamedSourceOptions = {},
): Promise<LoadedSource> {
  const files = {} as IdxFiles;
  const inputs: InputRecord[] = [];
  const systemDir = systemCopy(dataset);
  if (systemDir) {
    ctx.progress.phase(`read ${systemDir}`);
    for (const role of FILE_ROLES) {
      const path = join(systemDir, dataset.files[role].name);
      const bytes = readFileSync(path);
      files[role] = { name: path, bytes, contentSha256: dataset.files[role].contentSha256 };
      inputs.push({ path, sha256: sha256Hex(bytes) });
    }
  } else {
    const mirrors = resolveMirrors(dataset, options.mirrors);
    for (const role of FILE_ROLES) {
      const remote = dataset.files[role];
      const got = await fetchVerified(
        remote,
        mirrors,
        join(ctx.cacheDir, dataset.name),
        ctx.progress,
        options.download,
      );
      const name = got.url ?? got.path;
      files[role] = { name, bytes: got.bytes, contentSha256: remote.contentSha256 };
      inputs.push({ path: name, sha256: got.sha256 });
    }
  }
  ctx.progress.phase(`decode ${dataset.name}`);
  return {
    dataset: await datasetFromIdx(files, { classNames: dataset.classNames, source: dataset.name }),
    inputs,
  };
}
