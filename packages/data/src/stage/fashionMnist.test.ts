import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetMetadata, tableToDataset } from '../contracts/dataset';
import { readArrowFile } from '../io/arrowFile';
import { FASHION_MNIST } from '../sources/catalog';
import { runDataStage } from './dataStage';

const installed = existsSync(FASHION_MNIST.systemDir!);
// CI installs Debian's dataset-fashion-mnist (.ci/run): there the test must run, not skip.
const describeInstalled = installed || process.env.CI ? describe : describe.skip;

describeInstalled('fashion-mnist from Debian (dataset-fashion-mnist)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'latentlens-fashion-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts all 70,000 images: 60,000 train, 10,000 test, 7,000 per class, without touching the network', async () => {
    const cacheDir = join(dir, 'cache');
    const result = await runDataStage({
      config: { source: 'fashion-mnist' },
      outDir: join(dir, 'out'),
      cacheDir,
    });
    expect(result.perSplit).toEqual({ train: 60000, test: 10000 });
    expect(existsSync(cacheDir)).toBe(false);
    expect(readdirSync(join(dir, 'out'))).toEqual(['dataset.arrow']);

    const table = readArrowFile(result.path);
    const ds = tableToDataset(table);
    expect(ds.ids.length).toBe(70000);
    expect([ds.rows, ds.cols]).toEqual([28, 28]);
    expect(ds.classNames).toEqual(FASHION_MNIST.classNames);
    const perClass = new Array(10).fill(0);
    ds.labels.forEach((l) => perClass[l]++);
    expect(perClass).toEqual(new Array(10).fill(7000));
    // The first training image of Fashion-MNIST is an ankle boot.
    expect(ds.classNames[ds.labels[0]]).toBe('Ankle boot');

    const provenance = datasetMetadata(table).provenance;
    expect(provenance.source).toBe('fashion-mnist');
    expect(provenance.inputs.map((i) => i.path)).toEqual(
      [
        'train-images-idx3-ubyte.gz',
        'train-labels-idx1-ubyte.gz',
        't10k-images-idx3-ubyte.gz',
        't10k-labels-idx1-ubyte.gz',
      ].map((name) => join(FASHION_MNIST.systemDir!, name)),
    );
    for (const input of provenance.inputs) expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
