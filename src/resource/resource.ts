/**
 * A resource: a plain object plus what the build knows about it (where it came from, the ids it
 * has had, generator options). Transformers edit `obj` in place; ids are read from it.
 */
import type { YMap } from '../yaml/index.js';
import { idKey, idOf, type ResId } from './id.js';
import { copyValue, newMap } from '../yaml/map.js';

/** How a generated object meets an object of the same id from a base. */
export type Behavior = 'create' | 'merge' | 'replace';

/** Generator facts the finalize stage needs. */
export interface GeneratedInfo {
  behavior: Behavior;
  /** Whether the name gets the content-hash suffix at the top of the build. */
  hashSuffix: boolean;
}

export class Resource {
  /** The id when first read or generated. */
  readonly orgId: ResId;
  /** Every id the resource has had, oldest first, current last. */
  readonly ids: ResId[];
  generated?: GeneratedInfo;

  constructor(public obj: YMap, readonly source: string) {
    this.orgId = idOf(obj);
    this.ids = [this.orgId];
  }

  /**
   * The id the object has now. Transformers edit `obj` in place, so the id is recomputed whenever
   * one of the fields it comes from is no longer the one it was computed from (cheap checks; the id
   * is asked for very often).
   */
  id(): ResId {
    const o = this.obj;
    const md = o.metadata as YMap | undefined;
    const c = this.idCache;
    if (
      c && c.obj === o && c.apiVersion === o.apiVersion && c.kind === o.kind && c.md === md &&
      (md === undefined || md === null || (c.name === md.name && c.namespace === md.namespace))
    ) {
      return c.id;
    }
    // Frozen: it is shared by every caller until the object changes.
    const id = Object.freeze(idOf(o));
    const isObj = md !== null && typeof md === 'object';
    this.idCache = {
      obj: o, apiVersion: o.apiVersion, kind: o.kind, md,
      name: isObj ? (md as YMap).name : undefined, namespace: isObj ? (md as YMap).namespace : undefined, id,
    };
    return id;
  }

  private idCache?: {
    obj: YMap; apiVersion: unknown; kind: unknown; md: unknown; name: unknown; namespace: unknown; id: ResId;
  };

  /** Records the current id if it changed since the last record; returns true if it did. */
  noteId(): boolean {
    const now = this.id();
    // The id object is shared until the object changes: the same one as last time needs no compare.
    if (now === this.lastNoted) return false;
    this.lastNoted = now;
    if (idKey(now) === idKey(this.ids[this.ids.length - 1])) return false;
    this.ids.push(now);
    return true;
  }

  /** The id {@link noteId} last looked at; every build step notes the ids of every resource. */
  private lastNoted?: ResId;

  /**
   * kustomize's StorePreviousId: records the current id as an earlier one even if the next step
   * does not change it (the namespace transformer, JSON patches under `patches`), which makes name
   * references treat the resource as renamed (RoleBinding subjects then get its namespace).
   */
  storePreviousId(): void {
    const id = this.id();
    if (idKey(this.ids[this.ids.length - 1]) === idKey(id)) this.ids.push(id);
  }

  /**
   * Puts the current id in place of the last one recorded, so that the name it replaces is not
   * kept as an earlier one (kustomize's legacy patchesJson6902 rebuilds the resource, keeping only
   * the names recorded before); with no earlier names, the current id becomes the original.
   */
  replaceLastId(): void {
    this.ids[this.ids.length - 1] = this.id();
    (this as { orgId: ResId }).orgId = this.ids[0];
  }

  /**
   * Set when a patch deleted the annotations map: kustomize keeps a resource's earlier ids and its
   * build history in annotations, so it loses them too. The ids are reset here; the build's
   * metadata bookkeeping reads and clears the mark.
   */
  annotationsWiped = false;

  /** Forgets every earlier id, as kustomize does when a patch deletes the annotations map. */
  wipeAnnotationHistory(): void {
    const now = this.id();
    this.ids.length = 0;
    this.ids.push(now);
    (this as { orgId: ResId }).orgId = now;
    this.annotationsWiped = true;
  }

  /** metadata, created if missing. */
  metadata(): YMap {
    let md = this.obj.metadata as YMap | undefined;
    if (!md || typeof md !== 'object' || Array.isArray(md)) {
      md = newMap();
      this.obj.metadata = md;
    }
    return md;
  }

  get name(): string {
    return this.id().name;
  }

  get kind(): string {
    return typeof this.obj.kind === 'string' ? this.obj.kind : '';
  }

  /** A deep copy carrying the same history (for components and generators that merge). */
  clone(): Resource {
    const r = new Resource(copyValue(this.obj), this.source);
    (r as { orgId: ResId }).orgId = this.orgId;
    r.ids.length = 0;
    r.ids.push(...this.ids);
    r.generated = this.generated ? { ...this.generated } : undefined;
    return r;
  }
}

/**
 * Gives `metadata` an annotations map where it has none or null. In kustomize every resource
 * carries bookkeeping annotations while it is built, so JSON patches and replacements always find
 * the map there; an empty one is not written on output.
 */
export function ensureAnnotations(obj: YMap): void {
  const md = obj.metadata;
  if (md !== null && typeof md === 'object' && !Array.isArray(md) && (md.annotations === undefined || md.annotations === null)) {
    md.annotations = {};
  }
}
