import { exactKnn } from '../knn';
import { loadMnistDigits } from '../test-helpers/mnistDigits';
import { tsneAffinities } from './affinities';
import { klDivergence } from './kl';
import { tsneEmbed } from './tsne';
test('probe', () => {
  const { data, n, d } = loadMnistDigits(20);
  const full = exactKnn(data, n, d, n - 1);
  const denseP = tsneAffinities(full, 25);
  for (const [name, o] of [['exact', { theta: 0, neighbors: full }], ['dense bh', { neighbors: full }], ['sparse exact', { theta: 0 }], ['sparse bh', {}], ['sparse bh s1 random', {init:'random', seed: 1}], ['exact random', { theta: 0, neighbors: full, init:'random' }]] as const) {
    const r = tsneEmbed(data, n, d, o as object);
    console.log(name, r.kl, klDivergence(denseP, r.coords, 2));
  }
});
