import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { LOG_REDACT } from '../../src/log/redaction.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/** Issue 3: the log follows each step by transactionId and never shows a key or a confirmation code. */
describe('SM-DP+ logs', () => {
  it('name every step with its transactionId and hold no secret', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ level: 'debug', redact: LOG_REDACT }, sink);
    const smdp = await startTestSmdp({}, { logger });
    try {
      const euicc = await EuiccEmulator.create();
      const confirmationCode = 'Zq-Secret-Code';
      await expect(
        downloadProfile({
          activationCode: `LPA:1$${smdp.address}$DEMO-CC`,
          euicc,
          es9: { ca: smdp.caPem },
          confirmationCode,
        }),
      ).rejects.toMatchObject({ codeName: 'confirmationCodeRefused' });
      const result = await downloadProfile({
        activationCode: `LPA:1$${smdp.address}$DEMO-CC`,
        euicc,
        es9: { ca: smdp.caPem },
        confirmationCode: '1234',
      });
      const steps = lines
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'step' && l.transactionId === result.transactionId);
      expect(steps.map((l) => `${l.function}.${l.step}`)).toContain(
        'getBoundProfilePackage.verifyConfirmationCode',
      );
      expect(steps.map((l) => `${l.function}.${l.step}`)).toContain(
        'authenticateClient.verifyEuiccSignature1',
      );
      const text = lines.join('\n');
      expect(text).not.toContain(confirmationCode);
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toMatch(/"(keyPem|privateKey|sEnc|sMac|ki|opc)"/i);
    } finally {
      await smdp.close();
    }
  });

  it('carry the transactionId on a warning about a request that names one', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const smdp = await startTestSmdp({}, { logger: pino({ level: 'info', redact: LOG_REDACT }, sink) });
    try {
      const transactionId = '0123456789ABCDEF0123456789ABCDEF';
      const response = await postEs9(
        `https://${smdp.address}`,
        'getBoundProfilePackage',
        { transactionId, prepareDownloadResponse: 'oQA=' },
        { ca: smdp.caPem },
      );
      expect(response.body.header.functionExecutionStatus.status).toBe('Failed');
      const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.map((l) => l.transactionId)).toEqual(warnings.map(() => transactionId));
    } finally {
      await smdp.close();
    }
  });
});
