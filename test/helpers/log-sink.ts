/** A pino destination for tests: each JSON log line the server writes, parsed, in `lines` as it arrives. */
import { Writable } from 'node:stream';

export function jsonLogSink<T>(): { sink: Writable; lines: T[] } {
  const lines: T[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as T);
      done();
    },
  });
  return { sink, lines };
}
