#!/usr/bin/env node
/**
 * A stand-in for lpac in tests: it speaks lpac's stdio APDU driver protocol (one JSON line per request on
 * stdout, the answer on stdin) and writes output shaped like lpac's — usage text, driver list, progress lines,
 * the {"type":"lpa"} envelope, stderr text, its own exit codes. With STAND_IN_LOG=<dir> it also keeps what
 * it wrote itself (stdout without its APDU requests, stderr, exit code), which a test compares with what
 * came out of the bridge.
 *   (no command)     usage on stdout, exit 255 (as lpac)
 *   driver list      the driver line, exit 0
 *   chip info        reads the EID (ES10c GetEUICCData) over the driver, progress, envelope, stderr, exit 0
 *   env              the LPAC_* variables it was given, in the envelope
 *   fail <code>      stderr text, an error envelope without a final newline, exit <code>
 *   wait             opens the channel, says "waiting", and on SIGINT reads the EID again (the bridge must
 *                    still answer) and ends with a "cancelled" envelope, exit 255; SIGTERM ends it at once
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const log = process.env.STAND_IN_LOG;
if (log) for (const file of ['stdout', 'stderr']) writeFileSync(join(log, file), '');
const out = (text) => {
  process.stdout.write(text);
  if (log) appendFileSync(join(log, 'stdout'), text);
};
const err = (text) => {
  process.stderr.write(text);
  if (log) appendFileSync(join(log, 'stderr'), text);
};
const exit = (code) => {
  if (log) writeFileSync(join(log, 'code'), String(code));
  process.exit(code);
};
const line = (type, payload) => out(`${JSON.stringify({ type, payload })}\n`);
const progress = (message, data = null) => line('progress', { code: 0, message, data });

const answers = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function apdu(func, param = null) {
  process.stdout.write(`${JSON.stringify({ type: 'apdu', payload: { func, param } })}\n`);
  const answer = await answers.next();
  if (answer.done) throw new Error('stdin closed');
  return JSON.parse(answer.value).payload;
}

const ISD_R = 'a0000005591010ffffffff8900000100';
let channel = 0;
async function open() {
  await apdu('connect');
  channel = (await apdu('logic_channel_open', ISD_R)).ecode;
  if (channel < 0) throw new Error('logic_channel_open failed');
}
/** ES10c GetEUICCData for the EID (SGP.22 5.7.20): STORE DATA BF3E 5C 5A. */
async function readEid() {
  const cla = (0x80 | channel).toString(16).padStart(2, '0');
  const reply = await apdu('transmit', `${cla}E2910006BF3E035C015A`);
  const at = reply.data?.indexOf('5A10') ?? -1;
  if (reply.ecode !== 0 || !reply.data.endsWith('9000') || at < 0)
    throw new Error(`GetEUICCData: ${reply.data}`);
  return reply.data.slice(at + 4, at + 36);
}

const [applet, command, arg] = process.argv.slice(2);
try {
  if (applet === undefined) {
    out(`Usage: ${process.argv[1]} <driver|chip|profile|notification|version>\n`);
    exit(255);
  } else if (applet === 'driver' && command === 'list') {
    line('driver', { LPAC_APDU: ['stdio'], LPAC_HTTP: ['curl', 'stdio'] });
    exit(0);
  } else if (applet === 'chip' && command === 'info') {
    await open();
    progress('es10c_get_eid');
    err('stand-in: reading the EID\n');
    const eidValue = await readEid();
    await apdu('logic_channel_close', channel.toString(16).padStart(2, '0'));
    await apdu('disconnect');
    line('lpa', { code: 0, message: 'success', data: { eidValue } });
    exit(0);
  } else if (applet === 'env') {
    const lpac = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('LPAC_')));
    line('lpa', { code: 0, message: 'success', data: lpac });
    exit(0);
  } else if (applet === 'fail') {
    err('stand-in: something went wrong\nsecond line of stderr\n');
    out(JSON.stringify({ type: 'lpa', payload: { code: -1, message: 'failed', data: 'no newline' } }));
    exit(Number(command));
  } else if (applet === 'wait') {
    await open();
    let cancelled = false;
    process.on('SIGINT', () => {
      cancelled = true;
    });
    progress('waiting');
    while (!cancelled) await new Promise((resolve) => setTimeout(resolve, 20));
    progress('cancelling');
    line('lpa', { code: -1, message: 'cancelled', data: await readEid() });
    exit(255);
  } else {
    err(`stand-in: unknown command ${applet} ${command ?? ''} ${arg ?? ''}\n`);
    exit(1);
  }
} catch (error) {
  err(`stand-in: ${error.message}\n`);
  exit(2);
}
