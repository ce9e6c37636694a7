/**
 * kfm's public API.
 *
 * ```ts
 * import { build } from 'kfm';
 * process.stdout.write(build('example').yaml());
 * ```
 */
export { build, type BuildOptions, type BuildResult, type LoadRestrictor, type Kustomization } from './build/index.js';
// Every error a build raises for bad input is a BuildError; its `code` tells the classes apart.
export { BuildError, CycleError, type ErrorPlace } from './errors.js';
export { EmitError } from './yaml/emit.js';
export { YamlLimitError, DeepInputError } from './yaml/normalize.js';
export { MergeKindError } from './merge/strategic.js';
export { FieldSpecError } from './fieldspec/fieldspec.js';
export { emitDocument, parseAll, YamlSyntaxError, type Value, type YMap } from './yaml/index.js';
export { Resource, ResMap, type ResId } from './resource/index.js';
export { memoryFileSystem, nodeFileSystem, type FileSystem } from './build/fs.js';
export type { RemoteOptions } from './remote/store.js';
export { VERSION } from './version.js';
