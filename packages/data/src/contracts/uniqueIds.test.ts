import { RefusedInput } from '../io/refusedInput';
import { datasetToTable, tableToDataset } from './dataset';
import { embeddingsToTable, tableToEmbeddings } from './embeddings';

const meta = { stage: 'test', version: '0', config: {}, provenance: { inputs: [] } };

function embeddings(ids: number[]) {
  const n = ids.length;
  return embeddingsToTable(
    {
      ids: Int32Array.from(ids),
      splits: new Uint8Array(n),
      labels: new Uint8Array(n),
      values: new Float32Array(2 * n),
      dim: 2,
      reconstructionError: new Float32Array(n),
    },
    meta,
  );
}

describe('ids read from an artifact must be unique', () => {
  it.each([
    [[4, 4, 4, 4], 4, 0, 1],
    [[0, 1, 2, 3, 1], 1, 1, 4],
    [[10, 20, 30, 40, 50, 30, 20], 30, 2, 5],
    [[-1, 7, -1], -1, 0, 2],
  ])('embeddings %j: id %d, rows %d and %d', (ids, id, first, second) => {
    const read = () => tableToEmbeddings(embeddings(ids), 'enc/embeddings.arrow');
    expect(read).toThrow(RefusedInput);
    expect(read).toThrow(
      `enc/embeddings.arrow: id ${id} appears more than once (rows ${first} and ${second}, counted from 0); ids must be unique: re-run the stage that wrote it from a correct input`,
    );
  });

  it('accepts distinct ids in any order', () => {
    expect([...tableToEmbeddings(embeddings([5, 3, 9, 0])).ids]).toEqual([5, 3, 9, 0]);
  });

  it('holds for dataset.arrow too', () => {
    const table = datasetToTable(
      {
        ids: Int32Array.from([1, 2, 1]),
        splits: new Uint8Array(3),
        labels: new Uint8Array(3),
        pixels: new Uint8Array(3 * 4),
        rows: 2,
        cols: 2,
        classNames: ['a'],
        source: 'test',
      },
      meta,
    );
    expect(() => tableToDataset(table, 'd.arrow')).toThrow(
      /^d\.arrow: id 1 appears more than once \(rows 0 and 2/,
    );
  });
});
