/**
 * The `kfm` command line: a thin layer over {@link build}. Output is rendered completely before
 * anything is written, so a failing build prints nothing on stdout and leaves no partial files.
 */
import { Command, Option, CommanderError } from 'commander';
import { Worker } from 'node:worker_threads';
import { build, type BuildResult } from '../build/index.js';
import { BuildError } from '../errors.js';
import { DeepInputError, hasLargeStack } from '../yaml/normalize.js';
import { VERSION } from '../version.js';
import { cacheDir, storeOutput, type CacheableBuild } from './cache.js';
import { ParseCache } from './parsecache.js';
import { addCacheCommand } from './cache-command.js';
import { OutputClosed, OutputError, writeStderr, writeStdout } from './output.js';
import { writeToDirectory, writeToFile, isDirectoryOutput } from './files.js';
import type { Probe } from '../build/probe.js';
import { basename } from 'node:path';
import { addToolCommands } from './tools.js';
import { addEditCommands } from './edit.js';
import { addCompletionCommand, addPluginFlags, addVersionCommand, type BuildFlags } from './dropin.js';
import { inPhaseOrder, PHASES } from '../tools/phases.js';
import { emitResource } from '../build/index.js';
import { freshnessFromEnv, type Freshness } from '../remote/record.js';
import { localize } from './localize.js';

export { outputFileName } from './files.js';

/**
 * Output is held back up to this size, so that a build failing while its output is written
 * (a value that cannot be printed) prints nothing; larger output is streamed.
 */
const HOLD_BACK = 64 * 1024 * 1024;

/**
 * Prints a build's output; returns it as printed (UTF-8), unless it was too large to hold and went
 * out in pieces. Encoded once: the output cache keeps and checks the same bytes (on the Kubeflow
 * tree each further encoding of its 5 MB cost about 30 ms).
 */
function printBuild(result: BuildResult): Buffer | undefined {
  const held: string[] = [];
  let bytes = 0;
  let streaming = false;
  for (const piece of result.pieces()) {
    if (streaming) {
      writeStdout(piece);
      continue;
    }
    held.push(piece);
    bytes += Buffer.byteLength(piece, 'utf8');
    if (bytes > HOLD_BACK) {
      for (const p of held) writeStdout(p);
      held.length = 0;
      streaming = true;
    }
  }
  if (streaming) return undefined;
  // Written piece by piece into one buffer: joining the pieces first would hold the output a
  // third time at the build's peak of memory.
  const out = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (const p of held) at += out.write(p, at, 'utf8');
  held.length = 0;
  writeStdout(out);
  return out;
}

function fail(message: string, code = 1): never {
  writeStderr(`Error: ${message}\n`);
  process.exit(code);
}

function ttlArg(v: string): number {
  if (!/^\d+$/.test(v)) throw new BuildError(`--remote-ttl: '${v}' is not a number of seconds`);
  return Number(v);
}

/** How far remote answers are trusted: the flags over KFM_OFFLINE and KFM_REMOTE_TTL. */
function remoteFreshness(opts: { offline?: boolean; remoteTtl?: number }): Freshness {
  const env = freshnessFromEnv();
  return { offline: opts.offline === true || env.offline, ttlSeconds: opts.remoteTtl ?? env.ttlSeconds };
}

/** The build's resources in apply order (all phases, or one). */
function phased(result: BuildResult, opts: BuildFlags): BuildResult {
  const resources = inPhaseOrder(result.resources, opts.phase);
  return {
    resources,
    objects: resources.map((r) => r.obj),
    yaml: () => resources.map(emitResource).join('---\n'),
    *pieces() {
      for (let i = 0; i < resources.length; i++) yield (i ? '---\n' : '') + emitResource(resources[i]);
    },
  };
}

/** A stack overflow: the input (a chain of overlays, deep YAML) nests deeper than this stack. */
function isStackOverflow(e: unknown): boolean {
  return e instanceof DeepInputError || (e instanceof RangeError && /call stack/.test(e.message));
}

/** Megabytes of stack for a build that nests deeper than the default stack takes. */
const LARGE_STACK_MB = 512;

/** Runs the whole command again on a thread with a large stack; its exit code becomes ours. */
function rerunOnLargeStack(argv: string[]): void {
  const worker = new Worker(new URL('./stack-worker.js', import.meta.url), {
    workerData: { argv },
    resourceLimits: { stackSizeMb: LARGE_STACK_MB },
    stdout: false,
    stderr: false,
  });
  worker.on('exit', (code) => {
    process.exitCode = code;
  });
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
  kfm build overlay --offline   (remote bases only from the remote cache)
  kfm localize overlay vendored (a copy with every remote base and file made local)

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
    .option('--phases', 'print the output in apply order: namespaces and CRDs, cluster configuration, workloads, webhooks')
    .option('--offline', 'use remote bases and files only from the remote cache (also: KFM_OFFLINE=1)')
    .option('--remote-ttl <seconds>', 'trust a remote branch or URL this long before checking it again (also: KFM_REMOTE_TTL; default 300)', ttlArg);
  addPluginFlags(buildCmd);
  buildCmd.action((dir: string, opts: BuildFlags) => {
    const inPhases = opts.phases || opts.phase !== undefined;
    const freshness = remoteFreshness(opts);
    const cacheRoot = opts.cache ? cacheDir() : undefined;
    // With the cache off (KFM_CACHE=off) nothing is stored: the build takes no probes for it.
    const cacheable: CacheableBuild | undefined = cacheRoot && !opts.output && !inPhases ? { dir, loadRestrictor: opts.loadRestrictor, freshness } : undefined;
    const probes: Probe[] | undefined = cacheable ? [] : undefined;
    const parseCache = cacheRoot ? new ParseCache(cacheRoot) : undefined;
    // Held until the build is done: a build run again on a larger stack would repeat them.
    const warnings: string[] = [];
    let flushed = false;
    const flushWarnings = () => {
      if (!flushed) for (const w of warnings) writeStderr(w + '\n');
      flushed = true;
    };
    let result: BuildResult;
    try {
      result = build(dir, {
        loadRestrictor: opts.loadRestrictor,
        probes,
        reorder: opts.reorder,
        managedByLabel: opts.enableManagedbyLabel,
        remote: freshness,
        onWarning: (msg) => warnings.push(msg),
        parseMemo: parseCache,
      });
    } catch (e) {
      if (isStackOverflow(e) && !hasLargeStack()) {
        rerunOnLargeStack(argv);
        return;
      }
      flushWarnings();
      if (isStackOverflow(e)) fail(`'${dir}': kustomizations or YAML nested too deeply to build`);
      throw e;
    }
    flushWarnings();
    if (inPhases) result = phased(result, opts);
    if (opts.output) {
      if (isDirectoryOutput(opts.output)) writeToDirectory(result, opts.output);
      else writeToFile(result, opts.output);
      parseCache?.flush();
      return;
    }
    const out = printBuild(result);
    parseCache?.flush();
    if (cacheable && probes && out !== undefined) storeOutput(cacheable, probes, warnings, out, result);
  });

  addToolCommands(program, fail);
  addVersionCommand(program, dropIn);
  addEditCommands(program);
  addCompletionCommand(program);
  addCacheCommand(program);

  program
    .command('localize')
    .description('Copy a kustomization tree, with every remote base and file it uses, into a folder that builds offline (as `kustomize localize`)')
    .argument('[dir]', 'the kustomization directory', '.')
    .argument('[dest]', "the new folder (must not exist); default 'localized-' followed by DIR's name")
    .option('--offline', 'use remote bases and files only from the remote cache (also: KFM_OFFLINE=1)')
    .option('--remote-ttl <seconds>', 'trust a remote branch or URL this long before checking it again', ttlArg)
    .action((dir: string, dest: string | undefined, opts: { offline?: boolean; remoteTtl?: number }) => {
      const written = localize(dir, dest, { remote: remoteFreshness(opts), onWarning: (msg) => writeStderr(msg + '\n') });
      writeStderr(`localized ${dir} into ${written}\n`);
    });

  try {
    void program.parseAsync(argv).catch(handle);
  } catch (e) {
    handle(e);
  }
}

/** User errors print one line and exit 1; a closed pipe ends quietly; anything else is a bug. */
function handle(e: unknown): never {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 1);
  if (e instanceof OutputClosed) process.exit(0);
  if (e instanceof BuildError || e instanceof OutputError) fail(e.message);
  if (e instanceof Error && 'code' in e && typeof (e as NodeJS.ErrnoException).code === 'string') fail(e.message);
  throw e;
}
