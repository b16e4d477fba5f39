/**
 * Issue 18: the session trace keeps its answers in reused chunks (body-arena.ts). Reuse must never touch an
 * answer the trace still shows: after thousands of sessions have come and gone, every kept session reads
 * back exactly the answers it was given, and chunks do get reused once nothing in them is kept.
 */
import { describe, expect, it } from 'vitest';
import { BodyArena, type KeptBytes } from '../../src/smdp/trace/body-arena.ts';
import { SessionTraceStore } from '../../src/smdp/trace/session-trace.ts';

/** ~17 KB of JSON like a getBoundProfilePackage answer, different for each session. */
function answer(i: number) {
  return {
    header: { functionExecutionStatus: { status: 'Executed-Success' } },
    transactionId: i.toString(16).padStart(32, '0').toUpperCase(),
    boundProfilePackage: Buffer.alloc(12_800, i % 251).toString('base64'),
  };
}

describe('the trace body arena', () => {
  it('reads back every kept copy intact while released ones make room', () => {
    const arena = new BodyArena();
    const kept: { original: Buffer; copy: KeptBytes }[] = [];
    for (let i = 0; i < 3000; i++) {
      const original = Buffer.alloc(17_000 + (i % 97), i % 256);
      original.writeUInt32BE(i, 0);
      kept.push({ original, copy: arena.keep(original) });
      // First in, first out, as the trace drops its oldest sessions; the newest 50 stay.
      if (kept.length > 50) kept.shift()!.copy.release();
    }
    for (const { original, copy } of kept) expect(copy.bytes.equals(original)).toBe(true);
  });

  it('reuses a chunk once nothing in it is kept, and not before', () => {
    const arena = new BodyArena();
    const first = arena.keep(Buffer.alloc(200_000, 1));
    const chunk = first.bytes.buffer;
    // Fill the first chunk, then go on into a second one.
    const rest = Array.from({ length: 5 }, () => arena.keep(Buffer.alloc(200_000, 2)));
    expect(rest.every((kept) => kept.bytes.buffer === chunk)).toBe(false);
    const inSecond = rest.filter((kept) => kept.bytes.buffer !== chunk);
    for (const kept of [first, ...rest.filter((k) => k.bytes.buffer === chunk)]) kept.release();
    // The second chunk fills up: the next one is the first chunk again, all of it free.
    const next = Array.from({ length: 6 }, () => arena.keep(Buffer.alloc(200_000, 3)));
    expect(next.some((kept) => kept.bytes.buffer === chunk)).toBe(true);
    for (const kept of inSecond) expect(kept.bytes.every((byte) => byte === 2)).toBe(true);
  });

  it('keeps answers over a quarter of a chunk in memory of their own', () => {
    const arena = new BodyArena();
    const big = arena.keep(Buffer.alloc(300_000, 7));
    const small = arena.keep(Buffer.alloc(1_000, 8));
    expect(big.bytes.buffer).not.toBe(small.bytes.buffer);
    expect(big.bytes.every((byte) => byte === 7)).toBe(true);
  });
});

describe('the session trace over many sessions', () => {
  it('shows each kept session the answers it was given after thousands have passed', () => {
    const trace = new SessionTraceStore({ maxSessions: 20 });
    for (let i = 0; i < 2000; i++) {
      const payload = answer(i);
      const text = JSON.stringify({ transactionId: payload.transactionId });
      trace.record(payload.transactionId, {
        function: 'getBoundProfilePackage',
        receivedAt: i,
        durationMs: 1,
        httpStatus: 200,
        scenarios: [],
        requestText: text,
        payload,
        sent: Buffer.from(JSON.stringify(payload)),
      });
    }
    const listed = trace.list();
    expect(listed).toHaveLength(20);
    for (const { transactionId } of listed) {
      const i = Number.parseInt(transactionId, 16);
      const [entry] = trace.get(transactionId)!.entries;
      expect(entry!.response).toEqual(answer(i));
      expect(entry!.request).toEqual({ transactionId });
      expect(entry!.executionStatus).toEqual({ status: 'Executed-Success' });
    }
  });
});
