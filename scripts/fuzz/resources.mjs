// Random but realistic Kubernetes resources for the fuzzer, with the awkward values that kustomize
// must carry through unchanged (stress strings, nulls, empty maps and lists).
import { celRule, description, labelValue, stressString, word } from './strings.mjs';

/** Sometimes a null or an empty value instead of a real one. */
function maybeEmpty(r, value, p = 0.1) {
  if (!r.chance(p)) return value;
  return r.pick([null, {}, [], '']);
}

function labels(r, app) {
  const l = { app };
  if (r.chance(0.5)) l.tier = labelValue(r);
  if (r.chance(0.2)) l['app.kubernetes.io/part-of'] = 'shop';
  return l;
}

function annotations(r) {
  const a = {};
  const n = r.int(0, 3);
  for (let i = 0; i < n; i++) a[r.pick(['note', 'example.com/desc', 'x', 'checksum/config', 'owner'])] = stressString(r);
  return a;
}

/** metadata with a name, and sometimes labels, annotations or null/empty fields. */
function metadata(r, name, app, ns) {
  const md = { name };
  if (ns) md.namespace = ns;
  if (r.chance(0.7)) md.labels = labels(r, app);
  if (r.chance(0.4)) md.annotations = annotations(r);
  if (r.chance(0.08)) md.annotations = null;
  if (r.chance(0.05)) md.labels = {};
  if (r.chance(0.04)) md.creationTimestamp = null;
  return md;
}

function container(r, name, refs) {
  const c = { name, image: `${r.pick(['nginx', 'registry.io/team/app', 'busybox', 'ghcr.io/x/y'])}:${r.pick(['1.0', 'latest', '2'])}` };
  if (r.chance(0.4)) c.args = [stressString(r), `--name=$(${r.pick(['SVC_NAME', 'CM_NAME', 'POD'])})`];
  if (r.chance(0.5)) {
    c.env = [{ name: 'MODE', value: stressString(r) }];
    if (refs.configMap && r.chance(0.6)) c.env.push({ name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: refs.configMap, key: 'key' } } });
    if (refs.secret && r.chance(0.4)) c.env.push({ name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: refs.secret, key: 'password' } } });
    if (r.chance(0.1)) c.env.push({ name: 'EMPTY', value: null });
  }
  if (refs.configMap && r.chance(0.3)) c.envFrom = [{ configMapRef: { name: refs.configMap } }];
  if (r.chance(0.4)) c.ports = [{ containerPort: r.pick([80, 8080, 9090]), name: 'http', protocol: 'TCP' }];
  if (r.chance(0.3)) c.resources = maybeEmpty(r, { limits: { cpu: r.pick(['100m', '1', 0.5]), memory: '128Mi' } }, 0.3);
  if (r.chance(0.1)) c.securityContext = null;
  return c;
}

function podSpec(r, app, refs) {
  const spec = { containers: [container(r, app, refs)] };
  if (r.chance(0.3)) spec.containers.push(container(r, 'sidecar', refs));
  if (refs.serviceAccount && r.chance(0.6)) spec.serviceAccountName = refs.serviceAccount;
  const volumes = [];
  if (refs.configMap && r.chance(0.5)) volumes.push({ name: 'config', configMap: { name: refs.configMap } });
  if (refs.secret && r.chance(0.4)) volumes.push({ name: 'secret', secret: { secretName: refs.secret } });
  if (refs.pvc && r.chance(0.5)) volumes.push({ name: 'data', persistentVolumeClaim: { claimName: refs.pvc } });
  if (volumes.length) spec.volumes = volumes;
  if (r.chance(0.15)) {
    spec.affinity = {
      nodeAffinity: r.chance(0.5) ? { requiredDuringSchedulingIgnoredDuringExecution: null } : {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
        },
      },
    };
  }
  if (r.chance(0.1)) spec.tolerations = maybeEmpty(r, [{ key: 'k', operator: 'Exists' }], 0.5);
  if (r.chance(0.1)) spec.nodeSelector = maybeEmpty(r, { disk: 'ssd' }, 0.5);
  return spec;
}

function workload(r, kind, name, app, refs, ns) {
  const template = { metadata: { labels: { app } }, spec: podSpec(r, app, refs) };
  if (r.chance(0.2)) template.metadata.annotations = r.chance(0.5) ? null : annotations(r);
  const md = metadata(r, name, app, ns);
  switch (kind) {
    case 'CronJob':
      return { apiVersion: 'batch/v1', kind, metadata: md, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template } } } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind, metadata: md, spec: { template } };
    default: {
      const spec = { selector: { matchLabels: { app } }, template };
      if (kind !== 'DaemonSet' && r.chance(0.7)) spec.replicas = r.pick([1, 2, 3, null]);
      if (kind === 'StatefulSet') {
        spec.serviceName = app;
        if (r.chance(0.5)) spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }];
      }
      return { apiVersion: 'apps/v1', kind, metadata: md, spec };
    }
  }
}

function crd(r, group, kind) {
  const plural = kind.toLowerCase() + 's';
  const props = {};
  const n = r.int(1, 5);
  for (let i = 0; i < n; i++) {
    const p = { type: r.pick(['string', 'integer', 'boolean', 'array', 'object']), description: description(r) };
    if (p.type === 'array') {
      p.items = { type: 'object', properties: { key: { type: 'string' }, operator: { type: 'string' }, value: { type: 'string' } } };
      if (r.chance(0.7)) p['x-kubernetes-validations'] = [{ rule: celRule(r), message: description(r) }];
    }
    if (p.type === 'string' && r.chance(0.3)) p.pattern = r.pick(['^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', "^'.*'$", '^\\d+$']);
    if (p.type === 'string' && r.chance(0.2)) p.default = stressString(r);
    if (p.type === 'object' && r.chance(0.3)) p['x-kubernetes-preserve-unknown-fields'] = true;
    props[`${word(r)}${i}`] = p;
  }
  const schema = { type: 'object', description: description(r), properties: { spec: { type: 'object', properties: props } } };
  if (r.chance(0.5)) schema.properties.spec['x-kubernetes-validations'] = [{ rule: celRule(r) }];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, annotations: r.chance(0.3) ? { 'controller-gen.kubebuilder.io/version': 'v0.16.1' } : undefined },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}

/**
 * A resource of the given kind, named `name` for app `app`. `refs` names other objects of the same
 * tree the resource may refer to (so name references, prefixes and hashes have work to do).
 */
export function makeResource(r, kind, name, app, refs, ns) {
  switch (kind) {
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'Job': case 'CronJob':
      return workload(r, kind, name, app, refs, ns);
    case 'Service': {
      const spec = { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: r.pick([8080, 'http']) }] };
      if (r.chance(0.3)) spec.type = r.pick(['ClusterIP', 'NodePort']);
      if (r.chance(0.1)) spec.ports = null;
      return { apiVersion: 'v1', kind, metadata: metadata(r, name, app, ns), spec };
    }
    case 'ConfigMap': {
      const data = { key: stressString(r) };
      const n = r.int(0, 4);
      for (let i = 0; i < n; i++) data[r.pick(['config.yaml', 'LOG_LEVEL', 'mode', 'a.b', 'k' + i])] = stressString(r);
      const cm = { apiVersion: 'v1', kind, metadata: metadata(r, name, app, ns), data };
      if (r.chance(0.1)) cm.data = maybeEmpty(r, data, 1);
      return cm;
    }
    case 'Secret':
      return { apiVersion: 'v1', kind, metadata: metadata(r, name, app, ns), type: 'Opaque', stringData: { password: stressString(r) } };
    case 'ServiceAccount':
      return { apiVersion: 'v1', kind, metadata: metadata(r, name, app, ns) };
    case 'PersistentVolumeClaim':
      return { apiVersion: 'v1', kind, metadata: metadata(r, name, app, ns), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    case 'Role': case 'ClusterRole':
      return {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: metadata(r, name, app, kind === 'Role' ? ns : undefined),
        rules: [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'list'], resourceNames: refs.configMap ? [refs.configMap] : undefined }],
      };
    case 'RoleBinding': case 'ClusterRoleBinding': {
      const roleKind = kind === 'RoleBinding' ? 'Role' : 'ClusterRole';
      return {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: metadata(r, name, app, kind === 'RoleBinding' ? ns : undefined),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: refs[roleKind === 'Role' ? 'role' : 'clusterRole'] ?? name },
        subjects: [{ kind: 'ServiceAccount', name: refs.serviceAccount ?? 'default', namespace: r.chance(0.5) ? ns ?? 'default' : undefined }],
      };
    }
    case 'Ingress':
      return {
        apiVersion: 'networking.k8s.io/v1', kind, metadata: metadata(r, name, app, ns),
        spec: { rules: [{ host: `${app}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: refs.service ?? app, port: { number: 80 } } } }] } }] },
      };
    case 'HorizontalPodAutoscaler':
      return {
        apiVersion: 'autoscaling/v2', kind, metadata: metadata(r, name, app, ns),
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: refs.deployment ?? app }, minReplicas: 1, maxReplicas: 5 },
      };
    case 'PodDisruptionBudget':
      return { apiVersion: 'policy/v1', kind, metadata: metadata(r, name, app, ns), spec: { minAvailable: r.pick([1, '50%']), selector: { matchLabels: { app } } } };
    case 'NetworkPolicy':
      return { apiVersion: 'networking.k8s.io/v1', kind, metadata: metadata(r, name, app, ns), spec: { podSelector: { matchLabels: { app } }, policyTypes: ['Ingress'], ingress: r.chance(0.5) ? [] : [{}] } };
    case 'Namespace':
      return { apiVersion: 'v1', kind, metadata: { name, labels: r.chance(0.5) ? { team: labelValue(r) } : undefined } };
    case 'CustomResourceDefinition':
      return crd(r, 'example.com', name);
    case 'Widget':
      return { apiVersion: 'example.com/v1', kind, metadata: metadata(r, name, app, ns), spec: { note: stressString(r), size: r.pick([1, '1', 1.5, null]), items: [stressString(r), null, { a: null }] } };
    default:
      throw new Error(`no generator for kind ${kind}`);
  }
}
