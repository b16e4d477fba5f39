/**
 * The bench's baseline for the keep-alive path: a bare Fastify HTTPS server with the SM-DP+'s TLS settings
 * whose four ES9+ routes answer the recorded answers of a real download (same sizes, same headers), with no
 * SGP.22 work and no log. Started as its own process (`node --import tsx bench/bare-route-server.ts
 * <key.pem> <chain.pem> <exchanges.json>`) so /proc gives its CPU alone; prints its port.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { tlsServerOptions } from '../src/rsp-server/tls-policy.ts';
import { DEFAULT_CONFIG } from '../src/smdp/config.ts';
import type { RecordedExchange } from './bare-route.ts';

const [keyFile, chainFile, exchangesFile] = process.argv.slice(2);
const exchanges = JSON.parse(readFileSync(exchangesFile!, 'utf8')) as RecordedExchange[];
const app = Fastify({
  https: { key: readFileSync(keyFile!), cert: readFileSync(chainFile!), ...tlsServerOptions(DEFAULT_CONFIG) },
});
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
for (const { functionName, answer } of exchanges) {
  const bytes = answer === undefined ? undefined : Buffer.from(answer);
  app.post(`/gsma/rsp2/es9plus/${functionName}`, async (_request, reply) => {
    reply.header('X-Admin-Protocol', 'gsma/rsp/v2.2.2');
    if (bytes === undefined) return reply.code(204).send();
    return reply.header('Content-Type', 'application/json;charset=UTF-8').send(bytes);
  });
}
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`port ${(app.server.address() as AddressInfo).port}`);
process.on('SIGTERM', () => process.exit(0));
