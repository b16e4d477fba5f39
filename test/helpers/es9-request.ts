import { request } from 'node:https';

export interface Es9Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  raw: string;
}

/** POSTs raw text to an ES9+ function of a test server over HTTPS (test CI trusted, or no verification). */
export function postEs9(
  baseUrl: string,
  fn: string,
  body: unknown,
  options: {
    ca?: string;
    headers?: Record<string, string>;
    rawBody?: string;
    /** The loopback address to connect from (127.0.0.2 …): another client, as the server counts them. */
    localAddress?: string;
  } = {},
): Promise<Es9Response> {
  const text = options.rawBody ?? JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/gsma/rsp2/es9plus/${fn}`,
      {
        method: 'POST',
        ...(options.ca ? { ca: options.ca } : { rejectUnauthorized: false }),
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'gsma-rsp-lpad',
          'X-Admin-Protocol': 'gsma/rsp/v2.2.2',
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = raw ? JSON.parse(raw) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, raw });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}
