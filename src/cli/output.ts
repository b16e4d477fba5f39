/** How commands talk to people and scripts: progress on stderr, results on stdout (JSON with --json). */
export interface OutputOptions {
  readonly json?: boolean;
}

export function printResult(options: OutputOptions, value: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, jsonReplacer, 2)}\n` : `${human()}\n`);
}

/** A list: one line per item for people (`empty` when there is none), the items themselves with --json. */
export function printList<T>(
  options: OutputOptions,
  items: readonly T[],
  empty: string,
  line: (item: T) => string,
): void {
  printResult(options, items, () => (items.length === 0 ? empty : items.map(line).join('\n')));
}

export const progress = (options: OutputOptions) => (message: string) => {
  if (!options.json) process.stderr.write(`… ${message}\n`);
};

/** Buffers as upper-case hex in JSON output. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer') {
    return Buffer.from((value as { data: number[] }).data)
      .toString('hex')
      .toUpperCase();
  }
  return value;
}

/** Rows under a header, each column as wide as its widest cell (the last one unpadded). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
