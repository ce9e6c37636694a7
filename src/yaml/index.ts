/** The YAML stage: reading with kustomize's typing rules, writing in kustomize's exact format. */
export { parseAll, parseOne, YamlSyntaxError, nullMetaTexts } from './parse.js';
export { emitDocument, EmitError, findUnwritable } from './emit.js';
export { compareKeys, sortedKeys } from './keyorder.js';
export type { Value, YMap } from './scalar.js';
