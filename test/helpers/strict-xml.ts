/**
 * A small strict XML 1.0 reader for tests of generated reports (JUnit): one root element, every tag closed
 * in order, attributes quoted and unique, only the five predefined entities and character references, no
 * stray '<' or '&'. It returns the element tree so a test can check the structure CI systems read.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeText(raw: string, at: number): string {
  if (raw.includes('<')) throw new XmlError(`'<' in text near offset ${at}`);
  return raw.replace(/&([^;]*);|&/g, (_whole, entity: string | undefined) => {
    if (entity === undefined) throw new XmlError(`bare '&' near offset ${at}`);
    if (entity in ENTITIES) return ENTITIES[entity]!;
    const code = /^#x([0-9a-fA-F]+)$/.exec(entity)?.[1] ?? /^#(\d+)$/.exec(entity)?.[1];
    if (code === undefined) throw new XmlError(`unknown entity &${entity}; near offset ${at}`);
    return String.fromCodePoint(entity.startsWith('#x') ? Number.parseInt(code, 16) : Number(code));
  });
}

export function parseStrictXml(xml: string): XmlElement {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) throw new XmlError('a character XML 1.0 forbids');
  let i = 0;
  const declaration = /^<\?xml\s+version="1\.0"(\s+encoding="UTF-8")?\s*\?>\s*/.exec(xml);
  if (declaration) i = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) throw new XmlError('unclosed comment');
      i = end + 3;
      continue;
    }
    if (xml[i] === '<') {
      const end = xml.indexOf('>', i);
      if (end < 0) throw new XmlError(`unclosed tag at ${i}`);
      const tag = xml.slice(i + 1, end);
      if (tag.startsWith('/')) {
        const name = tag.slice(1).trim();
        const open = stack.pop();
        if (open?.name !== name) throw new XmlError(`</${name}> closes <${open?.name ?? 'nothing'}> at ${i}`);
      } else {
        const selfClosing = tag.endsWith('/');
        const body = selfClosing ? tag.slice(0, -1) : tag;
        const name = NAME.exec(body)?.[0];
        if (!name) throw new XmlError(`bad element name at ${i}`);
        const attributes: Record<string, string> = {};
        let rest = body.slice(name.length);
        while (rest.trim().length > 0) {
          const m = /^\s+([A-Za-z_:][\w.:-]*)="([^"<]*)"/.exec(rest);
          if (!m) throw new XmlError(`bad attribute in <${name}> at ${i}: ${rest.slice(0, 30)}`);
          if (m[1]! in attributes) throw new XmlError(`attribute ${m[1]} twice in <${name}>`);
          attributes[m[1]!] = decodeText(m[2]!, i);
          rest = rest.slice(m[0].length);
        }
        const element: XmlElement = { name, attributes, children: [], text: '' };
        const parent = stack.at(-1);
        if (parent) parent.children.push(element);
        else if (root) throw new XmlError('a second root element');
        else root = element;
        if (!selfClosing) stack.push(element);
      }
      i = end + 1;
      continue;
    }
    const next = xml.indexOf('<', i);
    const raw = xml.slice(i, next < 0 ? xml.length : next);
    const parent = stack.at(-1);
    if (parent) parent.text += decodeText(raw, i);
    else if (raw.trim().length > 0) throw new XmlError(`text outside the root at ${i}`);
    i = next < 0 ? xml.length : next;
  }
  if (stack.length > 0) throw new XmlError(`<${stack.at(-1)!.name}> is not closed`);
  if (!root) throw new XmlError('no root element');
  return root;
}
