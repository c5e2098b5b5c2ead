import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { readArrowFile, tableToEmbeddings } from '@latentlens/data';
import type { ProjectorState } from '../core/projectorBookmarks';
import { runExportStage } from './exportStage';
import { writeBundledArtifacts } from './test-helpers/syntheticArtifacts';

/**
 * Checks our own output the way its readers see it: TensorBoard's config through the real
 * protobuf text-format parser (protoc, Debian's protobuf-compiler), every file it names, and the
 * standalone projector's tensors read back from their bytes.
 */
const PROTO_DIR = join(__dirname, '..', 'core');
const PER_SPLIT = 50;

function protocAvailable(): boolean {
  try {
    execFileSync('protoc', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** The decoded config as protoc prints it, after encoding our text with the schema. */
function protocRoundTrip(text: string): string {
  const run = (mode: string, input: Buffer | string) =>
    execFileSync(
      'protoc',
      [
        `--proto_path=${PROTO_DIR}`,
        `--${mode}=ProjectorConfig`,
        join(PROTO_DIR, 'projector_config.proto'),
      ],
      { input },
    );
  return run('decode', run('encode', text)).toString('utf8');
}

interface Entry {
  [field: string]: string | string[] | Entry;
}

/** Embedding entries from protoc's canonical text output (one field per line). */
function entries(decoded: string): Entry[] {
  const list: Entry[] = [];
  const stack: Entry[] = [];
  for (const line of decoded
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const open = line.match(/^(\w+) \{$/);
    if (open) {
      const child: Entry = {};
      if (stack.length === 0) list.push(child);
      else stack[stack.length - 1][open[1]] = child;
      stack.push(child);
    } else if (line === '}') {
      stack.pop();
    } else {
      const [, key, value] = line.match(/^(\w+): (.*)$/) ?? [];
      const parsed = value.startsWith('"') ? JSON.parse(value) : value;
      const top = stack[stack.length - 1];
      const previous = top[key];
      top[key] =
        previous === undefined ? parsed : ([] as string[]).concat(previous as string, parsed);
    }
  }
  return list;
}

/** Cells of the sprite grid that hold an image: real digits are never a blank cell. */
function drawnCells(png: PNG, cellWidth: number, cellHeight: number): number {
  const background = png.data[(png.height - 1) * png.width * 4];
  let drawn = 0;
  for (let top = 0; top < png.height; top += cellHeight) {
    for (let left = 0; left < png.width; left += cellWidth) {
      let blank = true;
      for (let y = top; y < top + cellHeight && blank; y++) {
        for (let x = left; x < left + cellWidth && blank; x++)
          blank = png.data[(y * png.width + x) * 4] === background;
      }
      if (!blank) drawn++;
    }
  }
  return drawn;
}

describe('the projector files we write, as their readers see them', () => {
  let root: string;
  let out: string;
  let embeddingsPath: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'latentlens-validate-'));
    const paths = await writeBundledArtifacts(root, PER_SPLIT);
    embeddingsPath = paths.embeddingsPath;
    out = join(root, 'export');
    await runExportStage({
      ...paths,
      config: { invertSprite: false, rawPixels: true, figures: false, projectorBaseUrl: '' },
      outDir: out,
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const haveProtoc = protocAvailable();
  if (!haveProtoc && process.env.CI) {
    it('needs protoc (apt-get install -y protobuf-compiler)', () => {
      throw new Error(
        'protoc is not installed; CI must install protobuf-compiler to validate projector_config.pbtxt',
      );
    });
  }

  (haveProtoc ? it : it.skip)(
    'TensorBoard: protoc parses projector_config.pbtxt, and its files agree with each other',
    () => {
      const logdir = join(out, 'tensorboard');
      const decoded = entries(
        protocRoundTrip(readFileSync(join(logdir, 'projector_config.pbtxt'), 'utf8')),
      );
      expect(decoded.map((e) => e.tensor_name)).toEqual(['autoencoder code', 'raw pixels']);
      const embeddings = tableToEmbeddings(readArrowFile(embeddingsPath));
      for (const entry of decoded) {
        const named = ['tensor_path', 'metadata_path', 'bookmarks_path']
          .map((k) => entry[k])
          .filter((p) => p !== undefined) as string[];
        const sprite = entry.sprite as Entry;
        for (const path of [...named, sprite.image_path as string])
          expect(existsSync(join(logdir, path))).toBe(true);

        const rows = readFileSync(join(logdir, entry.tensor_path as string), 'utf8')
          .split('\n')
          .filter((l) => l !== '');
        const metadata = readFileSync(join(logdir, entry.metadata_path as string), 'utf8')
          .split('\n')
          .filter((l) => l !== '');
        const [width, height] = (sprite.single_image_dim as string[]).map(Number);
        const png = PNG.sync.read(readFileSync(join(logdir, sprite.image_path as string)));
        expect(metadata[0].split('\t')).toEqual([
          'label',
          'class',
          'split',
          'id',
          'reconstructionError',
        ]);
        expect(rows).toHaveLength(PER_SPLIT);
        expect(metadata.length - 1).toBe(PER_SPLIT);
        expect(drawnCells(png, width, height)).toBe(PER_SPLIT);
        expect(png.width / width).toBe(Math.ceil(Math.sqrt(PER_SPLIT)));
        expect(png.height).toBe(png.width);

        if (entry.tensor_name === 'autoencoder code') {
          const values = Float32Array.from(rows.flatMap((row) => row.split('\t').map(Number)));
          expect(values).toEqual(embeddings.values);
          const states: ProjectorState[] = JSON.parse(
            readFileSync(join(logdir, entry.bookmarks_path as string), 'utf8'),
          );
          expect(states).toHaveLength(3);
          for (const state of states) expect(state.projections).toHaveLength(rows.length);
        } else {
          expect(rows.every((row) => row.split('\t').length === 784)).toBe(true);
        }
      }
    },
  );

  it('standalone projector: projector_config.json and its .bytes read back as embeddings.arrow', () => {
    const folder = join(out, 'projector');
    const config = JSON.parse(readFileSync(join(folder, 'projector_config.json'), 'utf8'));
    const embeddings = tableToEmbeddings(readArrowFile(embeddingsPath));
    const [code, pixels] = config.embeddings;
    expect(code.tensorShape).toEqual([PER_SPLIT, embeddings.dim]);
    for (const entry of config.embeddings) {
      for (const path of [entry.tensorPath, entry.metadataPath, entry.sprite.imagePath])
        expect(existsSync(join(folder, path))).toBe(true);
    }
    // What the projector does with a .bytes tensor: a Float32Array over the file, tensorShape[1] per point.
    const bytes = readFileSync(join(folder, code.tensorPath));
    const values = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    expect(values.length).toBe(code.tensorShape[0] * code.tensorShape[1]);
    expect(values).toEqual(embeddings.values);
    expect(readFileSync(join(folder, pixels.tensorPath)).length).toBe(
      pixels.tensorShape[0] * pixels.tensorShape[1] * 4,
    );
    const states: ProjectorState[] = JSON.parse(
      readFileSync(join(folder, code.bookmarksPath), 'utf8'),
    );
    expect(states.map((s) => s.label)).toEqual(['tsne', 'pca', 'umap']);
    for (const state of states) expect(state.projections).toHaveLength(code.tensorShape[0]);
    expect(
      readFileSync(join(folder, code.metadataPath), 'utf8').trimEnd().split('\n'),
    ).toHaveLength(PER_SPLIT + 1);
    expect(dirname(code.tensorPath)).toBe('.');
  });
});
