/**
 * GET /admin/events: Server-Sent Events, one `exchange` event (data: the transactionId) each time the trace
 * records an ES9+ exchange, so the admin page refreshes the session list and the open trace as a download
 * runs, without polling. The events only say what changed; the page reads the data through the ordinary
 * (protected) JSON routes.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { SessionTraceStore } from '../trace/session-trace.ts';

/** A comment line now and then, so proxies and the browser keep an idle stream open. */
const KEEP_ALIVE_MS = 15_000;

export function registerTraceEvents(admin: FastifyInstance, trace: SessionTraceStore): void {
  const streams = new Set<ServerResponse>();
  // Open streams never end on their own; a closing server ends them so that close() does not wait on them.
  admin.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  admin.get('/admin/events', (request, reply) => {
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    stream.write('retry: 1000\n\n');
    streams.add(stream);
    const stop = trace.subscribe((transactionId) =>
      stream.write(`event: exchange\ndata: ${transactionId}\n\n`),
    );
    const keepAlive = setInterval(() => stream.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    request.raw.on('close', () => {
      stop();
      clearInterval(keepAlive);
      streams.delete(stream);
    });
  });
}
