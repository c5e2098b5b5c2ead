import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputRecord } from '../contracts/metadata';
import { sha256Hex } from '../io/atomic';
import { NamedDataset } from './catalog';
import { fetchVerified } from './download';
import { IdxFiles, datasetFromIdx } from './idxPair';
import { LoadedSource, SourceContext } from './types';

const ROLES = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const;

/**
 * A named dataset: from its system folder when installed (Debian's dataset packages), else from
 * the cache or its mirrors, every file verified.
 */
export async function loadNamed(spec: NamedDataset, ctx: SourceContext): Promise<LoadedSource> {
  const files = {} as IdxFiles;
  const inputs: InputRecord[] = [];
  for (const role of ROLES) {
    const remote = spec.files[role];
    const local = spec.systemDir ? join(spec.systemDir, remote.name) : undefined;
    let bytes: Uint8Array;
    let path: string;
    if (local && existsSync(local)) {
      bytes = readFileSync(local);
      path = local;
    } else {
      const got = await fetchVerified(remote, spec.mirrors, join(ctx.cacheDir, spec.name), ctx.progress);
      bytes = got.bytes;
      path = got.url;
    }
    files[role] = { name: path, bytes };
    inputs.push({ path, sha256: sha256Hex(bytes) });
  }
  return {
    dataset: datasetFromIdx(files, { classNames: spec.classNames, source: spec.name }),
    inputs,
  };
}
