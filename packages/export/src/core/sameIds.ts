/** Whether two artifacts list the same image ids in the same order, so rows can be paired. */
export function sameIds(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((id, r) => id === b[r]);
}
