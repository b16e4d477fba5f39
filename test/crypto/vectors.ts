import { readFileSync } from 'node:fs';

/** The public SGP.22 BSP vectors (pySim unit tests), copied into fixtures/. */
export const bspVectors = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/bsp-vectors.json', import.meta.url), 'utf8'),
);
export const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
