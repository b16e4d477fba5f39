/**
 * A reader of ASN.1 module text good enough to compare type assignments token by token (X.680 12): it
 * drops comments (`--` to the end of the line, `/* *\/`), splits the rest into lexical items and cuts it
 * into assignments. It does not parse types: two texts are the same type when their tokens are equal.
 */

/** One assignment of a module: `Name ::= ...` (a type) or `name Type ::= ...` (a value). */
export interface Asn1Assignment {
  readonly name: string;
  readonly kind: 'type' | 'value';
  /** Every token from the name to the end of the assignment. */
  readonly tokens: readonly string[];
  /** Offsets of the assignment in the text it was read from: first character, end of its last token. */
  readonly start: number;
  readonly end: number;
}

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const LEXICAL_ITEM =
  /--[^\n]*|\/\*[\s\S]*?\*\/|\s+|::=|\.\.\.|\.\.|'[^']*'[BH]|"[^"]*"|[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*|\d+|[{}()[\],;|.<>@!^:&-]|./y;

/** The lexical items of the text, comments and white space left out. */
export function asn1Tokens(text: string): Token[] {
  const tokens: Token[] = [];
  LEXICAL_ITEM.lastIndex = 0;
  for (let match = LEXICAL_ITEM.exec(text); match; match = LEXICAL_ITEM.exec(text)) {
    const item = match[0];
    if (/^\s/.test(item) || item.startsWith('--') || item.startsWith('/*')) continue;
    tokens.push({ text: item, start: match.index, end: match.index + item.length });
  }
  return tokens;
}

const isReference = (text: string) => /^[A-Za-z]/.test(text);
const isValueReference = (text: string) => /^[a-z]/.test(text);

/**
 * The assignments of a piece of module body (between BEGIN and END, after IMPORTS/EXPORTS), in order. An
 * assignment starts at `typereference ::=` or at `valuereference Type ::=` met outside any brackets; it
 * ends where the next one starts.
 */
export function asn1Assignments(text: string, from = 0, to = text.length): Asn1Assignment[] {
  const tokens = asn1Tokens(text).filter((token) => token.start >= from && token.start < to);
  const starts: { index: number; kind: 'type' | 'value' }[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.text;
    if (token === '{' || token === '(' || token === '[') depth++;
    else if (token === '}' || token === ')' || token === ']') depth--;
    else if (token === '::=' && depth === 0) {
      // a value assignment's name is the value reference before its type (`maxUInt8 INTEGER ::= 255`)
      let back = i - 1;
      while (back > 0 && isReference(tokens[back]!.text) && !isValueReference(tokens[back]!.text)) back--;
      const valueStart = back >= 0 && back < i - 1 && isValueReference(tokens[back]!.text);
      starts.push(valueStart ? { index: back, kind: 'value' } : { index: i - 1, kind: 'type' });
    }
  }
  return starts.map(({ index, kind }, n) => {
    const last = (starts[n + 1]?.index ?? tokens.length) - 1;
    const slice = tokens.slice(index, last + 1);
    return {
      name: slice[0]!.text,
      kind,
      tokens: slice.map((token) => token.text),
      start: slice[0]!.start,
      end: slice[slice.length - 1]!.end,
    };
  });
}

/** Where the body of a module lies: after BEGIN and its IMPORTS / EXPORTS clauses, up to END. */
export function asn1ModuleBody(module: string): { readonly from: number; readonly to: number } {
  const tokens = asn1Tokens(module);
  const begin = tokens.findIndex((token) => token.text === 'BEGIN');
  const end = tokens.map((token) => token.text).lastIndexOf('END');
  if (begin < 0 || end < begin) throw new Error('no BEGIN ... END');
  let from = begin + 1;
  while (tokens[from]?.text === 'IMPORTS' || tokens[from]?.text === 'EXPORTS') {
    while (tokens[from] && tokens[from]!.text !== ';') from++;
    from++;
  }
  return { from: tokens[from]!.start, to: tokens[end]!.start };
}

/** The type assignments of a module, by name (offsets into the module's text). */
export function asn1ModuleTypes(module: string): Map<string, Asn1Assignment> {
  const types = new Map<string, Asn1Assignment>();
  const { from, to } = asn1ModuleBody(module);
  for (const assignment of asn1Assignments(module, from, to)) {
    if (assignment.kind === 'type') types.set(assignment.name, assignment);
  }
  return types;
}
