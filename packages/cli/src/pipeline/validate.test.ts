import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError, parsePipeline } from './load';
import { stageIds } from './stages';

const ROOT = join(__dirname, '..', '..', '..', '..');

function errorsOf(text: string): string[] {
  try {
    parsePipeline(text, 'pipelines/test.yaml');
  } catch (error) {
    if (error instanceof PipelineError) return error.lines;
    throw error;
  }
  throw new Error('expected the pipeline to be rejected');
}

describe('pipeline validation', () => {
  it('accepts the shipped pipelines and fills in the seed defaults', () => {
    for (const [name, splits] of [
      ['mnist', ['test']],
      ['fashion-mnist', ['train', 'test']], // all 70,000 images
    ] as const) {
      const file = `pipelines/${name}.yaml`;
      const p = parsePipeline(readFileSync(join(ROOT, file), 'utf8'), file);
      expect(p.name).toBe(name);
      expect(p.config.train).toMatchObject({
        dims: [784, 256, 64],
        tiedWeights: true,
        activation: 'tanh',
        batchSize: 50,
        epochs: 30,
        learningRate: 0.001,
      });
      expect(p.config.reduce.tsne).toMatchObject({
        method: 'tsne',
        perplexity: 25,
        learningRate: 'auto',
        seed: 0,
      });
      expect(p.config.reduce.pca).toMatchObject({ method: 'pca', dims: 3 });
      expect(p.config.encode.splits).toEqual(splits);
    }
  });

  it('names the line and column of an unknown key and suggests the right one', () => {
    const lines = errorsOf(
      'data:\n  source: bundled\nreduce:\n  tsne:\n    method: tsne\n    perplexty: 30\n',
    );
    expect(lines).toEqual([
      'pipelines/test.yaml:6:5: reduce.tsne: unknown key "perplexty" (did you mean "perplexity"?)',
    ]);
  });

  it('reports a wrong type with what to write instead', () => {
    const lines = errorsOf('train:\n  epochs: many\n');
    expect(lines).toEqual([
      'pipelines/test.yaml:2:11: train.epochs: expected a whole number from 1 to 100000, found "many" (write a whole number from 1 to 100000)',
    ]);
  });

  it('reports an out-of-range value and an unknown method', () => {
    const lines = errorsOf(
      'reduce:\n  a: { method: tsne, perplexity: 0 }\n  b: { method: isomap }\n',
    );
    expect(lines[0]).toBe(
      'pipelines/test.yaml:2:34: reduce.a.perplexity: 0 is out of range (use a number from 1 to 200)',
    );
    expect(lines[1]).toMatch(
      /^pipelines\/test\.yaml:3:16: reduce\.b\.method: unknown method "isomap" \(set method to one of "tsne", "tsne-exact", "pca", "umap"\)$/,
    );
  });

  it('accepts the clipart pipeline (the images source), and checks its keys by the same schema', () => {
    const file = 'pipelines/clipart.yaml';
    const p = parsePipeline(readFileSync(join(ROOT, file), 'utf8'), file);
    expect(p.config.data).toMatchObject({
      source: 'images',
      size: [32, 32],
      channels: 3,
      onError: 'skip',
    });
    // A conv model without dims: the train stage starts it with the value count (32×32×3).
    expect(p.config.train).toMatchObject({ kind: 'conv', filters: [8, 16] });
    expect(p.config.train.dims).toBeUndefined();
    const lines = errorsOf(
      'data:\n  source: images\n  dir: x\n  size: [0, 32]\n  channels: 2\n  fit: stretch\n',
    );
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^pipelines\/test\.yaml:4:9: data\.size/);
    expect(lines[1]).toMatch(
      /^pipelines\/test\.yaml:5:13: data\.channels: .*1 \(grey\) or 3 \(RGB\)/,
    );
    expect(lines[2]).toMatch(/^pipelines\/test\.yaml:6:8: data\.fit: .*"contain", "cover"/);
  });

  it('accepts the penguins pipeline (a table of vectors) with no train or encode stage', () => {
    const file = 'pipelines/penguins.yaml';
    const p = parsePipeline(readFileSync(join(ROOT, file), 'utf8'), file);
    expect(p.config.data).toMatchObject({ source: 'table', label: 'species', standardize: true });
    expect(stageIds(p.config)).toEqual([
      'data',
      'neighbors',
      'reduce.pca',
      'reduce.tsne',
      'reduce.umap',
      'export',
    ]);
  });

  it('refuses train and encode sections over a table, at their line and column', () => {
    expect(
      errorsOf(
        'data:\n  source: table\n  path: v.parquet\nencode:\n  splits: [test]\n  # x\n\ntrain:\n  epochs: 2\n',
      ),
    ).toEqual([
      'pipelines/test.yaml:4:1: encode: a pipeline over a table of vectors (data: { source: table }) has no encode stage: its vectors go straight to neighbors and reduce (remove the encode: section, or use a source of images)',
      'pipelines/test.yaml:8:1: train: a pipeline over a table of vectors (data: { source: table }) has no train stage: its vectors go straight to neighbors and reduce (remove the train: section, or use a source of images)',
    ]);
  });

  it('reports invalid YAML syntax with its position', () => {
    const lines = errorsOf('train:\n  epochs: [1, 2\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^pipelines\/test\.yaml:\d+:\d+: invalid YAML: .+ \(fix the YAML syntax\)$/,
    );
  });

  it('rejects a reduction name that cannot be a target name', () => {
    const lines = errorsOf('reduce:\n  T_SNE: { method: tsne }\n');
    expect(lines[0]).toMatch(/^pipelines\/test\.yaml:2:3: .*"T_SNE" is not a valid name/);
  });
});

describe('defaults', () => {
  it("fills an absent section with its fields' defaults", () => {
    const p = parsePipeline('data: { source: bundled }\n', 'pipelines/test.yaml');
    expect(p.config.encode.splits).toEqual(['test']);
    expect(p.config.neighbors).toEqual({ k: 10, method: 'auto' });
    expect(p.config.train.epochs).toBe(30);
    expect(p.config.export).toEqual({
      invertSprite: false,
      rawPixels: false,
      figures: true,
      projectorBaseUrl: 'http://localhost:8080/',
    });
  });
});
