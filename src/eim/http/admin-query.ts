/**
 * The query parameters of the eIM's admin pages, read strictly: a parameter a page does not take, a repeated
 * one, or a page number that is not one is refused with one line (the page answers 400), never ignored.
 */
export type AdminQuery = Readonly<Record<string, unknown>>;

export interface QueryError {
  readonly error: string;
}

const PAGE = /^[1-9]\d{0,5}$/;

/** The first parameter of `query` not in `known`, as an error. */
export function unknownParameter(query: AdminQuery, known: readonly string[]): QueryError | undefined {
  const unknown = Object.keys(query).find((name) => !known.includes(name));
  return unknown === undefined ? undefined : { error: `unknown parameter ${unknown.slice(0, 40)}` };
}

/** A page number (1 when absent, at most 999999), or why `query[name]` is not one. */
export function pageParameter(query: AdminQuery, name: string): number | QueryError {
  const value = query[name];
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !PAGE.test(value))
    return { error: `${name} must be a whole number from 1` };
  return Number(value);
}
