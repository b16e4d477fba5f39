/**
 * Issue 25, finding 4: `--config /dev/zero` read for ever (1.1 GB in 15 s). Every file a user names is read
 * only when it is a regular file within its size limit, and refused in one line otherwise.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INPUT_FILE_LIMITS, readInputFile, readInputFileSync } from '../../src/config/input-file.ts';
import { readJsonFile } from '../../src/config/json-file.ts';
import { loadScenarios } from '../../src/rsp-server/scenarios/load-scenarios.ts';
import { ConfigError, resolveConfig } from '../../src/smdp/config.ts';
import { loadCatalogue } from '../../src/smdp/profile-catalogue.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const dir = tempDir('input-file');

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('files a user names (issue 25, finding 4)', () => {
  it('refuses a character device, a FIFO and a directory at once, without reading them', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const started = performance.now();
    // No writer ever opens the FIFO: a plain open would wait for one for ever.
    expect(() => readInputFileSync('/dev/zero', 'settings')).toThrow(
      /^a character device, not a regular file$/,
    );
    await expect(readInputFile(fifo, 'json')).rejects.toThrow(/^a FIFO, not a regular file$/);
    expect(() => readInputFileSync(dir, 'json')).toThrow(/^a directory, not a regular file$/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a file past its limit (sparse: no disk used) and names the limit and how to raise it', async () => {
    const large = join(dir, 'large.json');
    writeFileSync(large, '');
    truncateSync(large, INPUT_FILE_LIMITS.json + 1);
    await expect(readJsonFile(large, 'eUICC state')).rejects.toThrow(
      `cannot read eUICC state ${large}: larger than 16 MiB (the limit; RSPSIM_MAX_FILE_BYTES raises it)`,
    );
    truncateSync(large, INPUT_FILE_LIMITS.json);
    expect((await readInputFile(large, 'json')).length).toBe(INPUT_FILE_LIMITS.json);
  });

  it('RSPSIM_MAX_FILE_BYTES replaces the limits', async () => {
    const file = join(dir, 'ten.bin');
    writeFileSync(file, Buffer.alloc(10, 1));
    vi.stubEnv('RSPSIM_MAX_FILE_BYTES', '9');
    expect(() => readInputFileSync(file, 'small')).toThrow(/^larger than 9 bytes/);
    vi.stubEnv('RSPSIM_MAX_FILE_BYTES', '10');
    expect(readInputFileSync(file, 'small')).toEqual(Buffer.alloc(10, 1));
  });

  it('settings, catalogue and scenarios say which file in one line', async () => {
    expect(() => resolveConfig({ file: '/dev/zero' })).toThrow(ConfigError);
    expect(() => resolveConfig({ file: '/dev/zero' })).toThrow(
      'cannot read config /dev/zero: a character device, not a regular file',
    );
    await expect(
      loadCatalogue('/dev/zero', 'smdp.test', { ccMaxAttempts: 3 }, new MemoryProfileRepository()),
    ).rejects.toThrow('cannot read profile catalogue /dev/zero: a character device, not a regular file');
    await expect(loadScenarios('/dev/zero')).rejects.toThrow(
      'cannot read scenarios /dev/zero: a character device, not a regular file',
    );
    const folder = join(dir, 'upp-folder');
    mkdirSync(folder);
    const catalogue = join(dir, 'catalogue.json');
    writeFileSync(catalogue, JSON.stringify({ profiles: [{ id: 'P', upp: 'upp-folder' }] }));
    await expect(
      loadCatalogue(catalogue, 'smdp.test', { ccMaxAttempts: 3 }, new MemoryProfileRepository()),
    ).rejects.toThrow(/^profile P: cannot read .*upp-folder$/);
  });

  it('rspsim smdp start --config /dev/zero ends at once with one line', async () => {
    const started = performance.now();
    const failed = await run(process.execPath, [bin, 'smdp', 'start', '--config', '/dev/zero'], {
      timeout: 20_000,
    }).then(
      () => undefined,
      (error: { stderr: string; code: number }) => error,
    );
    expect(failed?.stderr).toBe(
      'rspsim: cannot read config /dev/zero: a character device, not a regular file\n',
    );
    expect(failed?.code).not.toBe(0);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
