import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';

type Options = {
  ca: string;
  method?: string;
  token?: string;
  body?: string;
  headers?: Record<string, string>;
  /** A TLS client certificate and key (PEM) to present; each such call makes its own TLS connection. */
  client?: { cert: string; key: string };
};

/** One HTTPS call to a test server, answered as JSON (the admin API's way). */
export async function httpsJson(url: string, options: Options): Promise<{ status: number; body: any }> {
  const { status, body } = await httpsJsonWithHeaders(url, options);
  return { status, body };
}

/** The same, with the answer's headers. */
export async function httpsJsonWithHeaders(
  url: string,
  options: Options,
): Promise<{ status: number; body: any; headers: IncomingHttpHeaders }> {
  const { status, text, headers } = await httpsText(url, options);
  return { status, body: text ? JSON.parse(text) : undefined, headers };
}

/** One HTTPS call, its answer as text; rejects with the TLS or socket error when no HTTP answer comes. */
export function httpsText(
  url: string,
  options: Options,
): Promise<{ status: number; text: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        // A handshake of its own, so each call shows what the server accepts of that certificate.
        ...(options.client ? { ...options.client, agent: false } : {}),
        headers: {
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
          ...(options.body ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
