/**
 * How methods and ratios are written for people, shared by the figures, the report and the
 * browser viewer (so this file imports nothing).
 */
const METHOD_NAMES: Record<string, string> = {
  tsne: 't-SNE',
  'tsne-exact': 'exact t-SNE',
  pca: 'PCA',
  umap: 'UMAP',
};

export function methodName(method: string): string {
  return METHOD_NAMES[method] ?? method;
}

/** A ratio as a percentage with one decimal, e.g. 19.8%. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
