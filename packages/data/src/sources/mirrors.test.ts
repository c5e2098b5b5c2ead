import { FASHION_MNIST, MNIST } from './catalog';
import { mirrorsEnvVar, resolveMirrors } from './mirrors';

describe('resolveMirrors', () => {
  it('names one environment variable per dataset', () => {
    expect(mirrorsEnvVar(MNIST)).toBe('LATENTLENS_MNIST_MIRRORS');
    expect(mirrorsEnvVar(FASHION_MNIST)).toBe('LATENTLENS_FASHION_MNIST_MIRRORS');
  });

  it('prefers the explicit list, then the environment, then the catalog', () => {
    const env = {
      LATENTLENS_MNIST_MIRRORS:
        'http://127.0.0.1:9/a, http://127.0.0.1:9/b/  https://example.org/c',
    };
    expect(resolveMirrors(MNIST, ['http://127.0.0.1:1/x'], env)).toEqual(['http://127.0.0.1:1/x/']);
    expect(resolveMirrors(MNIST, undefined, env)).toEqual([
      'http://127.0.0.1:9/a/',
      'http://127.0.0.1:9/b/',
      'https://example.org/c/',
    ]);
    expect(resolveMirrors(MNIST, [], {})).toEqual(MNIST.mirrors);
    expect(resolveMirrors(FASHION_MNIST, undefined, env)).toEqual(FASHION_MNIST.mirrors);
  });

  it('rejects what is not an http(s) URL, naming where it came from', () => {
    expect(() =>
      resolveMirrors(MNIST, undefined, { LATENTLENS_MNIST_MIRRORS: 'mirror.local/mnist' }),
    ).toThrow(
      'LATENTLENS_MNIST_MIRRORS: "mirror.local/mnist" is not a URL (give base URLs such as https://host/mnist/)',
    );
    expect(() => resolveMirrors(MNIST, ['ftp://host/mnist/'])).toThrow(
      'mirrors option: "ftp://host/mnist/" is not an http(s) URL',
    );
  });
});
