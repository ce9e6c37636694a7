/**
 * The `kfm` command line: a thin layer over {@link build}. Output is rendered completely before
 * anything is written, so a failing build prints nothing on stdout and leaves no partial files.
 */
import { Command, Option, CommanderError } from 'commander';
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, emitResource, type BuildResult } from '../build/index.js';
import { BuildError } from '../errors.js';
import { YamlSyntaxError } from '../yaml/index.js';
import { EmitError } from '../yaml/emit.js';
import { isClusterScoped, type Resource } from '../resource/index.js';
import { VERSION } from '../version.js';
import { storeOutput, type CacheableBuild } from './cache.js';
import type { Probe } from '../build/probe.js';
import { freshnessFromEnv } from '../remote/record.js';
import { localize } from './localize.js';

/** kustomize's file name for a resource written with `-o DIR`. */
export function outputFileName(r: Resource, multipleNamespaces: boolean): string {
  const id = r.id();
  const gvk = [id.group, id.version, id.kind].filter(Boolean).join('_');
  const base = `${gvk}_${id.name}`.toLowerCase() + '.yaml';
  if (multipleNamespaces && !isClusterScoped(id)) return `${(id.namespace || 'default').toLowerCase()}_${base}`;
  return base;
}

function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${Date.now()}-${process.pid}.kfm-tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function writeOutput(result: BuildResult, output: string | undefined): void {
  if (!output) {
    process.stdout.write(result.yaml());
    return;
  }
  if (existsSync(output) && statSync(output).isDirectory()) {
    const namespaces = new Set(result.resources.filter((r) => !isClusterScoped(r.id())).map((r) => r.id().namespace || 'default'));
    const files = result.resources.map((r) => [outputFileName(r, namespaces.size > 1), emitResource(r)] as const);
    const staging = mkdtempSync(join(output, '.kfm-'));
    try {
      for (const [name, text] of files) writeFileSync(join(staging, name), text);
      for (const [name] of files) renameSync(join(staging, name), join(output, name));
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    return;
  }
  writeAtomically(output, result.yaml());
}

interface BuildFlags {
  output?: string;
  cache: boolean;
  loadRestrictor: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';
  offline?: boolean;
  remoteTtl?: number;
}

function ttlArg(v: string): number {
  if (!/^\d+$/.test(v)) throw new BuildError(`--remote-ttl: '${v}' is not a number of seconds`);
  return Number(v);
}

/** Remote cache use from the flags, falling back to KFM_OFFLINE and KFM_REMOTE_TTL. */
function remoteFreshness(opts: { offline?: boolean; remoteTtl?: number }): { offline: boolean; ttlSeconds: number } {
  const env = freshnessFromEnv();
  return { offline: opts.offline === true || env.offline, ttlSeconds: opts.remoteTtl ?? env.ttlSeconds };
}

function fail(message: string): never {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
}

/** Runs the CLI with `argv` (as in process.argv). */
export function main(argv: string[]): void {
  const program = new Command();
  program
    .name('kfm')
    .description('Render kustomizations exactly as `kustomize build` (5.7.1) prints them, fast.')
    .version(VERSION, '--version', 'print the kfm version')
    .addHelpText('after', `
Examples:
  kfm build example | kubectl apply --server-side -f -
  kfm build applications/katib/upstream/installs/katib-with-kubeflow -o katib.yaml
  kfm build example -o out/     (an existing directory: one file per resource)
  kfm build overlay --offline   (remote bases only from the remote cache)
  kfm localize overlay vendored (a copy with every remote base and file made local)

A build that fails prints the file and field at fault on stderr, nothing on stdout, and exits 1.`)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('build')
    .description('Build a kustomization directory and print its resources as YAML, as `kustomize build DIR` does')
    .argument('[dir]', 'the kustomization directory', '.')
    .option('-o, --output <path>', 'write to this file, or to this existing directory as one file per resource')
    .addOption(
      new Option('--load-restrictor <restrictor>', 'whether files outside a kustomization root may be read')
        .choices(['LoadRestrictionsRootOnly', 'LoadRestrictionsNone'])
        .default('LoadRestrictionsRootOnly'),
    )
    .option('--no-cache', 'build afresh and leave the output cache alone (also: KFM_CACHE=off)')
    .option('--offline', 'use remote bases and files only from the remote cache (also: KFM_OFFLINE=1)')
    .option('--remote-ttl <seconds>', 'trust a remote branch or URL this long before checking it again (also: KFM_REMOTE_TTL; default 300)', ttlArg)
    .action((dir: string, opts: BuildFlags) => {
      const freshness = remoteFreshness(opts);
      const cacheable: CacheableBuild | undefined = opts.cache && !opts.output ? { dir, loadRestrictor: opts.loadRestrictor, freshness } : undefined;
      const probes: Probe[] | undefined = cacheable ? [] : undefined;
      const warnings: string[] = [];
      const result = build(dir, {
        loadRestrictor: opts.loadRestrictor,
        probes,
        remote: freshness,
        onWarning: (msg) => {
          warnings.push(msg);
          process.stderr.write(msg + '\n');
        },
      });
      if (cacheable && probes) {
        const out = result.yaml();
        process.stdout.write(out);
        storeOutput(cacheable, probes, warnings, out);
        return;
      }
      writeOutput(result, opts.output);
    });

  program
    .command('localize')
    .description('Copy a kustomization tree, with every remote base and file it uses, into a folder that builds offline (as `kustomize localize`)')
    .argument('[dir]', 'the kustomization directory', '.')
    .argument('[dest]', "the new folder (must not exist); default 'localized-' followed by DIR's name")
    .option('--offline', 'use remote bases and files only from the remote cache (also: KFM_OFFLINE=1)')
    .option('--remote-ttl <seconds>', 'trust a remote branch or URL this long before checking it again', ttlArg)
    .action((dir: string, dest: string | undefined, opts: { offline?: boolean; remoteTtl?: number }) => {
      const written = localize(dir, dest, { remote: remoteFreshness(opts), onWarning: (msg) => process.stderr.write(msg + '\n') });
      process.stderr.write(`localized ${dir} into ${written}\n`);
    });

  program
    .command('version')
    .description('Print the kfm version')
    .action(() => {
      process.stdout.write(`kfm ${VERSION}\n`);
    });

  try {
    program.parse(argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 1);
    if (e instanceof BuildError || e instanceof YamlSyntaxError || e instanceof EmitError) fail(e.message);
    if (e instanceof Error && 'code' in e && typeof (e as NodeJS.ErrnoException).code === 'string') fail(e.message);
    throw e;
  }
}
