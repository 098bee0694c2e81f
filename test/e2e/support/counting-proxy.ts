// A pass-through HTTP proxy in front of the app that notes every request reaching the server. The
// browser's own request events also report what it serves from its cache (a worker's scripts, say)
// and cannot tell the two apart; this counts what the server would see.
//
//   const proxy = await countingProxy(app.baseUrl);
//   const b = await openBrowser(proxy.url);
//   ... proxy.since(t) ...
//   await proxy.close();
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServerRequest {
  method: string;
  path: string;
  /** Date.now() when the request reached the proxy. */
  at: number;
}

export interface CountingProxy {
  url: string;
  requests: ServerRequest[];
  /** The requests that reached the server at or after `from` (Date.now()). */
  since(from: number): ServerRequest[];
  close(): Promise<void>;
}

export async function countingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const requests: ServerRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now() });
    // the Host header goes through unchanged: the app sees (and builds its URLs for) the proxy's origin
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    since: (from) => requests.filter((r) => r.at >= from),
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
