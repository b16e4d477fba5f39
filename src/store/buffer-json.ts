/** JSON that keeps Buffers (as {"$b64": ...}), for stored session state. */
export function toStoredJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return Buffer.isBuffer(raw) ? { $b64: raw.toString('base64') } : v;
  });
}

export function fromStoredJson<T>(text: string): T {
  return JSON.parse(text, (_key, v) =>
    v && typeof v === 'object' && typeof v.$b64 === 'string' && Object.keys(v).length === 1
      ? Buffer.from(v.$b64, 'base64')
      : v,
  ) as T;
}
