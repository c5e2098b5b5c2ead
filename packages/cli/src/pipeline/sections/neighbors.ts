import { field, int, obj, oneOf } from '@latentlens/data';

/** `neighbors:` — each image's nearest neighbours in code space, for the viewer. */
export const neighborsSection = obj({
  k: field(int(1, 100), 10, 'neighbours listed per image'),
  method: field(
    oneOf('auto', 'exact', 'approx'),
    'auto',
    'auto: exact below max(2,000, 128 k) images, else approximate',
  ),
});
