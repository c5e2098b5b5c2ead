import { dataSection } from './dataSection';
import { FASHION_MNIST, MNIST } from './catalog';
import { SOURCES, SOURCE_NAMES, sourceDefinition } from './registry';

describe('the source registry', () => {
  it('names each source once, the downloadable ones as their catalog does', () => {
    expect(new Set(SOURCE_NAMES).size).toBe(SOURCES.length);
    expect(SOURCE_NAMES).toEqual(expect.arrayContaining([MNIST.name, FASHION_MNIST.name]));
    for (const s of SOURCES) {
      expect(s.title.length).toBeGreaterThan(2);
      expect(s.doc.length).toBeGreaterThan(20);
    }
    expect(sourceDefinition('nonsense')).toBeUndefined();
  });

  it("makes the data: section: every source's options, and the source names as its values", () => {
    if (dataSection.kind !== 'object') throw new Error('data: is a mapping');
    for (const s of SOURCES)
      for (const [key, field] of Object.entries(s.options))
        expect(dataSection.fields[key]).toBe(field);
    expect(dataSection.fields.source.rule).toEqual({ kind: 'enum', values: SOURCE_NAMES });
  });
});
