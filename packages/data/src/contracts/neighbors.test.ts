import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { RefusedInput } from '../io/refusedInput';
import { NeighborList, neighborsToTable, tableToNeighbors } from './neighbors';

const meta = { stage: 'neighbors', version: '0', config: {}, provenance: { inputs: [] } };

/** Through real IPC file bytes and back, as a stage writes and the next one reads. */
const roundTrip = (table: ReturnType<typeof neighborsToTable>) =>
  tableFromIPC(tableToIPC(table, 'file'));

describe('neighbors.arrow', () => {
  const ids = Int32Array.from([40, 10, 30, 20]);
  // Rows 0..3; each row's two nearest other rows.
  const neighbors: NeighborList = {
    n: 4,
    k: 2,
    indices: Int32Array.from([1, 2, 0, 3, 3, 0, 2, 1]),
    distances: Float32Array.from([1, 2, 1, 1.5, 0.5, 2, 0.5, 1.5]),
  };

  it('stores neighbours as ids and reads them back as rows', () => {
    const table = neighborsToTable({ ids, neighbors, method: 'exact' }, meta);
    const stored = table
      .getChild('neighbors')!
      .toArray()
      .flatMap((v: Int32Array) => [...v]);
    expect(stored).toEqual([10, 30, 40, 20, 20, 40, 30, 10]);
    const read = tableToNeighbors(roundTrip(table));
    expect([...read.ids]).toEqual([...ids]);
    expect(read.method).toBe('exact');
    expect(read.neighbors.n).toBe(4);
    expect(read.neighbors.k).toBe(2);
    expect([...read.neighbors.indices]).toEqual([...neighbors.indices]);
    expect([...read.neighbors.distances]).toEqual([...neighbors.distances]);
  });

  it('refuses a neighbour id without a row of its own, naming the row', () => {
    const table = neighborsToTable({ ids, neighbors, method: 'exact' }, meta);
    const dangling = neighborsToTable(
      { ids: Int32Array.from([40, 10, 30, 21]), neighbors, method: 'exact' },
      meta,
    );
    // Same ids column as `table` but row 3 is 21, so the 20s listed by rows 1 and 2 dangle.
    expect(() => tableToNeighbors(table)).not.toThrow();
    const bad = table.assign(dangling.select(['id']));
    const read = () => tableToNeighbors(bad, 'n/neighbors.arrow');
    expect(read).toThrow(RefusedInput);
    expect(read).toThrow(
      'n/neighbors.arrow: row 1 (counted from 0) lists neighbour id 20, which has no row of its own; re-run the neighbours stage',
    );
  });

  it('needs one id per row of the list', () => {
    expect(() =>
      neighborsToTable({ ids: ids.subarray(0, 3), neighbors, method: 'exact' }, meta),
    ).toThrow('3 ids for a neighbour list of 4 rows');
  });
});
