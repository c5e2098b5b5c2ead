import { resolveTsneSettings } from '../tsne/settings';
import { resolveUmapSettings } from '../umap';
import { METHODS, reductionMethod } from './registry';

describe('the method registry', () => {
  test('declares the defaults the methods themselves apply', () => {
    const declaredDefaults = (id: string) =>
      Object.fromEntries(
        Object.entries(reductionMethod(id).parameters)
          .filter(([, p]) => p.default !== undefined && p.default !== 'auto')
          .map(([name, p]) => [name, p.default]),
      );
    expect(resolveTsneSettings({}, 1000)).toMatchObject(declaredDefaults('tsne'));
    expect(resolveUmapSettings({}, 1000)).toMatchObject(declaredDefaults('umap'));
  });

  test('has one entry per id, with names for people', () => {
    expect(new Set(METHODS.map((m) => m.id)).size).toBe(METHODS.length);
    expect(reductionMethod('tsne').displayName).toBe('t-SNE');
    expect(() => reductionMethod('isomap')).toThrow(
      'unknown reduction method "isomap" (use tsne, tsne-exact, pca, umap)',
    );
  });
});
