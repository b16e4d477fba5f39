import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** `euicc create --iot` makes an IoT eUICC (SGP.32): its state file carries the IoT part, and it opens again. */
describe('euicc create --iot', () => {
  it('writes an IoT eUICC with no eIM yet, which every later command opens', async () => {
    const dir = tempDir('euicc-iot-cli');
    const created = await runCli(['euicc', 'create', '-f', 'iot.json', '--iot', '--json'], { cwd: dir });
    expect(created.code).toBe(0);
    const printed = JSON.parse(created.stdout);
    expect(printed.iot).toBe(true);
    const state = JSON.parse(readFileSync(join(dir, 'iot.json'), 'utf8'));
    expect(state.iot).toEqual({ ipaMode: 'ipad', eims: [], nextAssociationToken: 1, packageResults: [] });
    const reopened = await EuiccEmulator.open(join(dir, 'iot.json'));
    expect(reopened.eid).toBe(printed.eid);
    expect(reopened.iot?.eims).toEqual([]);
    const plain = await runCli(['euicc', 'create', '-f', 'plain.json', '--json'], { cwd: dir });
    expect(JSON.parse(plain.stdout).iot).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8')).iot).toBeUndefined();
  });
});
