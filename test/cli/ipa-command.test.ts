import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AddInitialEimRequest,
  EuiccPackageRequest,
  GetEimPackageResponse,
  ProvideEimPackageResult,
  ProvideEimPackageResultResponse,
} from '../../src/asn1/sgp32/index.ts';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import { signEuiccPackage } from '../../src/eim/euicc-package.ts';
import { RSPSIM_BIN, runCli } from '../helpers/cli.ts';
import { type EsipaResponder, type Reply, startEsipaResponder } from '../helpers/esipa-responder.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * `rspsim ipa add-initial-eim` and `rspsim ipa run` as a user runs them: a fresh IoT eUICC gets its eIM from
 * the eIM's AddInitialEimRequest, then one poll cycle at a scripted eIM runs a listProfileInfo package; the
 * --trace file holds each ESipa exchange decoded; bad input is one line.
 */
let responder: EsipaResponder | undefined;
afterEach(async () => {
  await responder?.close();
  responder = undefined;
});

describe('rspsim ipa', () => {
  it('installs the eIM, polls it once and writes the decoded ESipa trace', async () => {
    const dir = tempDir('ipa-cli');
    const created = await runCli(['euicc', 'create', '-f', 'iot.json', '--iot', '--json'], { cwd: dir });
    const { eid } = JSON.parse(created.stdout) as { eid: string };
    const eim = generateEcKeyPair('P-256');
    let signed: ReturnType<typeof signEuiccPackage> | undefined;
    let reported: Buffer | undefined;
    responder = await startEsipaResponder((request): Reply => {
      if (request.function === 'getEimPackage') {
        if (signed) return GetEimPackageResponse.encode({ eimPackageError: 1 });
        signed = signEuiccPackage(
          { eimId: 'eim.cli.example', eid, counterValue: 1, associationToken: 1 },
          { psmoList: [{ listProfileInfo: {} }] },
          eim.privateKey,
        );
        return GetEimPackageResponse.encode({ euiccPackageRequest: EuiccPackageRequest.decode(signed.der) });
      }
      reported = request.body;
      return ProvideEimPackageResultResponse.encode({ emptyResponse: {} });
    });
    const request = AddInitialEimRequest.encode({
      eimConfigurationDataList: [
        {
          eimId: 'eim.cli.example',
          eimFqdn: responder.fqdn,
          associationToken: -1,
          eimPublicKeyData: { eimPublicKey: eim.publicKey.export({ type: 'spki', format: 'der' }) },
        },
      ],
    });
    const added = await runCli(['ipa', 'add-initial-eim', '-e', 'iot.json', request.toString('hex')], {
      cwd: dir,
    });
    expect(added.stdout.trim()).toBe('eIM 1: added, associationToken 1');
    const again = await runCli(['ipa', 'add-initial-eim', '-e', 'iot.json', request.toString('hex')], {
      cwd: dir,
    });
    expect(again.stderr.trim()).toBe(
      'rspsim: the eUICC refused AddInitialEim: associatedEimAlreadyExists (2)',
    );

    writeFileSync(join(dir, 'ca.pem'), responder.caPem);
    const run = await runCli(
      ['ipa', 'run', '-e', 'iot.json', '--ca', 'ca.pem', '--once', '--trace', 'trace.jsonl', '--json'],
      { cwd: dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      eid,
      eimId: 'eim.cli.example',
      eimFqdn: responder.fqdn,
      downloadMode: 'direct',
    });
    expect(report.cycles[0].ended).toBe('noEimPackageAvailable');
    const result = ProvideEimPackageResult.decode(reported ?? Buffer.alloc(0)).eimPackageResult;
    expect('euiccPackageResult' in result || 'ePRAndNotifications' in result).toBe(true);

    const trace = readFileSync(join(dir, 'trace.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(trace.map((line) => line.function)).toEqual([
      'getEimPackage',
      'provideEimPackageResult',
      'getEimPackage',
    ]);
    expect(trace[0]).toMatchObject({ section: 'SGP.32 6.3.2.6', status: 200 });
    expect(trace[0].request.hex).toBe(`BF4F125A10${eid}`);
    expect(JSON.stringify(trace[0].request.decoded)).toContain('"name":"eidValue"');
    expect(JSON.stringify(trace[0].response.decoded)).toContain('"name":"euiccPackageRequest"');
    expect(JSON.stringify(trace[1].response.decoded)).toContain('"name":"emptyResponse"');

    // the same eUICC behind lpac's stdio APDU driver protocol (--driver-command)
    const driven = await runCli(
      [
        'ipa',
        'run',
        '--driver-command',
        `"${process.execPath}" "${RSPSIM_BIN}" euicc serve-stdio -f iot.json`,
        '--ca',
        'ca.pem',
        '--once',
        '--json',
      ],
      { cwd: dir },
    );
    expect(driven.code).toBe(0);
    expect(JSON.parse(driven.stdout)).toMatchObject({ eid, terminalCapabilitySw: '9000' });
    expect(JSON.parse(driven.stdout).cycles[0].ended).toBe('noEimPackageAvailable');
  });

  it('says in one line what is wrong', async () => {
    const dir = tempDir('ipa-cli-errors');
    await runCli(['euicc', 'create', '-f', 'iot.json', '--iot'], { cwd: dir });
    const noEim = await runCli(['ipa', 'run', '-e', 'iot.json', '--once'], { cwd: dir });
    expect(noEim.code).toBe(1);
    expect(noEim.stderr.trim()).toBe(
      'rspsim: the eUICC has no eIM configured (GetEimConfigurationData is empty): add one with AddInitialEim first (rspsim ipa add-initial-eim)',
    );
    const noCard = await runCli(['ipa', 'run', '--once'], { cwd: dir });
    expect(noCard.stderr.trim()).toBe(
      'rspsim: give the eUICC as either -e <state.json> or --reader <PC/SC reader name> or --driver-command <command>',
    );
    const badMode = await runCli(['ipa', 'run', '-e', 'iot.json', '--download', 'sideways'], { cwd: dir });
    expect(badMode.stderr.trim()).toBe('rspsim: --download: "sideways" is neither direct nor indirect');
    const notARequest = await runCli(['ipa', 'add-initial-eim', '-e', 'iot.json', 'BF2200'], { cwd: dir });
    expect(notARequest.stderr.trim()).toMatch(/^rspsim: not an AddInitialEimRequest \('BF57'\): /);
  });
});
