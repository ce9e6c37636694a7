// Shared by the tests: running kfm in-process the way the CLI does.
import { build, BuildError, YamlSyntaxError } from '../src/index.js';
import type { LoadRestrictor } from '../src/build/trace.js';

/** Builds `dir` with CLI-style args; returns the YAML, or the error message of a user error. */
export function kfmBuild(dir: string, args: string[] = []): { yaml?: string; error?: string; warnings: string[] } {
  const warnings: string[] = [];
  const i = args.indexOf('--load-restrictor');
  const loadRestrictor = i >= 0 ? (args[i + 1] as LoadRestrictor) : undefined;
  try {
    return { yaml: build(dir, { loadRestrictor, onWarning: (w) => warnings.push(w) }).yaml(), warnings };
  } catch (e) {
    if (e instanceof BuildError || e instanceof YamlSyntaxError) return { error: e.message, warnings };
    throw e;
  }
}
