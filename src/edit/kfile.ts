/**
 * The kustomization file as `kfm edit` changes it: read and written with the `yaml` package's
 * document API, so the user's comments, key order and formatting survive every edit.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document, type Node, type Pair, type Scalar } from 'yaml';
import { BuildError } from '../errors.js';

const NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** An open kustomization file. */
export class KFile {
  private constructor(readonly path: string, readonly doc: Document, private readonly indentSeq: boolean) {}

  /** Opens the kustomization file of `dir` (kustomize edit works on the current folder). */
  static open(dir: string): KFile {
    const found = NAMES.map((n) => join(dir, n)).filter((p) => existsSync(p));
    if (found.length === 0) throw new BuildError(`no kustomization file in ${dir} (looked for ${NAMES.join(', ')}); run kfm edit in the folder that holds one`);
    if (found.length > 1) throw new BuildError(`found more than one kustomization file in ${dir}: ${found.join(', ')}; keep one`);
    const text = readFileSync(found[0], 'utf8');
    // YAML 1.1, as kustomize reads the file: strings such as `yes` or `on` are written quoted.
    const doc = parseDocument(text, { version: '1.1' });
    if (doc.errors.length) throw new BuildError(`${found[0]}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    if (doc.contents === null) doc.contents = new YAMLMap() as unknown as typeof doc.contents;
    if (!isMap(doc.contents)) throw new BuildError(`${found[0]}: a kustomization must be a YAML mapping`);
    // Keep the user's way of writing lists: flush under their key (kustomize's way) or indented.
    const indentSeq = /:\s*\n[ ]+- /.test(text) && !/:\s*\n- /.test(text);
    return new KFile(found[0], doc, indentSeq);
  }

  /** Writes the file back atomically. */
  save(): void {
    const tmp = `${this.path}.kfm-edit-${process.pid}`;
    writeFileSync(tmp, this.doc.toString({ indentSeq: this.indentSeq, lineWidth: 0, flowCollectionPadding: false }));
    renameSync(tmp, this.path);
  }

  /** The list under `field`, created (empty) when absent or null. */
  list(field: string): YAMLSeq {
    const v = this.doc.get(field, true);
    if (isSeq(v)) return v;
    if (v !== undefined && !(isScalar(v) && (v.value === null || v.value === ''))) {
      throw new BuildError(`${this.path}: field '${field}' is not a list`);
    }
    const seq = new YAMLSeq();
    this.doc.set(field, seq);
    return seq;
  }

  /** The string map under `field` (and optional nested keys), created when absent. */
  map(...path: (string | number)[]): YAMLMap {
    const v = this.doc.getIn(path, true);
    if (isMap(v)) return v;
    if (v !== undefined && !(isScalar(v) && v.value === null)) throw new BuildError(`${this.path}: field '${path.join('.')}' is not a mapping`);
    const m = new YAMLMap();
    this.doc.setIn(path, m);
    return m;
  }

  /** Plain strings of a list field (empty when absent). */
  strings(field: string): string[] {
    const v = this.doc.get(field, true);
    return isSeq(v) ? v.items.map((i) => String(isScalar(i) ? i.value : i)) : [];
  }

  /** Sets a top-level scalar. */
  set(field: string, value: unknown): void {
    this.doc.set(field, value);
  }

  /** Removes a top-level field. */
  delete(field: string): void {
    this.doc.delete(field);
  }

  /** The top-level key/value pair of a field. */
  pair(field: string): Pair<Scalar, Node> | undefined {
    return (this.doc.contents as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === field) as Pair<Scalar, Node> | undefined;
  }

  /**
   * Removes a field whose content moved to `to`, handing its comments (above the key, and after
   * the value) to the field it moved to, so that no comment of the user's is lost.
   */
  moveComments(from: string, to: string): void {
    const src = this.pair(from);
    const dst = this.pair(to);
    if (!src || !dst) return;
    const before = [dst.key.commentBefore, src.key.commentBefore].filter(Boolean).join('\n');
    if (before) dst.key.commentBefore = before;
    const after = [dst.value?.comment, (src.value as Node | null)?.comment].filter(Boolean).join(';');
    if (after && dst.value) dst.value.comment = after;
  }

  /** Removes a list field that became empty, as kustomize drops empty fields when it writes. */
  dropIfEmpty(field: string): void {
    const v = this.doc.get(field, true);
    if ((isSeq(v) || isMap(v)) && v.items.length === 0) this.doc.delete(field);
  }

  /** The plain JavaScript form of the whole file. */
  plain(): Record<string, unknown> {
    return (this.doc.toJS() ?? {}) as Record<string, unknown>;
  }
}
