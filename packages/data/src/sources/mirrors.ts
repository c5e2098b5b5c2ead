import { NamedDataset } from './catalog';

/** `LATENTLENS_MNIST_MIRRORS`, `LATENTLENS_FASHION_MNIST_MIRRORS`, … */
export function mirrorsEnvVar(dataset: NamedDataset): string {
  return `LATENTLENS_${dataset.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_MIRRORS`;
}

/**
 * The mirrors to try for `dataset`, in order: the explicit list when given (the `mirrors` option),
 * else the environment variable (base URLs separated by commas or spaces), else the catalog's.
 * Every base URL ends with `/`, so file names resolve inside it.
 */
export function resolveMirrors(
  dataset: NamedDataset,
  explicit: string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const variable = mirrorsEnvVar(dataset);
  const fromEnv = env[variable]?.split(/[\s,]+/).filter(Boolean);
  const [origin, list] = explicit?.length
    ? ['mirrors option', explicit]
    : fromEnv?.length
      ? [variable, fromEnv]
      : ['catalog', dataset.mirrors];
  return list.map((base) => {
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new Error(
        `${origin}: "${base}" is not a URL (give base URLs such as https://host/mnist/)`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`${origin}: "${base}" is not an http(s) URL`);
    }
    return url.href.endsWith('/') ? url.href : `${url.href}/`;
  });
}
