import { DATASET_FILE, EMBEDDINGS_FILE } from '../../../data/src/stage/dataStage';
import { ENCODE_FILES } from '../../../model/src/stage/encodeStage';
import { TRAIN_FILES } from '../../../model/src/stage/trainStage';
import { NEIGHBORS_FILE } from '../../../reduce/src/stage/neighborsStage';
import { PROJECTION_FILE } from '../../../reduce/src/stage/reduceStage';
import { pipelineSchema } from './pipelineSchema';
import { outputPath } from './paths';
import { OUTPUTS, STAGES, outputOf, stageIds } from './stages';
import { checkValue } from './validate';
import { Field, Rule } from '@latentlens/data';

describe('the stage table', () => {
  it('names the files that the stage packages write', () => {
    expect(OUTPUTS).toEqual({
      dataset: { stage: 'data', file: DATASET_FILE },
      model: { stage: 'train', file: TRAIN_FILES.model, folder: true },
      history: { stage: 'train', file: TRAIN_FILES.history },
      embeddings: { stage: 'encode', file: ENCODE_FILES.embeddings, vectorsStage: 'data' },
      reconstructions: { stage: 'encode', file: ENCODE_FILES.reconstructions },
      neighbors: { stage: 'neighbors', file: NEIGHBORS_FILE },
      projection: { stage: 'reduce', file: PROJECTION_FILE },
    });
    // A table's data stage writes its vectors under the name encode uses.
    expect(EMBEDDINGS_FILE).toBe(ENCODE_FILES.embeddings);
    expect(outputOf('embeddings', 'vectors')).toMatchObject({ stage: 'data' });
    expect(outputPath('/r', 'p', 'embeddings', undefined, 'vectors')).toBe(
      '/r/artifacts/p/data/embeddings.arrow',
    );
    expect(outputPath('/r', 'p', 'embeddings')).toBe('/r/artifacts/p/encode/embeddings.arrow');
  });

  it('has one row per stage kind, each reading only what earlier rows write', () => {
    const kinds = STAGES.map((s) => s.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    STAGES.forEach((row, i) => {
      for (const output of row.reads) expect(kinds.indexOf(OUTPUTS[output].stage)).toBeLessThan(i);
    });
  });

  it("orders a pipeline: one stage per row in the rows' order, one per reduction in the YAML's", () => {
    // Spelled out from the rows, so that a new row changes no test but its own.
    const expected = STAGES.flatMap((s) =>
      s.kind === 'reduce' ? ['reduce.tsne', 'reduce.b'] : [s.kind],
    );
    expect(expected.slice(0, 3)).toEqual(['data', 'train', 'encode']);
    expect(expected.at(-1)).toBe('export');
    expect(
      stageIds({ reduce: { tsne: { method: 'pca', dims: 3 }, b: { method: 'pca', dims: 2 } } }),
    ).toEqual(expected);
    // A pipeline of vectors has no train or encode stage.
    expect(
      stageIds({ data: { source: 'table' }, reduce: { p: { method: 'pca', dims: 2 } } }),
    ).toEqual(
      expected
        .filter((id) => id !== 'train' && id !== 'encode')
        .map((id) => (id === 'reduce.tsne' ? 'reduce.p' : id))
        .filter((id) => id !== 'reduce.b'),
    );
  });
});

describe('the pipeline schema', () => {
  /** Every field with a default, with the path it sits at. */
  function defaults(rule: Rule, path: string): [string, Field][] {
    if (rule.kind === 'object')
      return Object.entries(rule.fields).flatMap(([key, f]) => [
        ...(f.default !== undefined ? [[`${path}.${key}`, f] as [string, Field]] : []),
        ...defaults(f.rule, `${path}.${key}`),
      ]);
    if (rule.kind === 'map' || rule.kind === 'list') return defaults(rule.of, `${path}[]`);
    if (rule.kind === 'variant')
      return Object.entries(rule.variants).flatMap(([k, v]) => defaults(v, `${path}<${k}>`));
    return [];
  }

  it('gives every key a default that its own rule accepts', () => {
    const found = defaults(pipelineSchema, '');
    expect(found.length).toBeGreaterThan(30);
    for (const [path, f] of found)
      expect([path, checkValue(f.default, f.rule).issues]).toEqual([path, []]);
  });
});
