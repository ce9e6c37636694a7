/**
 * The ordered list of resources a build accumulates, with lookups by current and original id.
 */
import { BuildError } from '../errors.js';
import { idKey, idText, type ResId } from './id.js';
import { Resource } from './resource.js';

export class ResMap {
  private list: Resource[] = [];
  /**
   * Current id key -> resource, for the duplicate check in `append` (a linear scan made large
   * builds quadratic). Rebuilt lazily after anything that may have changed ids: transformers edit
   * objects in place and are always followed by `noteIds()`, which marks the index stale.
   */
  private index = new Map<string, Resource>();
  private indexStale = false;

  private liveIndex(): Map<string, Resource> {
    if (this.indexStale) {
      this.index.clear();
      for (const x of this.list) this.index.set(idKey(x.id()), x);
      this.indexStale = false;
    }
    return this.index;
  }

  get size(): number {
    return this.list.length;
  }

  all(): Resource[] {
    return this.list;
  }

  /** Adds a resource; the same current id twice is an error naming both sources. */
  append(r: Resource): void {
    const key = idKey(r.id());
    const index = this.liveIndex();
    let other = index.get(key);
    if (other && (idKey(other.id()) !== key || !this.list.includes(other))) {
      // Renamed or removed (through all()) since indexed: fall back to a scan.
      this.indexStale = true;
      other = this.list.find((x) => idKey(x.id()) === key);
    }
    if (other) {
      throw new BuildError(
        `may not add resource with an already registered id: ${idText(r.id())}`,
        { file: r.source, detail: `first defined in ${other.source}` },
      );
    }
    this.list.push(r);
    if (!this.indexStale) this.index.set(key, r);
  }

  appendAll(m: ResMap): void {
    for (const r of m.list) this.append(r);
  }

  /** The first two resources that now share a current id (transformers can make them meet). */
  firstDuplicate(): [Resource, Resource] | undefined {
    const seen = new Map<string, Resource>();
    for (const r of this.list) {
      const key = idKey(r.id());
      const other = seen.get(key);
      if (other) return [other, r];
      seen.set(key, r);
    }
    return undefined;
  }

  /** Resources that have ever had `id` (current, original or in between). */
  byAnyId(id: ResId): Resource[] {
    const key = idKey(id);
    return this.list.filter((x) => x.ids.some((i) => idKey(i) === key) || idKey(x.id()) === key);
  }

  remove(r: Resource): void {
    this.indexStale = true;
    const i = this.list.indexOf(r);
    if (i >= 0) this.list.splice(i, 1);
  }

  replace(old: Resource, r: Resource): void {
    this.indexStale = true;
    const i = this.list.indexOf(old);
    if (i < 0) throw new Error('replace: resource not in map');
    this.list[i] = r;
  }

  /** Replaces the whole list (sorting, filtering). */
  setAll(list: Resource[]): void {
    this.indexStale = true;
    this.list = list;
  }

  /** Records id changes made by the last transformer, for later reference fixing. */
  noteIds(): void {
    this.indexStale = true;
    for (const r of this.list) r.noteId();
  }
}
