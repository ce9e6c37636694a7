/**
 * Running the `git` command, as kustomize does, so that the user's credential helpers, SSH keys,
 * proxies and `insteadOf` rules apply. Every call is bounded by a timeout and never prompts: a
 * server that hangs or asks for a password fails the build instead of stopping it.
 */
import { spawnSync } from 'node:child_process';

/** A git failure, already worded for the user (one line, naming the URL). */
export class GitError extends Error {
  readonly code = 'KFM_GIT';
}

/** How a failed fetch is explained, from what git printed. */
const CAUSES: Array<[RegExp, (url: string, ref: string) => string]> = [
  [
    /could not read (Username|Password)|Authentication failed|terminal prompts disabled|Permission denied \(publickey|HTTP (Basic: )?Access denied|The requested URL returned error: 40[13]/i,
    (url) => `authentication to '${url}' failed; set up git credentials for this host (a credential helper, a token or an SSH key) and try again`,
  ],
  [
    /couldn't find remote ref|not our ref|unadvertised object|no such remote ref|invalid refspec|bad object/i,
    (url, ref) => `ref '${ref || 'HEAD'}' was not found in '${url}'; check ?ref= (a branch, a tag or a full commit id)`,
  ],
  [
    /Could not resolve host|Failed to connect|Connection refused|Connection timed out|Network is unreachable|Could not resolve hostname|Operation timed out|No route to host|unable to access/i,
    (url) => `cannot reach '${url}'; check the address and the network, or build with --offline from the cache`,
  ],
  [
    /does not appear to be a git repository|repository '.*' not found|not a git repository|Repository not found|returned error: 404/i,
    (url) => `'${url}' is not a git repository that can be fetched; check the URL`,
  ],
];

/** What went wrong, from git's own error output, as one line for the user. */
export function explainGitFailure(stderr: string, url: string, ref: string): string {
  const last = stderr.trim().split('\n').filter((l) => /^(fatal|error):/.test(l)).pop() ?? stderr.trim().split('\n').pop() ?? '';
  for (const [re, say] of CAUSES) if (re.test(stderr)) return `${say(url, ref)} (git: ${last.trim()})`;
  return `git failed fetching '${url}'${ref ? ` at '${ref}'` : ''}: ${last.trim() || 'no message'}`;
}

/** Runs the git executable, counting the processes it starts. */
export class GitRunner {
  /** Number of git processes started. */
  calls = 0;

  /**
   * Runs `git ARGS` in `cwd` for at most `timeoutMs`; returns its standard output, or throws a
   * {@link GitError} explained for `url` and `ref`.
   */
  run(args: string[], cwd: string | undefined, timeoutMs: number, url: string, ref: string): string {
    this.calls++;
    const r = spawnSync('git', args, {
      cwd,
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new GitError(`cannot fetch '${url}': the git command was not found; install git or vendor the tree`);
    }
    if (r.signal || (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')) {
      throw new GitError(
        `git took longer than ${timeoutMs / 1000}s fetching '${url}' and was stopped; check the server, or raise the limit with ?timeout=SECONDS`,
      );
    }
    if (r.status !== 0) throw new GitError(explainGitFailure(r.stderr ?? '', url, ref));
    return r.stdout;
  }
}
