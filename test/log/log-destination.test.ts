import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchedLogger } from '../../src/log/log-destination.ts';
import { LOG_REDACT } from '../../src/log/redaction.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** Issue 18: the SM-DP+'s log is written in batches, but an error line never waits and nothing is reordered. */
const file = join(tempDir('rspsim-log-'), 'smdp.log');
let fd: number;
const lines = () =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg: string; level: number; privateKey?: string });

afterEach(() => closeSync(fd));

describe('batched SM-DP+ log', () => {
  it('holds info lines briefly, then writes them in order', async () => {
    fd = openSync(file, 'w');
    const log = batchedLogger('info', { redact: LOG_REDACT }, fd);
    log.info('first');
    log.debug('not at this level');
    log.info({ session: { privateKey: 'secret' } }, 'second');
    expect(readFileSync(file, 'utf8')).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines().map((l) => l.msg)).toEqual(['first', 'second']);
    expect(readFileSync(file, 'utf8')).not.toContain('secret');
  });

  it('writes an error line at once, after the lines logged before it', () => {
    fd = openSync(file, 'w');
    const log = batchedLogger('info', {}, fd);
    log.info('before');
    log.warn('warned');
    log.error('failed');
    expect(lines().map((l) => [l.msg, l.level])).toEqual([
      ['before', 30],
      ['warned', 40],
      ['failed', 50],
    ]);
  });
});
