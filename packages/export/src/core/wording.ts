/**
 * How methods and ratios are written for people, shared by the figures, the report and the
 * browser viewer (so this file imports nothing).
 */

/**
 * A reduction method's names for people, as reduce's method registry declares them. The export
 * may import only @latentlens/data, so the CLI passes them in (`runExportStage`'s `methods`).
 */
export interface MethodNames {
  /** e.g. `t-SNE`. */
  displayName: string;
  /** Axis titles are this and the axis number, e.g. `PC 1`. */
  axisLabel: string;
}

/** A projection's method for people: its display name, or its id when none was given. */
export function methodName(p: { method: string; displayName?: string }): string {
  return p.displayName ?? p.method;
}

/** A ratio as a percentage with one decimal, e.g. 19.8%. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
