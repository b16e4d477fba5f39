/**
 * The library surface as another project uses it: `npm pack` makes the tarball a registry would serve, it is
 * unpacked into the node_modules of a fresh folder, and the vitest example of docs/library.md runs there and
 * type-checks (tsc, module nodenext), importing `rspsim/...` by the package's name: the exports map, the files
 * the tarball holds, the compiled JavaScript and its declarations. What this does not show: that `npm install`
 * fetches the dependencies from a registry (the test runs offline, so they are linked from this checkout's
 * node_modules).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  exports: Record<string, unknown>;
};

/** The ```ts block of docs/library.md: the example a user copies. */
function documentedExample(): string {
  const page = readFileSync(join(root, 'docs/library.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(page)?.[1];
  if (!block) throw new Error('docs/library.md has no ts block');
  return block;
}

let project: string;

beforeAll(async () => {
  const dir = tempDir('package');
  // dist/ is built by the global setup; the package is packed as it is (no prepare script run again).
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error('npm pack made no tarball');
  project = join(dir, 'project');
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, 'rspsim'), { recursive: true });
  await run('tar', [
    '-xzf',
    join(dir, packed.filename),
    '-C',
    join(modules, 'rspsim'),
    '--strip-components=1',
  ]);
  // The package's dependencies, and what the example and its type check use, from this checkout.
  const linked = [...Object.keys(manifest.dependencies), 'vitest', 'typescript', '@types'];
  for (const name of linked) symlinkSync(join(root, 'node_modules', name), join(modules, name));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', type: 'module' }));
  writeFileSync(join(project, 'download.test.ts'), documentedExample());
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        types: ['node'],
        // The package's own declarations are checked too; only the dependencies' are skipped.
        skipLibCheck: false,
      },
      files: ['download.test.ts', 'wrong-use.ts'],
    }),
  );
  // Typed, not `any`: a wrong call is a type error the check must report (@ts-expect-error fails otherwise).
  writeFileSync(
    join(project, 'wrong-use.ts'),
    [
      "import { startSmdp } from 'rspsim/smdp';",
      "import { EuiccEmulator } from 'rspsim';",
      "import { AuthenticateServerRequest } from 'rspsim/asn1';",
      '// @ts-expect-error a port is a number',
      "export const wrong = () => startSmdp({ port: 'any' });",
      'export const create = (): Promise<EuiccEmulator> => EuiccEmulator.create();',
      'export const tag: number = AuthenticateServerRequest.tag;',
    ].join('\n'),
  );
}, 240_000);

describe('rspsim imported by its name from the packed tarball', () => {
  it('runs the vitest example of docs/library.md: an SM-DP+ and a software eUICC, the demo profile downloaded', async () => {
    const vitest = join(project, 'node_modules', 'vitest', 'vitest.mjs');
    // Plain text: no colours (this run's FORCE_COLOR is not passed on).
    const { FORCE_COLOR: _, ...environment } = process.env;
    const { stdout } = await run(
      process.execPath,
      [vitest, 'run', '--root', project, '--reporter', 'verbose'],
      { cwd: project, env: { ...environment, CI: '', NO_COLOR: '1' } },
    );
    expect(stdout).toMatch(/✓ download\.test\.ts > downloads the demo profile into a software eUICC/);
    expect(stdout).toMatch(/Tests {2}1 passed/);
  }, 180_000);

  it('type-checks the example against the declarations of the entry points', async () => {
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = await run(process.execPath, [tsc, '-p', project]).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    expect(checked).toBe('');
  }, 180_000);

  it('exposes the entry points only: dist/ is not importable by path', async () => {
    const script = [
      "const names = ['rspsim', 'rspsim/smdp', 'rspsim/smds', 'rspsim/euicc', 'rspsim/lpa', 'rspsim/conformance', 'rspsim/asn1'];",
      'const loaded = {};',
      'for (const name of names) loaded[name] = Object.keys(await import(name)).sort();',
      "const deep = await import('rspsim/dist/smdp/start.js').then(() => 'imported', (e) => e.code);",
      'console.log(JSON.stringify({ loaded, deep }));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    const { loaded, deep } = JSON.parse(stdout) as { loaded: Record<string, string[]>; deep: string };
    expect(Object.keys(loaded)).toEqual(
      Object.keys(manifest.exports)
        .filter((key) => key !== './package.json')
        .map((key) => (key === '.' ? 'rspsim' : `rspsim/${key.slice(2)}`)),
    );
    expect(loaded['rspsim/smdp']).toEqual(expect.arrayContaining(['startSmdp', 'resolveConfig']));
    expect(loaded['rspsim/conformance']).toEqual(expect.arrayContaining(['runCampaign', 'SMDP_CASES']));
    expect(loaded['rspsim/asn1']).toEqual(expect.arrayContaining(['BoundProfilePackage', 'toTree']));
    expect(loaded.rspsim).toEqual(expect.arrayContaining(['EuiccEmulator', 'downloadProfile', 'startSmds']));
    expect(deep).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  }, 60_000);
});
