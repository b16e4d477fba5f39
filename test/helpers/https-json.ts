import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';

type Options = {
  ca: string;
  method?: string;
  token?: string;
  body?: string;
  headers?: Record<string, string>;
};

/** One HTTPS call to a test server, answered as JSON (the admin API's way). */
export async function httpsJson(url: string, options: Options): Promise<{ status: number; body: any }> {
  const { status, body } = await httpsJsonWithHeaders(url, options);
  return { status, body };
}

/** The same, with the answer's headers. */
export function httpsJsonWithHeaders(
  url: string,
  options: Options,
): Promise<{ status: number; body: any; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
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
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : undefined,
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
