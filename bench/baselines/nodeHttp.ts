// The physical limit for our query on this machine: node:http reading the request body and
// answering with the exact bytes our server sends, doing no GraphQL work at all (or, to a request
// with If-None-Match, 304 with no body, as a cache validator check costs nothing here either).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.BENCH_RESPONSE_FILE!);

createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  if (req.headers['if-none-match']) {
    res.writeHead(304, { etag: req.headers['if-none-match'] });
    res.end();
    return;
  }
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
