/**
 * The `kfm` command line: a thin layer over {@link build}. Output is rendered completely before
 * anything is written, so a failing build prints nothing on stdout and leaves no partial files.
 */
import { Command, Option, CommanderError } from 'commander';
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build, emitResource, type BuildResult } from '../build/index.js';
import { BuildError } from '../errors.js';
import { YamlSyntaxError } from '../yaml/index.js';
import { EmitError } from '../yaml/emit.js';
import { isClusterScoped, type Resource } from '../resource/index.js';
import { VERSION } from '../version.js';
import { storeOutput, type CacheableBuild } from './cache.js';
import type { Probe } from '../build/probe.js';
import { addToolCommands } from './tools.js';
import { addEditCommands } from './edit.js';
import { addCompletionCommand, addPluginFlags, addVersionCommand, type BuildFlags } from './dropin.js';
import { inPhaseOrder, PHASES, type Phase } from '../tools/phases.js';

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

function fail(message: string, code = 1): never {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(code);
}

/** Runs the CLI with `argv` (as in process.argv). */
export function main(argv: string[]): void {
  // Invoked as `kustomize` (a symlink or a renamed copy), kfm stands in for it, e.g. in Argo CD.
  const dropIn = basename(argv[1] ?? '').replace(/\.js$/, '') === 'kustomize';
  const program = new Command();
  program
    .name(dropIn ? 'kustomize' : 'kfm')
    .description('Render kustomizations exactly as `kustomize build` (5.7.1) prints them, fast.')
    .version(VERSION, '--version', 'print the kfm version')
    .addHelpText('after', `
Examples:
  kfm build example | kubectl apply --server-side -f -
  kfm build applications/katib/upstream/installs/katib-with-kubeflow -o katib.yaml
  kfm build example -o out/     (an existing directory: one file per resource)

A build that fails prints the file and field at fault on stderr, nothing on stdout, and exits 1.`)
    .showHelpAfterError()
    .exitOverride();

  const buildCmd = program
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
    .addOption(new Option('--reorder <order>', "output order: legacy (kustomize's kind order) or none (input order); default: the kustomization's sortOptions").choices(['legacy', 'none']))
    .option('--enable-managedby-label', 'label every resource app.kubernetes.io/managed-by: kfm-v<version>')
    .addOption(new Option('--phase <phase>', 'print only one apply phase').choices([...PHASES]))
    .option('--phases', 'print the output in apply order: namespaces and CRDs, cluster configuration, workloads, webhooks');
  addPluginFlags(buildCmd);
  buildCmd.action((dir: string, opts: BuildFlags) => {
    const phased = opts.phases || opts.phase !== undefined;
    const cacheable: CacheableBuild | undefined = opts.cache && !opts.output && !phased ? { dir, loadRestrictor: opts.loadRestrictor } : undefined;
    const probes: Probe[] | undefined = cacheable ? [] : undefined;
    const warnings: string[] = [];
    const result = build(dir, {
      loadRestrictor: opts.loadRestrictor,
      probes,
      reorder: opts.reorder,
      managedByLabel: opts.enableManagedbyLabel,
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
    if (phased) {
      const resources = inPhaseOrder(result.resources, opts.phase);
      writeOutput({ ...result, resources, objects: resources.map((r) => r.obj), yaml: () => resources.map(emitResource).join('---\n') }, opts.output);
      return;
    }
    writeOutput(result, opts.output);
  });

  addToolCommands(program, fail);

  addVersionCommand(program, dropIn);
  addEditCommands(program);
  addCompletionCommand(program);

  try {
    void program.parseAsync(argv).catch(handle);
  } catch (e) {
    handle(e);
  }
}

/** User errors print one line and exit 1; anything else is a bug and keeps its stack. */
function handle(e: unknown): never {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 1);
  if (e instanceof BuildError || e instanceof YamlSyntaxError || e instanceof EmitError) fail(e.message);
  if (e instanceof Error && 'code' in e && typeof (e as NodeJS.ErrnoException).code === 'string') fail(e.message);
  throw e;
}
