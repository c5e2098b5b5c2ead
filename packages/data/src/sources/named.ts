import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputRecord } from '../contracts/metadata';
import { sha256Hex } from '../io/atomic';
import { FILE_ROLES, NamedDataset } from './catalog';
import { field, int, list, matching, obj } from '../options/schema';
import { DOWNLOAD_DEFAULTS, DownloadOptions, fetchVerified } from './download';
import { IdxFiles, datasetFromIdx } from './idxPair';
import { resolveMirrors } from './mirrors';
import { LoadedSource, SourceContext } from './types';

export interface NamedSourceOptions {
  /** Base URLs to try instead of the catalog's (see resolveMirrors for the order of precedence). */
  mirrors?: string[];
  download?: DownloadOptions;
}

const baseUrl = matching(
  /^https?:\/\/[^\s/]+(\/\S*)?$/,
  'an http(s) base URL, e.g. https://example.org/mnist/',
);
const mirrorList = list(baseUrl, 1);

/** The options of the downloadable sources, as `data:` keys. */
export const NAMED_OPTIONS = {
  mirrors: field(
    obj({ mnist: field(mirrorList), 'fashion-mnist': field(mirrorList) }),
    undefined,
    'mirror base URLs replacing the built-in ones (else $LATENTLENS_<NAME>_MIRRORS)',
  ),
  download: field(
    obj({
      timeoutMs: field(
        int(1, 3_600_000),
        undefined,
        `longest silence before a request is abandoned (default ${DOWNLOAD_DEFAULTS.timeoutMs})`,
      ),
      retries: field(
        int(0, 10),
        undefined,
        `further attempts per mirror after a timeout, a dropped connection or HTTP 5xx (default ${DOWNLOAD_DEFAULTS.retries})`,
      ),
      retryDelayMs: field(
        int(0, 600_000),
        undefined,
        `pause before the first retry, doubled after (default ${DOWNLOAD_DEFAULTS.retryDelayMs})`,
      ),
    }),
  ),
};

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
