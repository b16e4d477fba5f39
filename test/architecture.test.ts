import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies point one way: the codecs, the crypto, the PKI and the protocol's signed data know nothing
 * of the servers, their storage, the CLI or HTTP. A server maps their typed errors to SGP.22 codes itself,
 * so they do not raise the server's RspError either.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LOWER_LAYERS = ['src/asn1', 'src/crypto', 'src/pki', 'src/protocol'];
const FORBIDDEN_FOLDERS = ['src/smdp/', 'src/smds/', 'src/store/', 'src/cli/'];
const FORBIDDEN_FILES = ['src/errors/rsp-error.ts', 'src/errors/store-failure.ts'];
const FORBIDDEN_PACKAGES = ['fastify'];

/** Every module a source text names: static imports and re-exports (type-only too), and dynamic imports. */
function importedModules(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!));
}

/** What `file` (a path under the repository) must not import, as `file → module` lines. */
function violations(file: string, source: string): string[] {
  return importedModules(source).flatMap((module) => {
    if (!module.startsWith('.')) {
      const name = module.startsWith('@') ? module.split('/').slice(0, 2).join('/') : module.split('/')[0]!;
      return FORBIDDEN_PACKAGES.includes(name) ? [`${file} → ${module}`] : [];
    }
    const target = normalize(join(dirname(file), module)).replaceAll('\\', '/');
    const forbidden =
      FORBIDDEN_FOLDERS.some((folder) => target.startsWith(folder)) || FORBIDDEN_FILES.includes(target);
    return forbidden ? [`${file} → ${module}`] : [];
  });
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).replaceAll('\\', '/'));
}

describe('layers', () => {
  it('src/asn1, src/crypto, src/pki and src/protocol import nothing of the servers, stores, CLI or HTTP', () => {
    const files = LOWER_LAYERS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(30);
    const found = files.flatMap((file) => violations(file, readFileSync(join(root, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('finds each kind of forbidden import (the check above can fail)', () => {
    const source = [
      "import { RspError } from '../errors/rsp-error.ts';",
      "import type { SessionStore } from '../smdp/session.ts';",
      "export { openStore } from '../store/open-store.ts';",
      "import Fastify from 'fastify';",
      "const cli = await import('../cli/output.ts');",
      "import { type KeyObject } from 'node:crypto';",
      "import { parseCertificate } from './certificate.ts';",
      "import type { StatusCodeName } from '../errors/status-codes.ts';",
    ].join('\n');
    expect(violations('src/pki/example.ts', source)).toEqual([
      'src/pki/example.ts → ../errors/rsp-error.ts',
      'src/pki/example.ts → ../smdp/session.ts',
      'src/pki/example.ts → ../store/open-store.ts',
      'src/pki/example.ts → fastify',
      'src/pki/example.ts → ../cli/output.ts',
    ]);
  });
});
