import { methodName, percent } from '../../../src/core/wording';
import type { ViewerProjection } from '../../../src/viewer/viewerManifest';
import { formatNumber, h, setChildren } from '../dom';

const QUALITY_NAMES: Record<string, string> = {
  knn10: '10-NN label accuracy',
  trustworthiness10: 'trustworthiness (k = 10)',
};

const STAT_NAMES: Record<string, string> = { kl: 'final KL divergence', iterations: 'iterations' };

function list(entries: [string, unknown][]): HTMLElement {
  return h(
    'dl',
    {},
    ...entries.flatMap(([key, value]) => [h('dt', {}, key), h('dd', {}, formatNumber(value))]),
  );
}

/** The current projection's method, parameters and quality figures, as the reduce stage recorded them. */
export function renderProjectionInfo(section: HTMLElement, p: ViewerProjection): void {
  const variance = p.explainedVarianceRatio;
  setChildren(
    section,
    h('h2', {}, p.name),
    h('p', { class: 'method' }, `${methodName(p)}, ${p.dims}-D`),
    Object.keys(p.params).length ? h('h3', {}, 'Parameters') : null,
    Object.keys(p.params).length ? list(Object.entries(p.params)) : null,
    Object.keys(p.quality).length ? h('h3', {}, 'Quality') : null,
    Object.keys(p.quality).length
      ? list(Object.entries(p.quality).map(([key, value]) => [QUALITY_NAMES[key] ?? key, value]))
      : null,
    variance
      ? h(
          'p',
          { class: 'variance' },
          `Explained variance: ${variance.map(percent).join(' + ')} = ${percent(variance.reduce((s, v) => s + v, 0))}`,
        )
      : null,
    p.stats && Object.keys(p.stats).length ? h('h3', {}, 'Run') : null,
    p.stats && Object.keys(p.stats).length
      ? list(Object.entries(p.stats).map(([key, value]) => [STAT_NAMES[key] ?? key, value]))
      : null,
  );
}
