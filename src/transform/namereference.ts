/**
 * Name references: after prefixes, suffixes, hash suffixes and patches renamed objects, every field
 * that refers to one of them follows (kustomize's name-reference table, src/fieldspec/namereference.ts).
 *
 * Rules found by experiment with the reference:
 * - a namespaced referrer sees referees in its own current namespace (unset and `default` are the
 *   same) and cluster-scoped ones; a cluster-scoped referrer sees everything;
 * - a referee matches when the field holds its original name or a later one, not its current one
 *   (unless it was never renamed);
 * - several matches are narrowed to those that got the same prefix/suffix as the referrer; if that
 *   leaves other than one, the field is left alone;
 * - a mapping field (`subjects`, webhook `clientConfig/service`) with a `namespace` matches
 *   referees whose ORIGINAL namespace is that one, else those now in it that share the referrer's
 *   prefix/suffix; on a match both name and namespace are set.
 */
import { isClusterScoped, type ResId, type Resource, type ResMap } from '../resource/index.js';
import { specMatches, walkSpec, NAME_REFERENCE_TABLE, parseNameReferences, type FieldSpecTables, type NameBackRef } from '../fieldspec/index.js';
import type { Value, YMap } from '../yaml/index.js';
import { isMap } from '../yaml/map.js';

function normNs(ns: string): string {
  return ns === 'default' ? '' : ns;
}

/** The name before the content-hash suffix (hashing is the last rename). */
function nameBeforeHash(r: Resource): string {
  if (r.generated?.hashSuffix && r.ids.length >= 2) return r.ids[r.ids.length - 2].name;
  return r.id().name;
}

/** The prefix and suffix the builds added around the original name ('\0' when it cannot be told). */
function affixes(r: Resource): string {
  const now = nameBeforeHash(r);
  const org = r.orgId.name;
  const i = now.lastIndexOf(org);
  if (i < 0) return '\0' + now;
  return `${now.slice(0, i)}\0${now.slice(i + org.length)}`;
}

function refereeMatches(ref: NameBackRef, r: Resource): boolean {
  const id = r.id();
  return id.kind === ref.kind && (!ref.group || ref.group === id.group) && (!ref.version || ref.version === id.version);
}

/** Resources of one kind, grouped by visibility (built once per run). */
interface KindIndex {
  all: Resource[];
  cluster: Resource[];
  byNs: Map<string, Resource[]>;
}

function indexByKind(all: Resource[]): Map<string, KindIndex> {
  const index = new Map<string, KindIndex>();
  for (const r of all) {
    const id = r.id();
    let e = index.get(id.kind);
    if (!e) index.set(id.kind, (e = { all: [], cluster: [], byNs: new Map() }));
    e.all.push(r);
    if (isClusterScoped(id)) e.cluster.push(r);
    else {
      const ns = normNs(id.namespace);
      const list = e.byNs.get(ns);
      if (list) list.push(r);
      else e.byNs.set(ns, [r]);
    }
  }
  return index;
}

/**
 * Referees of `ref` a referrer can see: a namespaced referrer sees its own namespace and
 * cluster-scoped objects; a RoleBinding also sees ServiceAccounts in the namespaces its subjects
 * name (not Roles there).
 */
function candidatesFor(referrer: Resource, ref: NameBackRef, index: Map<string, KindIndex>): Resource[] {
  const e = index.get(ref.kind);
  if (!e) return [];
  const rid = referrer.id();
  let visible: Resource[];
  if (isClusterScoped(rid)) visible = e.all;
  else {
    const namespaces = new Set([normNs(rid.namespace)]);
    if (rid.kind === 'RoleBinding' && ref.kind === 'ServiceAccount') {
      const subjects = referrer.obj.subjects;
      if (Array.isArray(subjects)) {
        for (const x of subjects) if (isMap(x) && typeof x.namespace === 'string') namespaces.add(normNs(x.namespace));
      }
    }
    visible = [...e.cluster];
    for (const ns of namespaces) visible.push(...(e.byNs.get(ns) ?? []));
  }
  return visible.filter((c) => c !== referrer && refereeMatches(ref, c));
}

/** The ids a reference may still use: the original and every one since, but not the current one. */
function earlierIds(r: Resource): ResId[] {
  return r.ids.length > 1 ? r.ids.slice(0, -1) : r.ids;
}

/** Picks the one referee a name refers to, or undefined. */
function select(name: string, referrer: Resource, candidates: Resource[]): Resource | undefined {
  let found = candidates.filter((c) => earlierIds(c).some((i) => i.name === name));
  if (found.length === 1) return found[0];
  if (found.length === 0) return undefined;
  const mine = affixes(referrer);
  found = found.filter((c) => affixes(c) === mine);
  return found.length === 1 ? found[0] : undefined;
}

function fixScalar(parent: YMap | Value[], key: string | number, referrer: Resource, candidates: Resource[]): void {
  const v = (parent as Record<string | number, Value>)[key];
  if (typeof v !== 'string') return;
  const hit = select(v, referrer, candidates);
  if (hit) (parent as Record<string | number, Value>)[key] = hit.id().name;
}

function fixMapping(node: YMap, referrer: Resource, candidates: Resource[]): void {
  if (typeof node.name !== 'string') return;
  let subset = candidates;
  const hasNs = typeof node.namespace === 'string';
  if (hasNs) {
    const ns = normNs(node.namespace as string);
    subset = candidates.filter((c) => normNs(c.orgId.namespace) === ns);
    // Failing the original namespace, the current one counts, but only for referees that were
    // renamed along with the referrer (same prefix/suffix), as the reference does.
    if (!subset.length) {
      const mine = affixes(referrer);
      subset = candidates.filter((c) => normNs(c.id().namespace) === ns && affixes(c) === mine);
    }
  }
  const hit = select(node.name, referrer, subset);
  // A referee that never changed id leaves the reference as written.
  if (!hit || hit.ids.length < 2) return;
  const id = hit.id();
  if (id.name === node.name && normNs(id.namespace) === normNs((node.namespace as string | undefined) ?? '')) return;
  node.name = id.name;
  if (id.namespace) node.namespace = id.namespace;
}

/** Rewrites every reference to a renamed object. */
export function fixNameReferences(m: ResMap, tables: FieldSpecTables): void {
  const table = Array.isArray(tables.nameReference) ? parseNameReferences(tables.nameReference) : NAME_REFERENCE_TABLE;
  const all = m.all();
  // Nothing to do when no object was ever renamed.
  if (!all.some((r) => r.ids.length > 1)) return;
  const index = indexByKind(all);
  // The table entries (and their specs) that apply to a referrer depend only on its gvk.
  const applicable = new Map<string, { ref: NameBackRef; specs: typeof table[number]['fieldSpecs'] }[]>();
  for (const referrer of all) {
    const rid = referrer.id();
    const gvkKey = `${rid.group}/${rid.version}/${rid.kind}`;
    let entries = applicable.get(gvkKey);
    if (!entries) {
      entries = table
        .map((ref) => ({ ref, specs: ref.fieldSpecs.filter((s) => specMatches(s, rid)) }))
        .filter((x) => x.specs.length > 0);
      applicable.set(gvkKey, entries);
    }
    for (const { ref, specs } of entries) {
      let candidates: Resource[] | undefined;
      for (const s of specs) {
        walkSpec(referrer.obj, s.parts, false, (parent, key) => {
          candidates ??= candidatesFor(referrer, ref, index);
          if (!candidates.length) return;
          let cands = candidates;
          if (s.parts.length >= 2 && s.parts[s.parts.length - 2] === 'roleRef') {
            const kind = parent.kind;
            cands = candidates.filter((c) => c.id().kind === kind);
          }
          const v = parent[key];
          if (typeof v === 'string') fixScalar(parent, key, referrer, cands);
          else if (Array.isArray(v)) {
            v.forEach((el, i) => {
              if (typeof el === 'string') fixScalar(v, i, referrer, cands);
              else if (isMap(el)) fixMapping(el, referrer, cands);
            });
          } else if (isMap(v)) fixMapping(v, referrer, cands);
        });
      }
    }
  }
}
