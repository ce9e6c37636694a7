// A local HTTP server for the remote tests, run as a child process so that a test may block on a
// synchronous build while the server answers. It listens on 127.0.0.1 only and prints its port.
//   /git/<repo>...   git's smart HTTP protocol, through `git http-backend` (repos under argv[2])
//   /auth/git/...    the same behind HTTP basic authentication that no one can pass
//   /raw/<path>      files under argv[3], as they are; anything else is a 404
//   /hang/...        never answers (timeouts)
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

const [gitRoot, rawRoot] = process.argv.slice(2);

function backend(req, res, pathInfo, query) {
  const env = {
    ...process.env,
    GIT_PROJECT_ROOT: gitRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: pathInfo,
    REQUEST_METHOD: req.method,
    QUERY_STRING: query,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: '127.0.0.1',
    GIT_PROTOCOL: req.headers['git-protocol'] ?? '',
    HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
  };
  const cgi = spawn('git', ['http-backend'], { env });
  req.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let headerDone = false;
  cgi.stdout.on('data', (chunk) => {
    if (headerDone) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headerDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString().split('\r\n')) {
      const i = line.indexOf(':');
      const name = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.statusCode = status;
    res.write(head.subarray(end + 4));
  });
  cgi.stdout.on('end', () => res.end());
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const query = url.search.slice(1);
  if (url.pathname.startsWith('/hang/')) return; // never answered
  if (url.pathname.startsWith('/auth/')) {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="kfm tests"' });
    return void res.end('no');
  }
  if (url.pathname.startsWith('/git/')) {
    // A plain GET of a kustomize-style URL (`repo.git//sub`) is not git's: 404, as a forge would.
    if (!/\/(info\/refs|git-upload-pack)$/.test(url.pathname)) {
      res.writeHead(404);
      return void res.end('not found');
    }
    return backend(req, res, url.pathname.slice('/git'.length), query);
  }
  if (url.pathname.startsWith('/raw/')) {
    const rel = normalize(decodeURIComponent(url.pathname.slice('/raw/'.length)));
    if (rel.startsWith('..')) return void res.writeHead(403).end();
    try {
      const body = await readFile(join(rawRoot, rel));
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return void res.end(body);
    } catch {
      res.writeHead(404);
      return void res.end('not found');
    }
  }
  res.writeHead(404);
  res.end('not found');
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
