/** ImageTagTransformer: each `images` entry, or a config of that kind (its imageTag). */
import { shape } from '../kustomization/shape.js';
import { BuildError } from '../errors.js';
import type { ParsedFieldSpec } from '../fieldspec/index.js';
import { imageSchema, type ImageEntry } from '../kustomization/schema.js';
import { setImages } from '../transform/images.js';
import { isMap } from '../yaml/map.js';
import type { Builtin } from './builtin.js';
import { fieldSpecList, fieldSpecsOf, META } from './config.js';

/** One image rewrite and where images are found. */
export interface ImageConfig {
  image: ImageEntry;
  fieldSpecs: ParsedFieldSpec[];
}

export const imageTagTransformer: Builtin<ImageConfig> = {
  kind: 'ImageTagTransformer',
  role: 'transformer',
  plugin: {
    schema: shape.object({ ...META, imageTag: imageSchema.optional(), fieldSpecs: fieldSpecList }),
    read(obj, p) {
      if (!isMap(obj.imageTag)) throw new BuildError(`${p.what}: imageTag (name, newName, newTag, digest) is required`, p);
      return { image: obj.imageTag as ImageEntry, fieldSpecs: fieldSpecsOf(obj, p) };
    },
  },
  fromKustomization: (ctx) => (ctx.k.images ?? []).map((image) => ({ image, fieldSpecs: ctx.tables.images })),
  apply: (m, c) => setImages(m, [c.image], c.fieldSpecs),
};
