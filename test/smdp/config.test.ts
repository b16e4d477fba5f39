import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, resolveConfig } from '../../src/smdp/config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('SM-DP+ configuration', () => {
  it('defaults to https://localhost:8443 with the bundled PKI and demo catalogue', () => {
    const config = resolveConfig();
    expect(config.port).toBe(8443);
    expect(config.address).toBe('localhost:8443');
    expect(config.pkiDir).toMatch(/certs\/sgp26$/);
    expect(config.catalogue).toMatch(/fixtures\/profiles\/catalogue\.json$/);
  });

  it('layers file, environment and flags, in that order', () => {
    const dir = tempDir('config');
    const file = join(dir, 'smdp.json');
    writeFileSync(file, JSON.stringify({ port: 9000, logLevel: 'debug' }));
    const config = resolveConfig({ file, env: { RSPSIM_PORT: '9001' }, flags: { host: '0.0.0.0' } });
    expect(config).toMatchObject({
      port: 9001,
      address: 'localhost:9001',
      logLevel: 'debug',
      host: '0.0.0.0',
    });
    expect(resolveConfig({ flags: { port: 9443, address: 'smdp.test' } }).address).toBe('smdp.test');
  });

  it('rejects unknown settings and bad numbers with a clear message', () => {
    expect(() => resolveConfig({ flags: { port: 'eighty' } })).toThrow(ConfigError);
    expect(() => resolveConfig({ flags: { colour: 'blue' } as never })).toThrow(/unknown setting colour/);
    expect(() => resolveConfig({ file: '/nonexistent/smdp.json' })).toThrow(/cannot read config/);
    expect(DEFAULT_CONFIG.sessionTtlSeconds).toBeGreaterThan(0);
  });
});
