import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { datasetMetadata, tableToDataset } from '../contracts/dataset';
import { readArrowFile } from '../io/arrowFile';
import { RefusedInput } from '../io/refusedInput';
import { runDataStage } from '../stage/dataStage';
import { typescriptBootstrap } from '../parallel/bootstrap';
import { recordingProgress } from '../test-helpers/recordingProgress';
import { decodeInto } from './imageDecode';
import { IMAGE_EXTENSIONS, ImagesSourceOptions, loadImages } from './images';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'latentlens-images-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
/** A fresh folder under the test's root. */
const fresh = (name: string) => {
  const dir = join(root, `${name}-${count++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

async function write(path: string, image: sharp.Sharp): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await image.toFile(path);
}

/** A solid image of `colour`, `w`×`h`, with an alpha channel when `alpha` is given. */
const solid = (w: number, h: number, colour: [number, number, number], alpha = 1) =>
  sharp({
    create: {
      width: w,
      height: h,
      channels: 4,
      background: { r: colour[0], g: colour[1], b: colour[2], alpha },
    },
  });

/**
 * Real files of every kind the source meets: three classes, PNG and JPEG of various sizes, RGBA
 * with transparency, a grey PNG, a palette PNG, an image two folders deep.
 */
async function makeFolder(): Promise<string> {
  const dir = fresh('folder');
  await write(join(dir, 'circles', 'a.png'), solid(40, 20, [255, 0, 0]));
  await write(join(dir, 'circles', 'b.jpg'), solid(17, 33, [0, 0, 255]).jpeg());
  await write(join(dir, 'circles', 'c.png'), solid(30, 30, [0, 0, 0], 0)); // fully transparent
  await write(join(dir, 'circles', 'deep', 'er', 'd.png'), solid(8, 8, [0, 128, 0]));
  await write(join(dir, 'squares', 'e.png'), solid(64, 48, [10, 20, 30]).greyscale());
  await write(join(dir, 'squares', 'f.png'), solid(25, 25, [200, 100, 50]).png({ palette: true }));
  await write(join(dir, 'squares', 'g.jpeg'), solid(50, 10, [255, 255, 255]).jpeg());
  await write(join(dir, 'squares', 'h.png'), solid(12, 12, [90, 90, 90], 0.5));
  await write(join(dir, 'triangles', 'i.png'), solid(9, 31, [0, 0, 0]));
  await write(join(dir, 'triangles', 'j.webp'), solid(20, 20, [255, 255, 0]).webp());
  await write(join(dir, 'triangles', 'k.gif'), solid(20, 20, [0, 255, 255]).gif());
  writeFileSync(join(dir, 'triangles', 'notes.txt'), 'not an image, not an image extension');
  return dir;
}

/** A PNG chunk: length, type, data, CRC-32 of type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = ~0;
  for (const byte of body) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(~crc >>> 0, body.length + 4);
  return out;
}

/** A small PNG whose header says `width`×`height` 8-bit grey pixels (its data is far too short). */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // depth 8, grey, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(16))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** What `test-helpers/imagesProcess.ts` prints for `dir`, run in a process of its own. */
function loadInProcess(dir: string): Promise<string> {
  const entry = join(__dirname, '..', 'test-helpers', 'imagesProcess.ts');
  const bootstrap = typescriptBootstrap(entry, {
    workspaceSources: join(__dirname, '..', '..', '..'),
  });
  const child = spawn(process.execPath, ['-e', bootstrap, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((done, fail) =>
    child.on('exit', (code) =>
      code === 0 ? done(stdout) : fail(new Error(`imagesProcess exited with ${code}:\n${stderr}`)),
    ),
  );
}

const ctx = (seed = 0) => ({ progress: recordingProgress(), cacheDir: root, seed });
const load = (dir: string, options: Omit<ImagesSourceOptions, 'dir'> = {}, c = ctx()) =>
  loadImages({ dir, ...options }, c);

/** The refusal of `promise`, which must be a RefusedInput of one line. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RefusedInput);
  const message = (error as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
}

describe('the images source', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeFolder();
  });

  it('reads every image, its class from its first-level folder, in code-unit path order', async () => {
    const { dataset, inputs } = await load(dir, { size: 10 });
    expect(dataset.classNames).toEqual(['circles', 'squares', 'triangles']);
    expect(inputs.map((i) => i.path.slice(dir.length + 1))).toEqual([
      'circles/a.png',
      'circles/b.jpg',
      'circles/c.png',
      'circles/deep/er/d.png',
      'squares/e.png',
      'squares/f.png',
      'squares/g.jpeg',
      'squares/h.png',
      'triangles/i.png',
      'triangles/j.webp',
      'triangles/k.gif',
    ]);
    expect([...dataset.labels]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
    expect([...dataset.ids]).toEqual([...Array(11).keys()]);
    // Metadata columns for people: the path relative to dir (forward slashes) and the class name.
    expect(dataset.columns?.map((c) => c.name)).toEqual(['path', 'category']);
    expect(dataset.columns?.[0].values).toEqual(inputs.map((i) => i.path.slice(dir.length + 1)));
    expect(dataset.columns?.[1].values).toEqual(
      Array.from(dataset.labels, (l) => dataset.classNames[l]),
    );
    expect(dataset.channels).toBeUndefined();
    expect(dataset.pixels.length).toBe(11 * 100);
    expect(inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes grey levels from colour, and paints transparency with the background', async () => {
    const { dataset } = await load(dir, { size: [4, 6], fit: 'cover' });
    expect([dataset.rows, dataset.cols]).toEqual([4, 6]);
    const px = (i: number) => [...dataset.pixels.subarray(i * 24, (i + 1) * 24)];
    // Solid black (i.png) stays black, solid white (g.jpeg) white, transparent (c.png) white.
    expect(new Set(px(8))).toEqual(new Set([0]));
    expect(Math.min(...px(6))).toBeGreaterThan(250);
    expect(new Set(px(2))).toEqual(new Set([255]));
    // Half-transparent grey 90 over white lies between.
    expect(px(7)[0]).toBeGreaterThan(150);
    expect(px(7)[0]).toBeLessThan(190);
    const black = await load(dir, { size: [4, 6], fit: 'cover', background: '#000000' });
    expect(new Set(black.dataset.pixels.subarray(2 * 24, 3 * 24))).toEqual(new Set([0]));
  });

  it('pads with the background to contain, crops to cover', async () => {
    // i.png is 9 wide, 31 high and black: contained in 10×10 it is a black bar on white.
    const contain = await load(dir, { size: 10 });
    const row = [...contain.dataset.pixels.subarray(8 * 100 + 50, 8 * 100 + 60)];
    expect(row[0]).toBe(255);
    expect(row[5]).toBe(0);
    const cover = await load(dir, { size: 10, fit: 'cover' });
    expect(new Set(cover.dataset.pixels.subarray(800, 900))).toEqual(new Set([0]));
  });

  it('gives interleaved RGB with channels: 3', async () => {
    const { dataset } = await load(dir, { size: 2, channels: 3 });
    expect(dataset.channels).toBe(3);
    expect(dataset.pixels.length).toBe(11 * 12);
    // a.png is red, b.jpg blue (JPEG: nearly).
    expect([...dataset.pixels.subarray(0, 3)]).toEqual([255, 0, 0]);
    const [r, g, b] = dataset.pixels.subarray(12, 15);
    expect(b).toBeGreaterThan(240);
    expect(Math.max(r, g)).toBeLessThan(15);
  });

  it('holds out a stratified test fraction, by seed', async () => {
    const a = await load(dir, { size: 4, test: 0.5 }, ctx(1));
    const counts = [0, 1, 2].map(
      (c) => [...a.dataset.splits].filter((s, i) => s === 1 && a.dataset.labels[i] === c).length,
    );
    expect(counts).toEqual([2, 2, 2]); // round(4·0.5), round(4·0.5), round(3·0.5)
    const none = await load(dir, { size: 4, test: 0 });
    expect(none.dataset.splits.every((s) => s === 0)).toBe(true);
    const seeds = await Promise.all(
      [2, 3, 4, 5].map((s) => load(dir, { size: 4, test: 0.5 }, ctx(s))),
    );
    expect(new Set(seeds.map((r) => r.dataset.splits.join(''))).size).toBeGreaterThan(1);
  });

  it('reads only the listed extensions, and only first-level folders unless recursive', async () => {
    const png = await load(dir, { size: 4, extensions: ['PNG'] });
    expect(png.inputs.map((i) => i.path.slice(-5))).toEqual([
      'a.png',
      'c.png',
      'd.png',
      'e.png',
      'f.png',
      'h.png',
      'i.png',
    ]);
    const flat = await load(dir, { size: 4, recursive: false });
    expect(flat.inputs.some((i) => i.path.endsWith('d.png'))).toBe(false);
    expect(flat.inputs).toHaveLength(10);
  });

  it('takes classes from a labels CSV, paths relative to dir', async () => {
    const csv = join(fresh('csv'), 'labels.csv');
    writeFileSync(
      csv,
      'file,label\ncircles/a.png,warm\nsquares/f.png,warm\ntriangles/i.png,cold\ncircles/b.jpg,cold\n',
    );
    const { dataset, inputs } = await load(dir, { size: 4, labels: csv });
    expect(dataset.classNames).toEqual(['cold', 'warm']);
    expect(inputs.map((i) => i.path.slice(dir.length + 1))).toEqual([
      'circles/a.png',
      'circles/b.jpg',
      'squares/f.png',
      'triangles/i.png',
    ]);
    expect([...dataset.labels]).toEqual([1, 0, 1, 0]);
    expect(dataset.columns?.[1]).toEqual({
      name: 'category',
      kind: 'text',
      values: ['warm', 'cold', 'warm', 'cold'],
    });
    writeFileSync(csv, 'circles/a.png warm\n');
    expect(await refusal(load(dir, { labels: csv }))).toMatch(
      /labels\.csv:1: expected 2 fields file,label, got 1 .*give both, separated by a comma/,
    );
  });

  it('reads real CSV labels: BOM, CRLF, quoted names with commas and quotes', async () => {
    const d = fresh('quoted');
    await write(join(d, 'x', 'a, b.png'), solid(4, 4, [0, 0, 0]));
    await write(join(d, 'x', 'say "hi".png'), solid(4, 4, [255, 255, 255]));
    await write(join(d, 'x', 'plain.png'), solid(4, 4, [9, 9, 9]));
    const csv = join(d, 'labels.csv');
    writeFileSync(
      csv,
      '\uFEFFfile,label\r\n"x/a, b.png",dark\r\n"x/say ""hi"".png","light, bright"\r\n\r\nx/plain.png,dark\r\n',
    );
    const { dataset, inputs } = await load(d, { size: 2, labels: csv });
    expect(inputs.map((i) => i.path.slice(d.length + 1))).toEqual([
      'x/a, b.png',
      'x/plain.png',
      'x/say "hi".png',
    ]);
    expect(dataset.classNames).toEqual(['dark', 'light, bright']);
    expect([...dataset.labels]).toEqual([0, 0, 1]);
    // An unquoted comma in a name makes three fields: the row is named, with the fix.
    writeFileSync(csv, 'file,label\nx/plain.png,dark\nx/a, b.png,dark\n');
    expect(await refusal(load(d, { labels: csv }))).toMatch(
      /labels\.csv:3: expected 2 fields file,label, got 3 .*quote a file name holding commas/,
    );
    // A quote left open is not CSV: named by file and line.
    writeFileSync(csv, 'file,label\nx/plain.png,dark\n"x/a, b.png,dark\n');
    expect(await refusal(load(d, { labels: csv }))).toMatch(/labels\.csv:\d+: not valid CSV/);
  });

  it('decodes files with the same bytes once, and gives each its own row', async () => {
    const d = fresh('dupes');
    await write(join(d, 'a', '1.png'), solid(6, 6, [255, 0, 0]));
    await write(join(d, 'b', '2.png'), solid(6, 6, [0, 0, 255]));
    symlinkSync(join(d, 'a', '1.png'), join(d, 'b', 'link.png'));
    writeFileSync(join(d, 'b', 'copy.png'), readFileSync(join(d, 'a', '1.png')));
    const { dataset, inputs } = await load(d, { size: 2, channels: 3 });
    expect(inputs.map((i) => i.path.slice(d.length + 1))).toEqual([
      'a/1.png',
      'b/2.png',
      'b/copy.png',
      'b/link.png',
    ]);
    expect(new Set(inputs.map((i) => i.sha256)).size).toBe(2);
    expect([...dataset.labels]).toEqual([0, 1, 1, 1]);
    const rgb = (i: number) => [...dataset.pixels.subarray(i * 12, i * 12 + 3)];
    expect([rgb(0), rgb(1), rgb(2), rgb(3)]).toEqual([
      [255, 0, 0],
      [0, 0, 255],
      [255, 0, 0],
      [255, 0, 0],
    ]);
  });

  it('reads only what the decoder reads by default', () => {
    const readable = Object.entries(sharp.format)
      .filter(([, f]) => f.input.buffer)
      .map(([id]) => id);
    const formatOf: Record<string, string> = {
      jpg: 'jpeg',
      jpeg: 'jpeg',
      tif: 'tiff',
      avif: 'heif',
    };
    for (const ext of IMAGE_EXTENSIONS) expect(readable).toContain(formatOf[ext] ?? ext);
    expect(IMAGE_EXTENSIONS).not.toContain('bmp');
  });

  it('writes the same dataset.arrow bytes twice, and records channels only for colour', async () => {
    const config = { source: 'images' as const, dir, size: 8 };
    const a = await runDataStage({ config, outDir: fresh('out') });
    const b = await runDataStage({ config, outDir: fresh('out') });
    expect(readFileSync(a.path).equals(readFileSync(b.path))).toBe(true);
    const table = readArrowFile(a.path);
    expect(table.schema.metadata.has('channels')).toBe(false);
    expect(datasetMetadata(table).provenance.inputs).toHaveLength(11);
    const rgb = await runDataStage({ config: { ...config, channels: 3 }, outDir: fresh('out') });
    const colour = readArrowFile(rgb.path);
    expect(colour.schema.metadata.get('channels')).toBe('3');
    expect(tableToDataset(colour).pixels.length).toBe(11 * 64 * 3);
    // The columns travel through dataset.arrow as they were made.
    const read = tableToDataset(table).columns!;
    expect(read.map((c) => [c.name, c.kind, c.values[3]])).toEqual([
      ['path', 'text', 'circles/deep/er/d.png'],
      ['category', 'text', 'circles'],
    ]);
  });
});

describe('the images source on decoding threads', () => {
  it('gives the same rows on 1, 2 or 3 threads, and decodes an image over the shared limit alone', async () => {
    const dir = await makeFolder();
    // 4,001 × 4,000 pixels: over SHARED_PIXEL_LIMIT, so decoded after the others, alone.
    await write(join(dir, 'squares', 'wide.png'), solid(4001, 4000, [40, 80, 120]));
    const runs = [];
    for (const threads of [1, 2, 3]) {
      const { dataset, inputs } = await loadImages({ dir, size: [5, 7], channels: 3 }, ctx(), {
        threads,
      });
      runs.push({ dataset, inputs });
    }
    const [one, ...more] = runs;
    expect(one.inputs[8].path).toBe(join(dir, 'squares', 'wide.png'));
    const centre = 8 * 105 + (2 * 7 + 3) * 3; // row 2, column 3 (the sides are padding)
    expect([...one.dataset.pixels.subarray(centre, centre + 3)]).toEqual([40, 80, 120]);
    for (const other of more) expect(other).toEqual(one);
  });

  it('names each bad file by its own reason, and refuses the first in path order', async () => {
    const dir = fresh('threads-bad');
    const good = await solid(60, 40, [0, 90, 0]).png().toBuffer();
    for (let k = 0; k < 36; k++) {
      const name = join(dir, k % 2 ? 'b' : 'a', `${String(k).padStart(2, '0')}.png`);
      mkdirSync(dirname(name), { recursive: true });
      // Every third one cut short: a corrupt image among good ones, decoded side by side.
      writeFileSync(name, k % 3 === 1 ? good.subarray(0, 40 + k) : good);
    }
    // One load at a time: libvips' error log is one for the whole process.
    const skipped = [];
    for (const threads of [1, 2, 2, 3])
      skipped.push(
        (await loadImages({ dir, size: 4, onError: 'skip' }, ctx(), { threads })).skipped,
      );
    expect(skipped[0]).toHaveLength(12);
    expect(skipped[0]!.every((s) => /^corrupt image \(\w/.test(s.reason))).toBe(true);
    for (const other of skipped.slice(1)) expect(other).toEqual(skipped[0]);
    for (const threads of [1, 2])
      expect(await refusal(loadImages({ dir, size: 4 }, ctx(), { threads }))).toMatch(
        new RegExp(`^${join(dir, 'a', '04.png')}: corrupt image`),
      );
  });
});

describe('shrinking, against sharp (the reference)', () => {
  /** A drawing with edges, gradients, text and half-transparent parts, as clip art has. */
  const drawing = (w: number, h: number) =>
    sharp(
      Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
        <defs><linearGradient id="g"><stop offset="0" stop-color="#f80"/><stop offset="1" stop-color="#08f"/></linearGradient></defs>
        <rect x="10" y="12" width="${w - 40}" height="${h / 2}" fill="url(#g)"/>
        <circle cx="${w / 2}" cy="${h / 2}" r="${h / 3}" fill="#2a2" fill-opacity="0.5" stroke="#000" stroke-width="5"/>
        <text x="20" y="${h - 20}" font-size="40" fill="#c00">Ab</text>
      </svg>`),
    )
      .png()
      .toBuffer();

  it.each([
    [1, 'contain'],
    [3, 'contain'],
    [3, 'cover'],
  ] as const)(
    '%i channel(s), %s: within a few levels of libvips flatten + Lanczos 3',
    async (channels, fit) => {
      const bytes = await drawing(301, 187);
      const g = { height: 32, width: 24, channels, fit, background: '#336699' } as const;
      const ours = new Uint8Array(g.height * g.width * channels);
      await decodeInto(bytes, g, ours);
      const resized = sharp(bytes).flatten({ background: g.background }).resize({
        height: g.height,
        width: g.width,
        fit,
        background: g.background,
        kernel: 'lanczos3',
      });
      const reference = await (
        channels === 1 ? resized.toColourspace('b-w') : resized.toColourspace('srgb')
      )
        .raw()
        .toBuffer();
      expect(reference.length).toBe(ours.length);
      const diffs = [...ours].map((v, i) => Math.abs(v - reference[i])).sort((a, b) => a - b);
      const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
      // A box average has no Lanczos overshoot at edges: small differences there, none elsewhere.
      expect(mean).toBeLessThan(4);
      expect(diffs[Math.floor(diffs.length * 0.95)]).toBeLessThan(16);
    },
  );
});

describe('the images source refuses bad input in one line naming the file', () => {
  /** Two good classes, plus `extra` written into them. */
  async function folderWith(extra: (dir: string) => Promise<void> | void): Promise<string> {
    const dir = fresh('bad');
    await write(join(dir, 'a', '1.png'), solid(5, 5, [0, 0, 0]));
    await write(join(dir, 'b', '2.png'), solid(5, 5, [255, 255, 255]));
    await extra(dir);
    return dir;
  }

  const cases: [string, (dir: string) => Promise<void> | void, string, RegExp][] = [
    [
      'a zero-byte image',
      (d) => writeFileSync(join(d, 'a', 'empty.png'), ''),
      'a/empty.png',
      /empty file \(0 bytes\)/,
    ],
    [
      'a corrupt image',
      async (d) => {
        const bytes = await solid(50, 50, [1, 2, 3]).png().toBuffer();
        writeFileSync(join(d, 'a', 'cut.png'), bytes.subarray(0, bytes.length / 2));
      },
      'a/cut.png',
      /corrupt image/,
    ],
    [
      'a file that is not an image',
      (d) => writeFileSync(join(d, 'b', 'text.jpg'), 'hello, I am text'),
      'b/text.jpg',
      /not an image sharp can read/,
    ],
    [
      'an image over the pixel limit',
      // A PNG whose header says 10,001 × 10,000 pixels (nothing else follows: it is refused first).
      (d) => writeFileSync(join(d, 'b', 'huge.png'), pngHeader(10_001, 10_000)),
      'b/huge.png',
      /10001×10000 = 100,010,000 pixels, over the limit of 100,000,000/,
    ],
    ['a symlink loop', (d) => symlinkSync('..', join(d, 'a', 'loop')), 'a/loop', /symlink loop/],
    [
      'a broken link',
      (d) => symlinkSync('nowhere.png', join(d, 'b', 'gone.png')),
      'b/gone.png',
      /not found \(a broken link/,
    ],
  ];

  it.each(cases)('%s', async (_what, extra, file, reason) => {
    const dir = await folderWith(extra);
    const out = fresh('out');
    const message = await refusal(
      runDataStage({ config: { source: 'images', dir, size: 4 }, outDir: out }),
    );
    expect(message.startsWith(join(dir, file))).toBe(true);
    expect(message).toMatch(reason);
    expect(existsSync(join(out, 'dataset.arrow'))).toBe(false);
  });

  it('with onError: skip, leaves out every bad file, listing each in a warning and the provenance', async () => {
    const dir = await folderWith(async (d) => {
      for (const [, extra] of cases) await extra(d);
    });
    const progress = recordingProgress();
    const result = await runDataStage({
      config: { source: 'images', dir, size: 4, onError: 'skip' },
      outDir: fresh('out'),
      progress,
    });
    expect(result.rows).toBe(2);
    const files = cases.map(([, , file]) => file).sort();
    const { provenance } = datasetMetadata(readArrowFile(result.path));
    const skipped = provenance.skipped as { path: string; reason: string }[];
    expect(skipped.map((s) => s.path.slice(dir.length + 1)).sort()).toEqual(files);
    const warning = progress.logs.find((l) => l.includes('skipped'))!;
    for (const file of files) expect(warning).toContain(file);
  });

  it('a folder with no images, or with one class', async () => {
    const empty = fresh('empty');
    mkdirSync(join(empty, 'a'));
    writeFileSync(join(empty, 'a', 'x.txt'), 'no image');
    expect(await refusal(load(empty))).toMatch(/: no images .*sub-folder/);
    const one = fresh('one');
    await write(join(one, 'only', '1.png'), solid(3, 3, [0, 0, 0]));
    expect(await refusal(load(one))).toMatch(/only one class \("only"\)/);
    expect(await refusal(load(join(one, 'nowhere')))).toMatch(/nowhere: not a folder/);
  });

  it('an unreadable file, met by a user who may not read it (root reads anything)', async () => {
    const dir = await folderWith((d) => writeFileSync(join(d, 'a', 'locked.png'), 'x'));
    const locked = join(dir, 'a', 'locked.png');
    chmodSync(locked, 0o000);
    // The process below drops root for nobody: it must be able to walk the folder to the file.
    chmodSync(root, 0o755);
    const printed = await loadInProcess(dir);
    expect(printed).toBe(`${locked}: cannot be read (EACCES); fix its permissions or remove it\n`);
  });
});
