/**
 * kfm's public API.
 *
 * ```ts
 * import { build } from 'kfm';
 * process.stdout.write(build('example').yaml());
 * ```
 */
export { build, type BuildOptions, type BuildResult, type LoadRestrictor, type Kustomization } from './build/index.js';
export { BuildError, type ErrorPlace } from './errors.js';
export { emitDocument, parseAll, YamlSyntaxError, type Value, type YMap } from './yaml/index.js';
export { Resource, ResMap, type ResId } from './resource/index.js';
export { memoryFileSystem, nodeFileSystem, type FileSystem } from './build/fs.js';
export type { RemoteOptions } from './remote/store.js';
export { VERSION } from './version.js';
