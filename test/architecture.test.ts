import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies point one way. The ground floor (codecs, crypto, PKI, profiles, the protocol's declarations)
 * knows nothing of the servers, their storage, the CLI or HTTP, and each of its folders only the ones
 * beneath it. A server maps their typed errors to SGP.22 codes itself, so they do not raise the server's
 * RspError either. The SM-DP+, the SM-DS and the eIM sit side by side on the shared RSP-server core and never
 * import each other; the core imports none of them. The device side (APDUs, the software eUICC, the LPA, the
 * IPA) imports no server, nor their core or stores. Stores are made only where a program is put together.
 * Function code (the steps of ES9+, ES2+, ES11, ES12, the scenarios, ESipa's handlers, the eIM's orders and
 * download relay) reads its input through the binding, never the HTTP adapter (Fastify, the http/ folders).
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The ground floor, lowest first: a folder imports only folders before it (and src/errors). */
const GROUND_FLOOR = ['src/asn1', 'src/crypto', 'src/pki', 'src/profile', 'src/saip', 'src/protocol'];
const ERRORS_OF_SERVERS = ['src/errors/rsp-error.ts', 'src/errors/store-failure.ts'];
/** Leaves above the ground floor it may use: they import nothing of the project (bounded file reads). */
const GROUND_FLOOR_LEAVES = ['src/config/input-file.ts'];
const FUNCTION_CODE = [
  'src/smdp/es9',
  'src/smdp/es2',
  'src/smdp/es12',
  'src/smdp/scenarios',
  'src/smds/es11',
  'src/smds/es12',
  'src/rsp-server/scenarios',
  'src/rsp-server/binding',
  'src/eim/esipa',
  'src/eim/orders',
  'src/eim/download',
  'src/eim/scenarios',
];
/** The device side: what sits in or beside a device (APDUs, the software eUICC, the LPA, the IPA). */
const DEVICE_SIDE = ['src/apdu', 'src/euicc', 'src/lpa', 'src/ipa'];
/** Every server, the core beneath them and their storage: the device side reaches them only over the wire. */
const SERVER_SIDE = ['src/smdp', 'src/smds', 'src/eim', 'src/rsp-server', 'src/store'];
/**
 * Where stores are made (from a `store` setting, or an in-memory one for a campaign): the servers' starts,
 * the CLI and the library's entry points. Domain code is handed its stores.
 */
const COMPOSITION_ROOTS = [
  /^src\/[^/]+\/start\.ts$/,
  /^src\/smdp\/cluster\.ts$/,
  /^src\/cli\//,
  /^src\/library\//,
];
/** The HTTP adapter: Fastify and every http/ folder. */
const HTTP_ADAPTER = /^src\/(?:[^/]+\/)*http\//;

interface Rule {
  /** The folders whose files the rule checks. */
  readonly folders: readonly string[];
  /** May `target` (a path under the repository, or a package name) be imported by `file`? */
  allowed(target: string, file: string): boolean;
  readonly why: string;
}

const inside = (target: string, folder: string) => target === folder || target.startsWith(`${folder}/`);

const RULES: readonly Rule[] = [
  {
    folders: GROUND_FLOOR,
    why: 'the ground floor imports only the floors beneath it',
    allowed(target, file) {
      if (!target.startsWith('src/')) return target !== 'fastify';
      const own = GROUND_FLOOR.findIndex((floor) => inside(file, floor));
      if (inside(target, 'src/errors')) return !ERRORS_OF_SERVERS.includes(target);
      if (GROUND_FLOOR_LEAVES.includes(target)) return true;
      const floor = GROUND_FLOOR.findIndex((f) => inside(target, f));
      return floor >= 0 && floor <= own;
    },
  },
  {
    folders: ['src/smds'],
    why: 'the SM-DS does not import the SM-DP+',
    allowed: (target) => !inside(target, 'src/smdp'),
  },
  {
    folders: ['src/smdp'],
    why: 'the SM-DP+ does not import the SM-DS',
    allowed: (target) => !inside(target, 'src/smds'),
  },
  {
    folders: ['src/rsp-server'],
    why: 'the shared RSP-server core imports neither server',
    allowed: (target) =>
      !inside(target, 'src/smdp') && !inside(target, 'src/smds') && !inside(target, 'src/eim'),
  },
  {
    folders: ['src/eim'],
    why: 'the eIM imports neither the SM-DP+ nor the SM-DS',
    allowed: (target) => !inside(target, 'src/smdp') && !inside(target, 'src/smds'),
  },
  {
    folders: ['src/smdp', 'src/smds'],
    why: 'the SM-DP+ and the SM-DS do not import the eIM',
    allowed: (target) => !inside(target, 'src/eim'),
  },
  {
    folders: DEVICE_SIDE,
    why: 'the device side (eUICC, LPA, IPA) imports no server, server core or store',
    allowed: (target) => !SERVER_SIDE.some((folder) => inside(target, folder)),
  },
  {
    folders: ['src'],
    why: 'stores are made in the composition roots (start, CLI, library) and handed to domain code',
    allowed: (target, file) =>
      !inside(target, 'src/store') ||
      inside(file, 'src/store') ||
      COMPOSITION_ROOTS.some((r) => r.test(file)),
  },
  {
    folders: FUNCTION_CODE,
    why: 'function code does not import the HTTP adapter',
    allowed: (target) => target !== 'fastify' && !HTTP_ADAPTER.test(target),
  },
];

/** Every module a source text names: static imports and re-exports (type-only too), and dynamic imports. */
function importedModules(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].flatMap((m) => (m[1] ? [m[1]] : [])));
}

/** A module as the rules see it: a path under the repository, or a package's name (node: ones are none). */
function targetOf(file: string, module: string): string | undefined {
  if (module.startsWith('.')) return normalize(join(dirname(file), module)).replaceAll('\\', '/');
  if (module.startsWith('node:')) return undefined;
  return module.startsWith('@') ? module.split('/').slice(0, 2).join('/') : module.split('/')[0];
}

/** What `file` (a path under the repository) must not import, as `file → module (why)` lines. */
function violations(file: string, source: string): string[] {
  const rules = RULES.filter((rule) => rule.folders.some((folder) => inside(file, folder)));
  return importedModules(source).flatMap((module) => {
    const target = targetOf(file, module);
    if (target === undefined) return [];
    return rules
      .filter((rule) => !rule.allowed(target, file))
      .map((rule) => `${file} → ${module} (${rule.why})`);
  });
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).replaceAll('\\', '/'));
}

/** Groups of files that import each other in a circle (type-only imports too), by Tarjan's algorithm. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): number => {
    const own = counter++;
    index.set(file, own);
    let lowest = own;
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) lowest = Math.min(lowest, visit(next));
      else if (stack.includes(next)) lowest = Math.min(lowest, index.get(next) ?? lowest);
    }
    low.set(file, lowest);
    if (lowest === own) {
      const group = stack.splice(stack.indexOf(file));
      if (group.length > 1) cycles.push(group.sort());
    }
    return lowest;
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

/** Each file of src → the files of src it imports. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => [
      file,
      importedModules(readFileSync(join(root, file), 'utf8')).flatMap((module) => {
        const target = targetOf(file, module);
        return target && known.has(target) ? [target] : [];
      }),
    ]),
  );
}

describe('layers', () => {
  it('every file of src keeps the rules: ground floor, servers apart on the shared core, function code off HTTP', () => {
    const files = sourceFiles('src');
    expect(files.length).toBeGreaterThan(200);
    for (const rule of RULES) {
      expect(
        files.filter((file) => rule.folders.some((folder) => inside(file, folder))).length,
      ).toBeGreaterThan(2);
    }
    const found = files.flatMap((file) => violations(file, readFileSync(join(root, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the leaves the ground floor may use import nothing of the project', () => {
    for (const leaf of GROUND_FLOOR_LEAVES) {
      const modules = importedModules(readFileSync(join(root, leaf), 'utf8'));
      expect(modules.filter((module) => module.startsWith('.'))).toEqual([]);
    }
  });

  it('no files of src import each other in a circle (a registry names its functions, they name it)', () => {
    expect(importCycles(importGraph(sourceFiles('src')))).toEqual([]);
    const circle = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(circle)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('finds each kind of forbidden import (the check above can fail)', () => {
    const source = [
      "import { RspError } from '../errors/rsp-error.ts';",
      "import type { SessionStore } from '../rsp-server/session.ts';",
      "export { openStore } from '../store/open-store.ts';",
      "import Fastify from 'fastify';",
      "const cli = await import('../cli/output.ts');",
      "import { type KeyObject } from 'node:crypto';",
      "import { parseCertificate } from './certificate.ts';",
      "import type { StatusCodeName } from '../errors/status-codes.ts';",
      "import { readTlv } from '../asn1/tlv.ts';",
      "import { iccidToDigits } from '../profile/iccid.ts';",
      "import { Es9Functions } from '../protocol/es9-functions.ts';",
    ].join('\n');
    const why = '(the ground floor imports only the floors beneath it)';
    expect(violations('src/pki/example.ts', source)).toEqual([
      `src/pki/example.ts → ../errors/rsp-error.ts ${why}`,
      `src/pki/example.ts → ../rsp-server/session.ts ${why}`,
      `src/pki/example.ts → ../store/open-store.ts ${why}`,
      'src/pki/example.ts → ../store/open-store.ts (stores are made in the composition roots (start, CLI, library) and handed to domain code)',
      `src/pki/example.ts → fastify ${why}`,
      `src/pki/example.ts → ../profile/iccid.ts ${why}`,
      `src/pki/example.ts → ../protocol/es9-functions.ts ${why}`,
      `src/pki/example.ts → ../cli/output.ts ${why}`,
    ]);
  });

  it('finds a server importing the other, the core importing a server, and function code importing HTTP', () => {
    expect(
      violations('src/smds/es12/x.ts', "import { DEFAULT_CONFIG } from '../../smdp/config.ts';"),
    ).toEqual(['src/smds/es12/x.ts → ../../smdp/config.ts (the SM-DS does not import the SM-DP+)']);
    expect(violations('src/smdp/start.ts', "import type { SmdsContext } from '../smds/context.ts';")).toEqual(
      ['src/smdp/start.ts → ../smds/context.ts (the SM-DP+ does not import the SM-DS)'],
    );
    expect(violations('src/eim/start.ts', "import { startSmdp } from '../smdp/start.ts';")).toEqual([
      'src/eim/start.ts → ../smdp/start.ts (the eIM imports neither the SM-DP+ nor the SM-DS)',
    ]);
    expect(violations('src/smds/start.ts', "import { startEim } from '../eim/start.ts';")).toEqual([
      'src/smds/start.ts → ../eim/start.ts (the SM-DP+ and the SM-DS do not import the eIM)',
    ]);
    expect(
      violations('src/rsp-server/steps.ts', "import type { SmdpContext } from '../smdp/context.ts';"),
    ).toEqual([
      'src/rsp-server/steps.ts → ../smdp/context.ts (the shared RSP-server core imports neither server)',
    ]);
    expect(
      violations(
        'src/conformance/self-target.ts',
        "import { MemoryProfileRepository } from '../store/memory/memory-profile-repository.ts';",
      ),
    ).toEqual([
      'src/conformance/self-target.ts → ../store/memory/memory-profile-repository.ts (stores are made in the composition roots (start, CLI, library) and handed to domain code)',
    ]);
    expect(violations('src/smdp/start.ts', "import { openStore } from '../store/open-store.ts';")).toEqual(
      [],
    );
    expect(
      violations(
        'src/ipa/x.ts',
        [
          "import { EimContext } from '../eim/server/context.ts';",
          "import type { SessionStore } from '../rsp-server/session.ts';",
          "import { Es9Client } from '../lpa/es9-client.ts';",
        ].join('\n'),
      ),
    ).toEqual([
      'src/ipa/x.ts → ../eim/server/context.ts (the device side (eUICC, LPA, IPA) imports no server, server core or store)',
      'src/ipa/x.ts → ../rsp-server/session.ts (the device side (eUICC, LPA, IPA) imports no server, server core or store)',
    ]);
    const http = [
      "import { registerJsonFunctions } from '../../rsp-server/http/json-binding.ts';",
      "import type { FastifyRequest } from 'fastify';",
      "import { stringField } from '../../rsp-server/binding/json-fields.ts';",
      "import { FailureLog } from '../http/failure-log.ts';",
    ].join('\n');
    const why = '(function code does not import the HTTP adapter)';
    expect(violations('src/smdp/es9/x.ts', http)).toEqual([
      `src/smdp/es9/x.ts → ../../rsp-server/http/json-binding.ts ${why}`,
      `src/smdp/es9/x.ts → fastify ${why}`,
      `src/smdp/es9/x.ts → ../http/failure-log.ts ${why}`,
    ]);
  });
});
