import { projectorConfigJson } from './projectorConfigJson';

describe('projectorConfigJson', () => {
  it('writes the standalone projector configuration', () => {
    const text = projectorConfigJson([
      {
        tensorName: 'autoencoder codes',
        tensorPath: 'tensors.bytes',
        tensorShape: [10000, 64],
        metadataPath: 'metadata.tsv',
        bookmarksPath: 'bookmarks.json',
        sprite: { imagePath: 'sprite.png', singleImageDim: [28, 28] },
      },
      { tensorName: 'pixels', tensorPath: 'pixels.tsv' },
    ]);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      embeddings: [
        {
          tensorName: 'autoencoder codes',
          tensorShape: [10000, 64],
          tensorPath: 'tensors.bytes',
          metadataPath: 'metadata.tsv',
          sprite: { imagePath: 'sprite.png', singleImageDim: [28, 28] },
          bookmarksPath: 'bookmarks.json',
        },
        { tensorName: 'pixels', tensorPath: 'pixels.tsv' },
      ],
    });
  });

  it('requires the shape of a .bytes tensor', () => {
    expect(() => projectorConfigJson([{ tensorName: 'x', tensorPath: 'x.bytes' }])).toThrow(/tensorShape/);
  });
});
