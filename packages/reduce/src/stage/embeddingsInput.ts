import { join } from 'node:path';
import {
  claimOutputDir,
  ownsNames,
  readArrowInput,
  tableToEmbeddings,
  type StageMetadata,
} from '@latentlens/data';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

/**
 * What this package's stages (neighbours and reduce) do before and after their work: claim
 * `outDir` for the one `file` they write (refused before anything is read if it is not theirs),
 * read `embeddings.arrow`, and describe what they write: stage, version, config and the input's
 * SHA-256.
 */
export function openEmbeddingsStage(args: {
  /** For people, in a refusal: `neighbours stage`, `reduction tsne`. */
  stage: string;
  file: string;
  embeddingsPath: string;
  outDir: string;
}) {
  const { embeddingsPath } = args;
  claimOutputDir(args.outDir, {
    stage: args.stage,
    owns: ownsNames([args.file]),
    inputs: [embeddingsPath],
  });
  const input = readArrowInput(embeddingsPath);
  return {
    embeddings: tableToEmbeddings(input.table, embeddingsPath),
    path: join(args.outDir, args.file),
    metadata: (stage: string, config: unknown): StageMetadata => ({
      stage,
      version: VERSION,
      config,
      provenance: { inputs: [{ path: embeddingsPath, sha256: input.sha256 }] },
    }),
  };
}
