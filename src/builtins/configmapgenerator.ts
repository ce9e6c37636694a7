/** ConfigMapGenerator: each `configMapGenerator` entry, or a config of that kind. */
import { shape } from '../kustomization/shape.js';
import { generate, type GeneratorConfig } from '../generate/index.js';
import type { Builtin } from './builtin.js';
import { fieldConfigs, GENERATOR_FIELDS, readGeneratorConfig } from './generator.js';

export const configMapGenerator: Builtin<GeneratorConfig> = {
  kind: 'ConfigMapGenerator',
  role: 'generator',
  plugin: { schema: shape.object(GENERATOR_FIELDS), read: (obj) => readGeneratorConfig(obj, 'configMapGenerator') },
  fromKustomization: (ctx) => fieldConfigs(ctx, 'configMapGenerator'),
  apply: generate,
};
