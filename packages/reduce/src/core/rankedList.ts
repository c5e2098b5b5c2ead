/**
 * Offers (dist, id) to the list of the k best held at `base` in `dists`/`ids`, kept ascending by
 * (distance, id) so that ties break the same way in every search. It goes in unless it ranks
 * after the last entry, which it then replaces.
 */
export function offerRanked(
  dists: Float64Array,
  ids: Int32Array,
  base: number,
  k: number,
  dist: number,
  id: number,
): void {
  let p = base + k - 1;
  if (dists[p] < dist || (dists[p] === dist && ids[p] >= 0 && ids[p] < id)) return;
  while (p > base && (dists[p - 1] > dist || (dists[p - 1] === dist && ids[p - 1] > id))) {
    dists[p] = dists[p - 1];
    ids[p] = ids[p - 1];
    p--;
  }
  dists[p] = dist;
  ids[p] = id;
}
