/**
 * Patch targets: kustomize's selector (group, version, kind, name, namespace as anchored regular
 * expressions; label and annotation selectors in Kubernetes syntax). Name and namespace match the
 * original or the current id.
 */
import { BuildError, type ErrorPlace } from '../errors.js';
import { isClusterScoped, parseSelector, selectorMatches, type ResMap, type Resource, type ResId } from '../resource/index.js';

export { parseSelector };
import type { YMap } from '../yaml/index.js';
import { compilePattern, type Pattern } from '../resource/pattern.js';

/** A patch target as written in a kustomization. */
export interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

function anchored(pattern: string | undefined, place: ErrorPlace): Pattern | undefined {
  if (!pattern) return undefined;
  try {
    return compilePattern(`^(?:${pattern})$`);
  } catch (e) {
    throw new BuildError(`invalid regular expression '${pattern}' in target: ${(e as Error).message}`, place);
  }
}

/** kustomize's effective namespace: cluster-scoped kinds have none, unset means `default`. */
function effectiveNamespace(id: ResId): string {
  if (isClusterScoped(id)) return '~X';
  return id.namespace || 'default';
}

function mapOf(v: unknown): YMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as YMap) : {};
}

/** The resources a target selects, in resource order. */
export function selectTargets(m: ResMap, t: Target, place: ErrorPlace): Resource[] {
  const g = anchored(t.group, place);
  const v = anchored(t.version, place);
  const k = anchored(t.kind, place);
  const n = anchored(t.name, place);
  const ns = anchored(t.namespace, place);
  const labels = t.labelSelector ? parseSelector(t.labelSelector, place) : undefined;
  const annotations = t.annotationSelector ? parseSelector(t.annotationSelector, place) : undefined;
  return m.all().filter((r) => {
    const cur = r.id();
    const org = r.orgId;
    if (ns && !ns.test(effectiveNamespace(org)) && !ns.test(effectiveNamespace(cur))) return false;
    if (n && !n.test(org.name) && !n.test(cur.name)) return false;
    if (g && !g.test(cur.group)) return false;
    if (v && !v.test(cur.version)) return false;
    if (k && !k.test(cur.kind)) return false;
    const md = mapOf(r.obj.metadata);
    if (labels && !selectorMatches(labels, mapOf(md.labels))) return false;
    if (annotations && !selectorMatches(annotations, mapOf(md.annotations))) return false;
    return true;
  });
}

/** A readable form of a target, for messages. */
export function targetText(t: Target): string {
  const parts = (['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const)
    .filter((f) => t[f] !== undefined && t[f] !== '')
    .map((f) => `${f}=${t[f]}`);
  return parts.length ? parts.join(', ') : '(any resource)';
}
