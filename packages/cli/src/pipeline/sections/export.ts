import { bool, field, matching, obj } from '@latentlens/data';

/** `export:` — projector files, figures and report (see @latentlens/export). */
export const exportSection = obj({
  invertSprite: field(bool, false, 'dark digits on white thumbnails'),
  rawPixels: field(
    bool,
    false,
    'also export the raw pixels as a second embedding, like the projector’s MNIST demo',
  ),
  figures: field(
    bool,
    true,
    'scatter plots, loss curve and reconstructions as SVG and PNG (needs the DejaVu fonts)',
  ),
  projectorBaseUrl: field(
    matching(
      /^(https?:\/\/\S+)?$/,
      'an http(s) URL such as http://localhost:8080/, or "" for relative paths',
    ),
    'http://localhost:8080/',
    'where projector/ is served: the standalone projector fetches its files by these URLs',
  ),
});
