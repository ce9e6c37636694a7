/** SecretGenerator: each `secretGenerator` entry, or a config of that kind. */
import { shape } from '../kustomization/shape.js';
import { generate, type GeneratorConfig } from '../generate/index.js';
import type { Builtin } from './builtin.js';
import { optionalText } from './config.js';
import { fieldConfigs, GENERATOR_FIELDS, readGeneratorConfig } from './generator.js';

export const secretGenerator: Builtin<GeneratorConfig> = {
  kind: 'SecretGenerator',
  role: 'generator',
  plugin: { schema: shape.object({ ...GENERATOR_FIELDS, type: optionalText }), read: (obj) => readGeneratorConfig(obj, 'secretGenerator') },
  fromKustomization: (ctx) => fieldConfigs(ctx, 'secretGenerator'),
  apply: generate,
};
