import { Rule, bool, field, obj } from '../schema';

/** `export:` — projector files and pictures (see @latentlens/export). */
export const exportSection: Rule = obj({
  invertSprite: field(bool, false, 'dark digits on white thumbnails'),
});
