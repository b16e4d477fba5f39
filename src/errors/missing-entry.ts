/**
 * Checked access to a list or a table where the code knows the entry is there: an index inside a bound it
 * checked, a key of the table's own type. Instead of a `!` that would let `undefined` through unnoticed, a
 * missing entry (a defect of ours, never bad input: input is checked before) is a named error that says
 * what was looked up.
 */
export class MissingEntryError extends Error {
  override readonly name = 'MissingEntryError';
}

/** The item at `index` of `items`; `what` names the list in the error. */
export function itemAt<T>(items: ArrayLike<T>, index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new MissingEntryError(`${what}: no item at ${index} of ${items.length}`);
  return item;
}

/** The entry under `key` of `table`; `what` names the table in the error. */
export function entryOf<V>(table: Readonly<Record<PropertyKey, V>>, key: PropertyKey, what: string): V {
  const entry = table[key];
  if (entry === undefined) throw new MissingEntryError(`${what}: no entry ${String(key)}`);
  return entry;
}
