/**
 * JSON text of a value a client sent, for the trace view: at most `maxDepth` levels (deeper arrays and
 * objects shown as `[…]` / `{…}`) and about `maxLength` characters. JSON.stringify recurses, so a deeply
 * nested body kept in the trace would overflow the stack when rendered; this never recurses deeper than
 * `maxDepth`, whatever it is given.
 */
export function previewJson(value: unknown, maxDepth = 16, maxLength = 4096): string {
  const parts: string[] = [];
  let length = 0;
  const emit = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  const visit = (v: unknown, depth: number): void => {
    if (length > maxLength) return;
    if (typeof v === 'string') {
      emit(JSON.stringify(v.length > maxLength ? v.slice(0, maxLength) : v));
      return;
    }
    if (typeof v !== 'object' || v === null) {
      emit(JSON.stringify(v) ?? 'null');
      return;
    }
    const isArray = Array.isArray(v);
    if (depth >= maxDepth) {
      emit(isArray ? '[…]' : '{…}');
      return;
    }
    emit(isArray ? '[' : '{');
    const keys = isArray ? undefined : Object.keys(v);
    const count = keys ? keys.length : (v as unknown[]).length;
    for (let i = 0; i < count && length <= maxLength; i++) {
      if (i > 0) emit(',');
      const key = keys?.[i];
      if (key !== undefined) emit(`${JSON.stringify(key)}:`);
      visit(key !== undefined ? (v as Record<string, unknown>)[key] : (v as unknown[])[i], depth + 1);
    }
    emit(isArray ? ']' : '}');
  };
  visit(value, 0);
  const text = parts.join('');
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
