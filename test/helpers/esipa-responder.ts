/**
 * A minimal eIM for tests of the IPA: an HTTPS server on loopback that takes ESipa requests in the ASN.1
 * binding (SGP.32 6.1) and answers each with the next scripted reply. It records every request (headers and
 * body) so a test checks the bytes the IPA sent. Not an eIM: no queue, no signatures of its own.
 */
import type { IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readTlv } from '../../src/asn1/tlv.ts';
import { ensureTlsCertificate } from '../../src/pki/tls-certificate.ts';
import { esipaFunctionOfTag } from '../../src/protocol/esipa-functions.ts';

export interface RecordedRequest {
  readonly function: string | undefined;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** What to answer: bytes (200, ASN.1), an empty 200, a status, or no answer at all (the connection dropped). */
export type Reply =
  | Buffer
  | { readonly status: number; readonly body?: Buffer; readonly contentType?: string }
  | 'drop';

export type Script = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface EsipaResponder {
  readonly fqdn: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startEsipaResponder(script: Script): Promise<EsipaResponder> {
  const tls = ensureTlsCertificate('127.0.0.1');
  const requests: RecordedRequest[] = [];
  const server: Server = createServer({ key: tls.keyPem, cert: tls.chainPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        function: body.length > 0 ? esipaFunctionOfTag(readTlv(body, 0).tag) : undefined,
        path: req.url ?? '',
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      const reply = await script(recorded);
      if (reply === 'drop') {
        req.socket.destroy();
        return;
      }
      const {
        status,
        body: answer,
        contentType,
      } = Buffer.isBuffer(reply)
        ? { status: 200, body: reply, contentType: 'application/x-gsma-rsp-asn1' }
        : { contentType: 'application/x-gsma-rsp-asn1', ...reply };
      res.writeHead(status, answer && answer.length > 0 ? { 'Content-Type': contentType } : {});
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    fqdn: `127.0.0.1:${port}`,
    caPem: tls.caPem,
    certPem: tls.certPem,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
