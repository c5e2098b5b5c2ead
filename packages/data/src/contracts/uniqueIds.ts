import { RefusedInput } from '../io/refusedInput';

/**
 * `ids` as read from `file`, after checking that no id repeats: every later stage pairs rows by
 * id, so a repeated one would surface far downstream, or silently pair the wrong rows.
 */
export function uniqueIds(ids: Int32Array, file: string): Int32Array {
  const firstRow = new Map<number, number>();
  for (let row = 0; row < ids.length; row++) {
    const first = firstRow.get(ids[row]);
    if (first !== undefined) {
      throw new RefusedInput(
        `${file}: id ${ids[row]} appears more than once (rows ${first} and ${row}, counted from 0); ids must be unique: re-run the stage that wrote it from a correct input`,
      );
    }
    firstRow.set(ids[row], row);
  }
  return ids;
}
