// The Istio sidecar injector configuration of common/istio (ConfigMap istio-system/istio-sidecar-injector,
// key `config`): program text we wrote ourselves (Go templates that istiod runs for every injected pod).
//
// 1. Always: the config is YAML with the keys istiod reads; `values` is the JSON the templates see;
//    the templates are well-formed Go templates (balanced blocks, declared variables, known functions,
//    no root fields used where `with`/`range` rebound the dot, every `.Values` path exists).
// 2. Where a Go toolchain and sprig are installed (Debian: golang-go,
//    golang-github-masterminds-sprig-dev, golang-gopkg-yaml.v3-dev), the templates are executed with
//    Go's text/template and sprig as istiod does (tests/platform/istio-injector/render.go) on sample
//    pods, and what they render is checked: native sidecar, CNI validation, annotations read by the
//    CNI plugin, per-pod overrides, the gateway template.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { load } from 'js-yaml';
import { build, type YMap } from '../../src/index.js';

const REPO = join(import.meta.dirname, '../..');
const PATH = 'common/istio/istio-install/overlays/oauth2-proxy';
const objects = build(join(REPO, PATH)).objects as YMap[];
const byId = (kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && (x.metadata as YMap).name === name);
  if (!o) throw new Error(`${kind} ${name} not rendered by ${PATH}`);
  return o;
};
const cm = byId('ConfigMap', 'istio-sidecar-injector');
const data = cm.data as Record<string, string>;
type Config = {
  policy: string; defaultTemplates: string[]; alwaysInjectSelector: unknown[]; neverInjectSelector: unknown[];
  injectedAnnotations: Record<string, string>; template: string; templates: Record<string, string>;
};
const config = load(data.config) as Config;
const values = JSON.parse(data.values) as Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// A structural reader of Go templates: enough of text/template's lexer to check our templates.

/** Functions istiod's injector offers: Go's builtins, sprig's (the ones a template here may use), Istio's own. */
const BUILTINS = ['and', 'or', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'len', 'index', 'print', 'printf', 'println', 'slice', 'call', 'html', 'js', 'urlquery'];
const SPRIG = ['list', 'append', 'prepend', 'join', 'split', 'splitList', 'default', 'empty', 'coalesce', 'quote', 'squote', 'indent', 'nindent', 'trim', 'trimSuffix', 'trimPrefix', 'lower', 'upper', 'hasPrefix', 'hasSuffix', 'replace', 'dict', 'get', 'set', 'hasKey', 'keys', 'toString', 'atoi', 'int', 'ternary', 'first', 'last', 'has', 'without', 'uniq', 'b64enc', 'toJson', 'sha256sum'];
const ISTIO = ['formatDuration', 'isset', 'excludeInboundPort', 'includeInboundPorts', 'kubevirtInterfaces', 'excludeInterfaces', 'applicationPorts', 'annotation', 'valueOrDefault', 'toJSON', 'fromJSON', 'structToJSON', 'protoToJSON', 'toYaml', 'indent', 'directory', 'contains', 'toLower', 'appendMultusNetwork', 'env', 'omit', 'strdict', 'toJsonMap', 'mergeMaps'];
const FUNCS = new Set([...BUILTINS, ...SPRIG, ...ISTIO]);
const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'block', 'template', 'break', 'continue', 'nil', 'true', 'false']);
/** The fields of istiod's SidecarTemplateData that our templates may read. */
const ROOT_FIELDS = new Set(['TypeMeta', 'DeploymentMeta', 'ObjectMeta', 'Spec', 'ProxyConfig', 'MeshConfig', 'Values', 'Revision', 'ProxyImage']);

interface Action { text: string; line: number }

/** The actions of a template, comments dropped; throws on an unterminated action. */
function actions(src: string): Action[] {
  const out: Action[] = [];
  let i = 0;
  while ((i = src.indexOf('{{', i)) >= 0) {
    let j = i + 2;
    if (src[j] === '-' && /\s/.test(src[j + 1])) j += 2;
    const line = src.slice(0, i).split('\n').length;
    if (src.startsWith('/*', j)) {
      const close = src.indexOf('*/', j);
      if (close < 0) throw new Error(`line ${line}: unterminated comment`);
      // text/template: a comment must end right at the delimiter ("*/}}" or "*/ -}}").
      const rest = src.slice(close + 2, close + 6);
      if (!(rest.startsWith('}}') || rest.startsWith(' -}}'))) throw new Error(`line ${line}: comment not closed by */}} or */ -}}`);
      i = src.indexOf('}}', close) + 2;
      continue;
    }
    // Scan to the closing delimiter, skipping quoted and raw strings.
    let k = j;
    for (; k < src.length; k++) {
      const c = src[k];
      if (c === '"') { k++; while (k < src.length && src[k] !== '"') { if (src[k] === '\\') k++; if (src[k] === '\n') throw new Error(`line ${line}: newline in string`); k++; } }
      else if (c === '`') { k = src.indexOf('`', k + 1); if (k < 0) throw new Error(`line ${line}: unterminated raw string`); }
      else if (c === '}' && src[k + 1] === '}') break;
    }
    if (k >= src.length) throw new Error(`line ${line}: unterminated action`);
    let text = src.slice(j, k);
    if (/\s-$/.test(text)) text = text.slice(0, -2);
    out.push({ text: text.trim(), line });
    i = k + 2;
  }
  return out;
}

/** Words of an action outside strings: identifiers, $variables, .Field.chains. */
function words(text: string): string[] {
  const bare = text.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/`[^`]*`/g, '""');
  return bare.match(/\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*|(?<![A-Za-z0-9_$)])\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*|[A-Za-z_][A-Za-z0-9_]*|:=|=/g) ?? [];
}

function hasPath(obj: unknown, path: string[]): boolean {
  let cur = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !(p in (cur as object))) return false;
    cur = (cur as Record<string, unknown>)[p];
  }
  return true;
}

/** Problems found in a template; an empty list means it reads well. */
function check(src: string): string[] {
  const problems: string[] = [];
  type Frame = { kind: string; line: number; vars: Set<string>; rebound: boolean };
  const stack: Frame[] = [{ kind: 'root', line: 0, vars: new Set(['$']), rebound: false }];
  const declared = (v: string) => stack.some((f) => f.vars.has(v));
  for (const { text, line } of actions(src)) {
    const ws = words(text);
    const head = ws[0];
    const rebound = stack.some((f) => f.rebound);
    // The pipeline of a with/range header is evaluated before the dot is rebound.
    const headerRebound = rebound;
    if (head === 'end') {
      if (stack.length === 1) problems.push(`line ${line}: {{end}} without an open block`);
      else stack.pop();
      continue;
    }
    if (head === 'else') {
      const top = stack[stack.length - 1];
      if (!['if', 'with', 'range'].includes(top.kind)) problems.push(`line ${line}: {{else}} outside if/with/range`);
      // The else branch of with/range sees the outer dot; `else if` / `else with` start a new test.
      top.rebound = ws[1] === 'with';
      top.vars = new Set();
    }
    const body = head === 'else' ? ws.slice(1) : ws;
    const opener = ['if', 'with', 'range', 'define', 'block'].includes(head) ? head : undefined;
    // Variables: declarations (`$x :=`) and uses.
    const newVars: string[] = [];
    for (let n = 0; n < body.length; n++) {
      const w = body[n];
      if (w.startsWith('$')) {
        const name = w.split('.')[0];
        const declares = body[n + 1] === ':=' || (opener === 'range' && body.slice(n + 1).includes(':=') && body[n + 1] !== '=');
        if (declares) newVars.push(name);
        else if (!declared(name) && !newVars.includes(name)) problems.push(`line ${line}: variable ${name} used before it is declared`);
      } else if (w.startsWith('.')) {
        const root = w.slice(1).split('.')[0];
        const dotRebound = (opener === 'with' || opener === 'range') || head === 'else' ? headerRebound : rebound;
        if (dotRebound) {
          if (ROOT_FIELDS.has(root)) problems.push(`line ${line}: ${w} inside with/range, where the dot is no longer the template data (use $${w})`);
        } else {
          if (!ROOT_FIELDS.has(root)) problems.push(`line ${line}: ${w}: the template data has no field ${root}`);
          if (root === 'Values' && !hasPath(values, w.split('.').slice(2))) problems.push(`line ${line}: ${w} is not in the injector's values`);
        }
      } else if (/^[A-Za-z_]/.test(w) && !KEYWORDS.has(w) && !FUNCS.has(w)) {
        problems.push(`line ${line}: unknown function ${w}`);
      }
    }
    if (opener) stack.push({ kind: opener, line, vars: new Set(newVars), rebound: opener === 'with' || opener === 'range' });
    else for (const v of newVars) stack[stack.length - 1].vars.add(v);
  }
  for (const f of stack.slice(1)) problems.push(`line ${f.line}: {{${f.kind}}} never closed`);
  return problems;
}

describe('istio sidecar injector: configuration', () => {
  it('is YAML with the keys istiod reads', () => {
    expect(config.policy).toBe('enabled');
    expect(config.defaultTemplates).toEqual(['sidecar']);
    expect(config.alwaysInjectSelector).toEqual([]);
    expect(config.neverInjectSelector).toEqual([]);
    expect(config.injectedAnnotations).toEqual({});
    expect(Object.keys(config.templates).sort()).toEqual(['gateway', 'sidecar']);
    for (const t of Object.values(config.templates)) expect(typeof t).toBe('string');
  });

  it('reads values whose proxy image is the one the gateways run', () => {
    const g = values.global as Record<string, unknown>;
    const image = `${g.hub}/${(g.proxy as Record<string, string>).image}:${g.tag}`;
    const gw = byId('Deployment', 'istio-ingressgateway');
    const c = ((gw.spec as YMap).template as YMap).spec as YMap;
    expect((c.containers as YMap[])[0].image).toBe(image);
    expect((values.pilot as { cni: { enabled: boolean } }).cni.enabled).toBe(true);
  });

  it('needs native sidecars turned on in istiod', () => {
    const d = byId('Deployment', 'istiod');
    const env = ((((d.spec as YMap).template as YMap).spec as YMap).containers as YMap[])[0].env as YMap[];
    expect(env.find((e) => e.name === 'ENABLE_NATIVE_SIDECARS')?.value).toBe('true');
  });

  for (const name of ['sidecar', 'gateway']) {
    it(`template ${name} is a well-formed Go template`, () => {
      expect(check(config.templates[name])).toEqual([]);
    });
  }

  it('the structural check finds the mistakes it is meant to find', () => {
    expect(check('{{ if .Values.global.hub }}x')).toEqual(['line 1: {{if}} never closed']);
    expect(check('{{ end }}')).toEqual(['line 1: {{end}} without an open block']);
    expect(check('{{ $a = 1 }}')).toEqual(['line 1: variable $a used before it is declared']);
    expect(check('{{ $a := list }}{{ $a = append $a 1 }}')).toEqual([]);
    expect(check('{{ with .Values.global }}{{ .Values.revision }}{{ end }}')).toEqual(
      ['line 1: .Values.revision inside with/range, where the dot is no longer the template data (use $.Values.revision)']);
    expect(check('{{ with .Values.global }}{{ .hub }}{{ else }}{{ .Values.revision }}{{ end }}')).toEqual([]);
    expect(check('{{ .Values.global.nope }}')).toEqual(['line 1: .Values.global.nope is not in the injector\'s values']);
    expect(check('{{ frobnicate .ObjectMeta }}')).toEqual(['line 1: unknown function frobnicate']);
    expect(check('{{ .Pod.Name }}')).toEqual(['line 1: .Pod.Name: the template data has no field Pod']);
  });
});

// ---------------------------------------------------------------------------------------------
// Executing the templates with Go.

const SPRIG_SRC = '/usr/share/gocode/src/github.com/Masterminds/sprig';
const haveGo = spawnSync('go', ['version']).status === 0 && existsSync(SPRIG_SRC) && existsSync('/usr/share/gocode/src/gopkg.in/yaml.v3');

type Pod = { metadata: YMap; spec: { initContainers?: YMap[]; containers?: YMap[]; volumes?: YMap[]; securityContext?: YMap } };
interface Case {
  name: string; template: string; env?: Record<string, string>; annotations?: Record<string, string>;
  labels?: Record<string, string>; containers?: unknown[]; proxyMetadata?: Record<string, string>;
}
const cases: Case[] = [
  { name: 'native', template: 'sidecar', env: { ENABLE_NATIVE_SIDECARS: 'true' } },
  { name: 'native-off-by-annotation', template: 'sidecar', env: { ENABLE_NATIVE_SIDECARS: 'true' }, annotations: { 'sidecar.istio.io/nativeSidecar': 'false' } },
  { name: 'native-on-by-annotation', template: 'sidecar', env: {}, annotations: { 'sidecar.istio.io/nativeSidecar': 'true' } },
  { name: 'no-env', template: 'sidecar', env: {} },
  { name: 'interception-none', template: 'sidecar', env: { ENABLE_NATIVE_SIDECARS: 'true' }, annotations: { 'sidecar.istio.io/nativeSidecar': 'false', 'sidecar.istio.io/interceptionMode': 'NONE' } },
  { name: 'interception-none-native', template: 'sidecar', env: { ENABLE_NATIVE_SIDECARS: 'true' }, annotations: { 'sidecar.istio.io/interceptionMode': 'NONE' } },
  {
    name: 'overrides', template: 'sidecar', env: { ENABLE_NATIVE_SIDECARS: 'true' },
    labels: { app: 'web', 'app.kubernetes.io/name': 'web-ui', version: 'v2' },
    annotations: {
      'sidecar.istio.io/proxyCPU': '50m', 'sidecar.istio.io/proxyMemory': '64Mi', 'sidecar.istio.io/proxyMemoryLimit': '2Gi',
      'sidecar.istio.io/logLevel': 'debug', 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8',
      'traffic.sidecar.istio.io/excludeInboundPorts': '9000', 'traffic.sidecar.istio.io/excludeOutboundPorts': '3306',
      'kubectl.kubernetes.io/default-container': 'main', 'readiness.status.sidecar.istio.io/periodSeconds': '5',
    },
    containers: [{ name: 'main', image: 'x', ports: [{ name: 'http', containerPort: 8888, protocol: 'TCP' }] }, { name: 'helper', image: 'y', ports: [] }],
    proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' },
  },
  { name: 'gateway', template: 'gateway', env: { ENABLE_NATIVE_SIDECARS: 'true' }, labels: { app: 'my-gateway', istio: 'my-gateway' }, containers: [{ name: 'istio-proxy', image: 'auto', ports: [] }] },
];

function renderAll(): Record<string, { rendered: string; error?: string }> {
  const input = {
    templates: config.templates, values: data.values,
    cases: cases.map((c) => ({
      name: c.name, template: c.template, env: c.env ?? {}, proxyMetadata: c.proxyMetadata,
      typeMeta: { apiVersion: 'apps/v1', kind: 'Deployment' },
      deploymentMeta: { name: 'web', namespace: 'kubeflow-user-example-com' },
      objectMeta: { name: 'web-7d9f-abcde', namespace: 'kubeflow-user-example-com', labels: c.labels ?? { app: 'web' }, annotations: c.annotations ?? {} },
      spec: { containers: c.containers ?? [{ name: 'app', image: 'x', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }] },
    })),
  };
  const gocache = join(tmpdir(), 'kfm-istio-injector-gocache');
  mkdirSync(gocache, { recursive: true });
  const r = spawnSync('go', ['run', 'render.go'], {
    cwd: join(import.meta.dirname, 'istio-injector'), input: JSON.stringify(input), encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: gocache, GOFLAGS: '' },
    timeout: 300_000, maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`go run render.go failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe.skipIf(!haveGo)('istio sidecar injector: templates executed with Go text/template and sprig', () => {
  let results: Record<string, { rendered: string; error?: string }> | undefined;
  const pod = (name: string): Pod => {
    results ??= renderAll();
    const r = results[name];
    if (r.error) throw new Error(`${name}: ${r.error}\n${r.rendered}`);
    expect(r.rendered).not.toContain('<no value>');
    return load(r.rendered) as Pod;
  };
  const named = (list: YMap[] | undefined, name: string) => list?.find((c) => c.name === name);
  const argAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

  it('renders every case without error', { timeout: 300_000 }, () => {
    for (const c of cases) pod(c.name);
  });

  it('native sidecar: istio-validation, then istio-proxy as an init container that keeps running', () => {
    const p = pod('native');
    expect(p.spec.containers).toBeUndefined();
    expect(p.spec.initContainers!.map((c) => c.name)).toEqual(['istio-validation', 'istio-proxy']);
    const proxy = p.spec.initContainers![1];
    expect(proxy.restartPolicy).toBe('Always');
    expect(proxy.image).toBe('gcr.io/istio-release/proxyv2:1.28.0');
    expect((proxy.startupProbe as YMap).failureThreshold).toBe(600);
    expect(((proxy.startupProbe as YMap).httpGet as YMap).port).toBe(15021);
    expect((proxy.readinessProbe as YMap).periodSeconds).toBe(15);
    expect(((proxy.lifecycle as YMap).preStop as YMap).exec).toEqual({ command: ['pilot-agent', 'request', '--debug-port=15020', 'POST', 'drain'] });
    expect(proxy.args).toEqual(['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info']);
    const env = Object.fromEntries((proxy.env as YMap[]).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(env.CA_ADDR).toBe('istiod.istio-system.svc:15012');
    expect(env.ISTIO_META_APP_CONTAINERS).toBe('app');
    expect(env.ISTIO_META_CLUSTER_ID).toBe('Kubernetes');
    expect(env.ISTIO_META_OWNER).toBe('kubernetes://apis/apps/v1/namespaces/kubeflow-user-example-com/deployments/web');
    expect(JSON.parse(env.ISTIO_META_POD_PORTS as string)).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(JSON.parse(env.PROXY_CONFIG as string).discoveryAddress).toBe('istiod.istio-system.svc:15012');
    expect(proxy.resources).toEqual({ requests: { cpu: '10m', memory: '40Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } });
  });

  it('every injected container is unprivileged (restricted Pod Security Standard)', () => {
    for (const c of cases) {
      const p = pod(c.name);
      for (const k of [...(p.spec.initContainers ?? []), ...(p.spec.containers ?? [])]) {
        expect(k.securityContext, `${c.name} ${k.name}`).toMatchObject({
          allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, runAsUser: 1337,
          capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(k.securityContext, `${c.name} ${k.name}`).not.toHaveProperty('capabilities.add');
        expect((k.resources as YMap).requests, `${c.name} ${k.name}`).toBeTruthy();
      }
    }
  });

  it('CNI mode: the validation container only checks the redirection the plugin set up', () => {
    const v = named(pod('native').spec.initContainers, 'istio-validation')!;
    const args = v.args as string[];
    expect(args[0]).toBe('istio-iptables');
    expect(args).toContain('--run-validation');
    expect(args).toContain('--skip-rule-apply');
    expect(argAfter(args, '-p')).toBe('15001');
    expect(argAfter(args, '-z')).toBe('15006');
    expect(argAfter(args, '-u')).toBe('1337');
    expect(argAfter(args, '-m')).toBe('REDIRECT');
    expect(argAfter(args, '-i')).toBe('*');
    expect(argAfter(args, '-d')).toBe('15020,15021,15090');
    expect(v.resources).toEqual({ requests: { cpu: '10m', memory: '10Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } });
    expect(named(pod('native').spec.initContainers, 'istio-init')).toBeUndefined();
  });

  it('annotates the pod for the CNI plugin and kubectl', () => {
    const m = pod('native').metadata;
    expect(m.annotations).toEqual({
      'istio.io/rev': 'default',
      'kubectl.kubernetes.io/default-container': 'app',
      'kubectl.kubernetes.io/default-logs-container': 'app',
      'sidecar.istio.io/interceptionMode': 'REDIRECT',
      'traffic.sidecar.istio.io/includeOutboundIPRanges': '*',
      'traffic.sidecar.istio.io/includeInboundPorts': '*',
      'traffic.sidecar.istio.io/excludeInboundPorts': '15020,15021,15090',
    });
    expect(m.labels).toEqual({ 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': 'web', 'service.istio.io/canonical-revision': 'latest' });
  });

  it('a pod can opt out of (or into) native mode with sidecar.istio.io/nativeSidecar', () => {
    const off = pod('native-off-by-annotation');
    expect(off.spec.initContainers!.map((c) => c.name)).toEqual(['istio-validation']);
    expect(off.spec.containers!.map((c) => c.name)).toEqual(['istio-proxy']);
    expect(off.spec.containers![0].restartPolicy).toBeUndefined();
    expect(off.spec.containers![0].lifecycle).toBeUndefined();
    expect(pod('no-env').spec.containers!.map((c) => c.name)).toEqual(['istio-proxy']);
    expect(pod('native-on-by-annotation').spec.initContainers!.map((c) => c.name)).toEqual(['istio-validation', 'istio-proxy']);
  });

  it('interception mode NONE: no validation container, and an empty (not null) init container list', () => {
    const none = pod('interception-none');
    expect(none.spec.initContainers).toEqual([]);
    expect(none.spec.containers!.map((c) => c.name)).toEqual(['istio-proxy']);
    expect(pod('interception-none-native').spec.initContainers!.map((c) => c.name)).toEqual(['istio-proxy']);
  });

  it('per-pod annotations override resources, log level, probes and redirection', () => {
    const p = pod('overrides');
    const proxy = named(p.spec.initContainers, 'istio-proxy')!;
    expect(proxy.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '2000m', memory: '2Gi' } });
    expect(proxy.args).toContain('--proxyLogLevel=debug');
    expect((proxy.readinessProbe as YMap).periodSeconds).toBe(5);
    const env = Object.fromEntries((proxy.env as YMap[]).map((e) => [e.name, e.value]));
    expect(env.ISTIO_META_APP_CONTAINERS).toBe('main,helper');
    expect(env.ISTIO_META_DNS_CAPTURE).toBe('true');
    expect(JSON.parse(env.ISTIO_META_POD_PORTS as string)).toEqual([{ name: 'http', containerPort: 8888, protocol: 'TCP' }]);
    const a = p.metadata.annotations as Record<string, string>;
    expect(a['traffic.sidecar.istio.io/excludeOutboundIPRanges']).toBe('10.0.0.0/8');
    expect(a['traffic.sidecar.istio.io/excludeInboundPorts']).toBe('15020,15021,15090,9000');
    expect(a['traffic.sidecar.istio.io/excludeOutboundPorts']).toBe('3306');
    expect(a['kubectl.kubernetes.io/default-container']).toBeUndefined(); // the pod's own choice stays
    expect(a['kubectl.kubernetes.io/default-logs-container']).toBe('main');
    expect(p.metadata.labels).toMatchObject({ 'service.istio.io/canonical-name': 'web-ui', 'service.istio.io/canonical-revision': 'v2' });
    const args = named(p.spec.initContainers, 'istio-validation')!.args as string[];
    expect(argAfter(args, '-x')).toBe('10.0.0.0/8');
    expect(argAfter(args, '-d')).toBe('15020,15021,15090,9000');
    expect(argAfter(args, '-o')).toBe('3306');
  });

  it('mounts what the proxy needs, from volumes it declares', () => {
    const p = pod('native');
    const proxy = named(p.spec.initContainers, 'istio-proxy')!;
    const vols = new Set(p.spec.volumes!.map((v) => v.name));
    for (const m of proxy.volumeMounts as YMap[]) expect(vols.has(m.name as string), m.name as string).toBe(true);
    const token = named(p.spec.volumes, 'istio-token')!;
    expect(((token.projected as YMap).sources as YMap[])[0].serviceAccountToken).toEqual({ path: 'istio-token', expirationSeconds: 43200, audience: 'istio-ca' });
    expect(named(p.spec.volumes, 'istiod-ca-cert')!.configMap).toEqual({ name: 'istio-ca-root-cert' });
  });

  it('gateway template: Envoy as a router in the gateway container, binding low ports unprivileged', () => {
    const p = pod('gateway');
    expect(p.spec.initContainers).toBeUndefined();
    const c = named(p.spec.containers, 'istio-proxy')!;
    expect((c.args as string[]).slice(0, 2)).toEqual(['proxy', 'router']);
    expect(c.image).toBe('gcr.io/istio-release/proxyv2:1.28.0');
    expect(p.spec.securityContext).toEqual({ sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
    expect(p.metadata.labels).toEqual({ 'service.istio.io/canonical-name': 'my-gateway', 'service.istio.io/canonical-revision': 'latest' });
    const vols = new Set(p.spec.volumes!.map((v) => v.name));
    for (const m of c.volumeMounts as YMap[]) expect(vols.has(m.name as string), m.name as string).toBe(true);
  });
});
