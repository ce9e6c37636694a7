/**
 * A bounded HTTP GET for remote resource files. The build is synchronous, so the request runs in
 * a short-lived Node process; its time and the size of what it reads are limited.
 */
import { spawnSync } from 'node:child_process';

/** What a GET found: a status and body, or a failure to talk to the server at all. */
export type HttpAnswer = { status: number; statusText: string; body: Buffer } | { failure: string };

/** Largest body accepted, in bytes: a resource file, not a download. */
export const MAX_HTTP_BYTES = 64 * 1024 * 1024;

const CHILD = `
const [url, ms, max] = process.argv.slice(1);
(async () => {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(Number(ms)), redirect: 'follow' });
    const chunks = [];
    let n = 0;
    for await (const c of r.body ?? []) {
      n += c.length;
      if (n > Number(max)) { process.stderr.write(JSON.stringify({ failure: 'the answer is larger than ' + max + ' bytes' })); process.exit(0); }
      chunks.push(c);
    }
    process.stderr.write(JSON.stringify({ status: r.status, statusText: r.statusText }));
    process.stdout.write(Buffer.concat(chunks));
  } catch (e) {
    const cause = e && e.cause && (e.cause.code || e.cause.message);
    process.stderr.write(JSON.stringify({ failure: e && e.name === 'TimeoutError' ? 'no answer within ' + Number(ms) / 1000 + 's' : String(cause || (e && e.message) || e) }));
  }
})();
`;

/** GETs `url`, waiting at most `timeoutMs`. */
export function httpGet(url: string, timeoutMs: number): HttpAnswer {
  const r = spawnSync(process.execPath, ['-e', CHILD, url, String(timeoutMs), String(MAX_HTTP_BYTES)], {
    timeout: timeoutMs + 5000,
    killSignal: 'SIGKILL',
    maxBuffer: MAX_HTTP_BYTES + 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.signal) return { failure: `no answer within ${timeoutMs / 1000}s` };
  try {
    const meta = JSON.parse(r.stderr.toString('utf8')) as { status?: number; statusText?: string; failure?: string };
    if (meta.failure !== undefined) return { failure: meta.failure };
    return { status: meta.status ?? 0, statusText: meta.statusText ?? '', body: r.stdout };
  } catch {
    return { failure: `the request failed (${r.stderr.toString('utf8').trim().split('\n').pop() ?? 'no message'})` };
  }
}
