/** ES9+.InitiateAuthentication (SGP.22 5.6.1). */
import { EUICCInfo1, ServerSigned1 } from '../../asn1/rsp/index.ts';
import { ecdsaSign } from '../../crypto/ecdsa.ts';
import { randomBytes } from '../../crypto/random.ts';
import { ensure, RspError } from '../../errors/rsp-error.ts';
import { signatureTlv } from '../../protocol/signed-data.ts';
import type { SmdpContext, SmdpCredentials } from '../context.ts';
import type { RspSession } from '../session.ts';
import { runSteps, step } from '../steps.ts';
import { base64Field, derField, type JsonBody, stringField } from './json-fields.ts';

interface State {
  readonly smdp: SmdpContext;
  readonly body: JsonBody;
  euiccChallenge?: Buffer;
  smdpAddress?: string;
  euiccInfo1?: EUICCInfo1;
  credentials?: SmdpCredentials;
  session?: RspSession;
  serverSigned1?: Buffer;
  response?: JsonBody;
}

/** SGP.22 versions this SM-DP+ serves: v2.x. */
const SUPPORTED_MAJOR_VERSION = 2;

const steps = [
  step<State>('readRequest', (s) => {
    s.euiccChallenge = base64Field(s.body, 'euiccChallenge');
    ensure(s.euiccChallenge.length === 16, 'badInput', 'euiccChallenge is not 16 bytes');
    s.smdpAddress = stringField(s.body, 'smdpAddress');
    s.euiccInfo1 = derField(s.body, 'euiccInfo1', EUICCInfo1).value;
  }),
  // The eUICC must be talking to us: the address it was given is the one we serve under.
  step<State>('checkSmdpAddress', (s) => {
    ensure(sameAddress(s.smdpAddress!, s.smdp.config.address), 'smdpAddressInvalid', s.smdpAddress);
  }),
  step<State>('checkSpecificationVersion', (s) => {
    ensure(
      s.euiccInfo1!.svn[0] === SUPPORTED_MAJOR_VERSION,
      'euiccVersionNotSupported',
      `SVN ${[...s.euiccInfo1!.svn].join('.')}`,
    );
  }),
  // Pick a CI the eUICC can sign under (its eUICC chain) and verify with (our DPauth chain), SGP.22 5.6.1.
  step<State>('selectCertificateIssuer', (s) => {
    const forSigning = s.euiccInfo1!.euiccCiPKIdListForSigning;
    const forVerification = s.euiccInfo1!.euiccCiPKIdListForVerification;
    const known = s.smdp.pki.credentials.filter((c) => forSigning.some((id) => id.equals(c.ciPkid)));
    if (known.length === 0) throw new RspError('ciPKIdNotSupported');
    s.credentials = known.find((c) => forVerification.some((id) => id.equals(c.ciPkid)));
    if (!s.credentials) throw new RspError('noDpAuthCertificate');
  }),
  step<State>('openSession', async (s) => {
    const now = s.smdp.now();
    s.session = {
      transactionId: randomBytes(16).toString('hex').toUpperCase(),
      phase: 'initiated',
      createdAt: now,
      expiresAt: now + s.smdp.config.sessionTtlMs,
      euiccChallenge: Buffer.from(s.euiccChallenge!),
      serverChallenge: randomBytes(16),
      serverAddress: s.smdp.config.address,
      ciPkid: s.credentials!.ciPkid,
      curve: s.credentials!.curve,
      ccAttempts: 0,
    };
    await s.smdp.sessions.create(s.session);
  }),
  step<State>('signServerSigned1', (s) => {
    const session = s.session!;
    s.serverSigned1 = ServerSigned1.encode({
      transactionId: Buffer.from(session.transactionId, 'hex'),
      euiccChallenge: session.euiccChallenge,
      serverAddress: session.serverAddress,
      serverChallenge: session.serverChallenge,
    });
  }),
  step<State>('respond', (s) => {
    const credentials = s.credentials!;
    s.response = {
      transactionId: s.session!.transactionId,
      serverSigned1: s.serverSigned1!.toString('base64'),
      serverSignature1: signatureTlv(ecdsaSign(credentials.dpAuth.privateKey, s.serverSigned1!)).toString(
        'base64',
      ),
      euiccCiPKIdToBeUsed: Buffer.concat([
        Buffer.from([0x04, credentials.ciPkid.length]),
        credentials.ciPkid,
      ]).toString('base64'),
      serverCertificate: credentials.dpAuth.certificate.toString('base64'),
    };
  }),
];

export async function initiateAuthentication(smdp: SmdpContext, body: JsonBody): Promise<JsonBody> {
  const state: State = { smdp, body };
  await runSteps('initiateAuthentication', steps, state, smdp.hooks);
  smdp.log.info(
    { transactionId: state.session!.transactionId, curve: state.credentials!.curve },
    'initiateAuthentication',
  );
  return state.response!;
}

/** Host names compare without case; a default port may be left out on either side. */
function sameAddress(a: string, b: string): boolean {
  const normal = (x: string) => x.trim().toLowerCase().replace(/:443$/, '');
  return normal(a) === normal(b);
}
