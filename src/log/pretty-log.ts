/**
 * A server's log for a person at a terminal: one pino JSON line as `time LEVEL message key=value …`, an
 * error's stack under it. Only when stdout is a TTY (log-destination.ts); files and pipes keep JSON lines.
 */
const LEVELS: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
/** pino's own fields, shown in their place or not at all. */
const OWN = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (entry === null || typeof entry !== 'object') return line;
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([name, value]) => !OWN.has(name) && name !== 'err' && value !== undefined)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const err = entry.err as { message?: unknown; stack?: unknown } | undefined;
  const stack = typeof err?.stack === 'string' ? `\n    ${err.stack.split('\n').join('\n    ')}` : '';
  const message = [entry.msg, ...fields, ...(err && !stack ? [`err=${JSON.stringify(err)}`] : [])]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
  return `${time} ${level} ${message}${stack}\n`;
}
