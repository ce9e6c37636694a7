/**
 * kustomize's remote URL grammar, for entries of `resources`, `components` and `bases`:
 *
 *   [git::]SCHEME HOST PATH[//SUBDIR][?ref=R|version=R][&timeout=T][&submodules=B]
 *
 * SCHEME is `https://`, `http://`, `ssh://` or `file://` (any letter case), or none for the scp
 * form `user@host:org/repo` and for `github.com/org/repo`. Without `//`, the repository is the
 * part up to `.git` or `_git/NAME`, else the first two path segments (`file://`: the whole path).
 * Behaviour checked against kustomize (see tests/remote).
 */

/** A git repository, a ref in it and a folder within it. */
export interface RepoSpec {
  /** The entry as written. */
  raw: string;
  /** What `git fetch` is given: scheme, user and host, then the repository path. */
  cloneUrl: string;
  /** The folder inside the repository ('' for its top). */
  subdir: string;
  /** The ref to fetch ('' for the remote's HEAD). */
  ref: string;
  /** Limit for each git command, in milliseconds. */
  timeoutMs: number;
  submodules: boolean;
  /** True when the entry was written with the deprecated `git::` prefix. */
  forcedGit: boolean;
  /** True for `file://` repositories (on this machine). */
  local: boolean;
}

/** kustomize's default limit on a git command. */
export const DEFAULT_GIT_TIMEOUT_MS = 27_000;

const SCHEMES = ['ssh://', 'https://', 'http://', 'file://'];

function cutPrefix(s: string, prefix: string): string | undefined {
  return s.slice(0, prefix.length).toLowerCase() === prefix ? s.slice(prefix.length) : undefined;
}

/** ?ref=, ?version= (ref wins), ?timeout= (seconds or a Go duration), ?submodules=. */
function parseQuery(query: string): { ref: string; timeoutMs: number; submodules: boolean } {
  const q = new URLSearchParams(query);
  const ref = q.get('ref') || q.get('version') || '';
  let timeoutMs = DEFAULT_GIT_TIMEOUT_MS;
  const t = q.get('timeout');
  if (t) {
    const ms = /^\d+$/.test(t) ? Number(t) * 1000 : goDurationMs(t);
    if (ms !== undefined && ms > 0) timeoutMs = ms;
  }
  let submodules = true;
  const s = q.get('submodules');
  if (s && /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(s)) submodules = /^(1|t|T|TRUE|true|True)$/.test(s);
  return { ref, timeoutMs, submodules };
}

/** A Go duration such as `90s`, `1m30s` or `1.5h`, in milliseconds. */
function goDurationMs(text: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * units[m[2]];
    end = re.lastIndex;
  }
  return end === text.length && end > 0 ? total : undefined;
}

/** Scheme, user and host; the rest of the entry is the repository path. */
function splitHost(n: string): { host: string; rest: string; local: boolean } | undefined {
  let scheme = '';
  for (const s of SCHEMES) {
    const rest = cutPrefix(n, s);
    if (rest !== undefined) {
      scheme = s;
      n = rest;
      break;
    }
  }
  const user = /^[a-zA-Z][a-zA-Z0-9-]*@/.exec(n)?.[0] ?? '';
  n = n.slice(user.length);
  const github = /^github\.com[/:]/i.test(n);
  const scp = scheme === '' && (user !== '' || github);
  if (scheme === '' && !scp) return undefined;
  if (scheme === 'file://') return { host: scheme, rest: user + n, local: true };
  let sepAt = n.indexOf('/');
  if (scp) {
    const colon = n.indexOf(':');
    if (sepAt === -1 || (colon > 0 && colon < sepAt)) sepAt = colon;
  }
  let host = sepAt >= 0 ? n.slice(0, sepAt + 1) : n;
  const rest = sepAt >= 0 ? n.slice(sepAt + 1) : '';
  if (github) {
    // GitHub addresses are normalized: ssh (scp form) when a user was given, else https.
    if (scheme === 'ssh://' || user !== '') {
      scheme = '';
      host = 'github.com:';
    } else {
      scheme = 'https://';
      host = 'github.com/';
    }
  }
  if (host === '') return undefined;
  return { host: scheme + user + host, rest, local: false };
}

/** Repository path and folder within it. */
function splitPath(n: string, local: boolean): { repo: string; subdir: string } | undefined {
  const dbl = n.indexOf('//');
  if (dbl >= 0) return { repo: n.slice(0, dbl), subdir: n.slice(dbl + 2) };
  const gitAt = n.indexOf('.git');
  if (gitAt >= 0 && (gitAt + 4 === n.length || n[gitAt + 4] === '/')) {
    return { repo: n.slice(0, gitAt + 4), subdir: n.slice(gitAt + 5) };
  }
  const azure = /(^|\/)_git\/[^/]+/.exec(n);
  if (azure) {
    const end = azure.index + azure[0].length;
    return { repo: n.slice(0, end), subdir: n.slice(end + 1) };
  }
  if (local) return { repo: n, subdir: '' };
  const parts = n.split('/');
  if (parts.length < 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { repo: parts.slice(0, 2).join('/'), subdir: parts.slice(2).join('/') };
}

/** The git repository an entry names, or undefined when it is not a remote git address. */
export function parseRepoSpec(entry: string): RepoSpec | undefined {
  if (entry.startsWith('/')) return undefined;
  const forced = cutPrefix(entry, 'git::');
  const body = forced ?? entry;
  const q = body.indexOf('?');
  const path = q >= 0 ? body.slice(0, q) : body;
  const query = parseQuery(q >= 0 ? body.slice(q + 1) : '');
  const h = splitHost(path);
  if (!h) return undefined;
  const p = splitPath(h.rest, h.local);
  if (!p || p.repo === '') return undefined;
  return {
    raw: entry,
    cloneUrl: h.host + p.repo,
    subdir: p.subdir.replace(/^\/+|\/+$/g, ''),
    ...query,
    forcedGit: forced !== undefined,
    local: h.local,
  };
}

/** True for an `http://` or `https://` URL, which may name a single resource file. */
export function isHttpUrl(entry: string): boolean {
  return /^https?:\/\//i.test(entry);
}

/**
 * True when an HTTP(S) URL is plainly a repository address: a `//` folder separator, a `.git` or
 * `_git/` repository, or a `ref`/`version` query. kfm asks git for these directly, without first
 * trying them as a file (see KNOWN-DIFFERENCES.md).
 */
export function isPlainlyGit(entry: string): boolean {
  const [path, query = ''] = entry.replace(/^(git::)?[a-z]+:\/\//i, '').split('?');
  return /\/\/|\.git(\/|$)|(^|\/)_git\//.test(path) || /(^|&)(ref|version)=/.test(query);
}
