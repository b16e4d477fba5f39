/**
 * The tags X.680 gives the types of a module with AUTOMATIC TAGS, computed from the module's text, to check
 * declarations against: a small reader of the type notation the RSP and SGP.32 modules use (SEQUENCE, SET,
 * CHOICE, SEQUENCE OF, the primitive types, references, tags, constraints) and the tagging rules:
 * - a textual tag is IMPLICIT unless the tagged type is an untagged CHOICE (X.680 31.2.7), which it wraps;
 * - automatic tags [0], [1] … are given only in a SEQUENCE, SET or CHOICE none of whose components carries a
 *   textual tag (X.680 25.3, 29.3).
 */
import { tagOf } from '../../src/asn1/tlv.ts';
import type { Asn1Assignment } from './asn1-module.ts';

type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface AsnTag {
  readonly tagClass: TagClass;
  readonly number: number;
}

export interface AsnComponent {
  readonly name: string;
  readonly type: AsnType;
  readonly optional: boolean;
}

export type AsnType =
  | { readonly kind: 'tagged'; readonly tag: AsnTag; readonly inner: AsnType }
  | { readonly kind: 'sequence' | 'set' | 'choice'; readonly components: readonly AsnComponent[] }
  | { readonly kind: 'sequenceOf'; readonly item: AsnType }
  | { readonly kind: 'primitive'; readonly universal: number }
  | { readonly kind: 'reference'; readonly name: string };

const UNIVERSAL: Readonly<Record<string, number>> = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  NULL: 0x05,
  UTF8String: 0x0c,
  ENUMERATED: 0x0a,
};

/** Parses the type of an assignment (the tokens after `::=`). */
export function parseAssignmentType(assignment: Asn1Assignment): AsnType {
  const tokens = [...assignment.tokens];
  const start = tokens.indexOf('::=');
  const reader = new Reader(tokens.slice(start + 1));
  return reader.type();
}

class Reader {
  private position = 0;
  constructor(private readonly tokens: readonly string[]) {}

  private peek(offset = 0): string | undefined {
    return this.tokens[this.position + offset];
  }
  private next(): string {
    const token = this.tokens[this.position++];
    if (token === undefined) throw new Error('unexpected end of type');
    return token;
  }
  private expect(token: string): void {
    const got = this.next();
    if (got !== token) throw new Error(`expected ${token}, got ${got}`);
  }
  /** Skips a balanced (…) or {…} group. */
  private skipGroup(): void {
    const open = this.next();
    const close = open === '(' ? ')' : '}';
    let depth = 1;
    while (depth > 0) {
      const token = this.next();
      if (token === open) depth++;
      else if (token === close) depth--;
    }
  }

  type(): AsnType {
    if (this.peek() === '[') {
      this.next();
      let tagClass: TagClass = 'context';
      if (['APPLICATION', 'PRIVATE', 'UNIVERSAL'].includes(this.peek() ?? '')) {
        tagClass = this.next().toLowerCase() as TagClass;
      }
      const number = Number(this.next());
      this.expect(']');
      // IMPLICIT is what AUTOMATIC TAGS does anyway (rsp.asn writes it once); no module here says EXPLICIT
      if (this.peek() === 'IMPLICIT') this.next();
      return { kind: 'tagged', tag: { tagClass, number }, inner: this.type() };
    }
    const word = this.next();
    let type: AsnType;
    if (word === 'SEQUENCE' || word === 'SET') {
      if (this.peek() === '(') this.skipGroup();
      if (this.peek() === 'OF') {
        this.next();
        type = { kind: 'sequenceOf', item: this.type() };
      } else {
        type = { kind: word === 'SEQUENCE' ? 'sequence' : 'set', components: this.components() };
      }
    } else if (word === 'CHOICE') {
      type = { kind: 'choice', components: this.components() };
    } else if (word === 'OCTET' || word === 'BIT') {
      this.expect('STRING');
      if (this.peek() === '{') this.skipGroup();
      type = { kind: 'primitive', universal: word === 'OCTET' ? 0x04 : 0x03 };
    } else if (word === 'OBJECT') {
      this.expect('IDENTIFIER');
      type = { kind: 'primitive', universal: 0x06 };
    } else if (UNIVERSAL[word] !== undefined) {
      if (this.peek() === '{') this.skipGroup();
      type = { kind: 'primitive', universal: UNIVERSAL[word]! };
    } else {
      type = { kind: 'reference', name: word };
    }
    while (this.peek() === '(') this.skipGroup();
    return type;
  }

  private components(): AsnComponent[] {
    this.expect('{');
    const components: AsnComponent[] = [];
    while (this.peek() !== '}') {
      if (this.peek() === '...') {
        this.next();
      } else {
        const name = this.next();
        const type = this.type();
        let optional = false;
        if (this.peek() === 'OPTIONAL') {
          this.next();
          optional = true;
        } else if (this.peek() === 'DEFAULT') {
          this.next();
          if (this.peek() === '{') this.skipGroup();
          else this.next();
          optional = true;
        }
        components.push({ name, type, optional });
      }
      if (this.peek() === ',') this.next();
    }
    this.expect('}');
    return components;
  }
}

/** Types from outside the modules read here (PKIX), by what matters for tags. */
const EXTERNAL: Readonly<Record<string, AsnType>> = {
  Certificate: { kind: 'sequence', components: [] },
  CertificateList: { kind: 'sequence', components: [] },
  SubjectPublicKeyInfo: { kind: 'sequence', components: [] },
  SubjectKeyIdentifier: { kind: 'primitive', universal: 0x04 },
};

export class TagCalculator {
  private readonly parsed = new Map<string, AsnType>();
  constructor(private readonly assignments: ReadonlyMap<string, Asn1Assignment>) {}

  /** The parsed type of a named type, or undefined when no module here defines it. */
  typeNamed(name: string): AsnType | undefined {
    const cached = this.parsed.get(name);
    if (cached) return cached;
    const assignment = this.assignments.get(name);
    const type = assignment ? parseAssignmentType(assignment) : EXTERNAL[name];
    if (type) this.parsed.set(name, type);
    return type;
  }

  /** The type with references followed (its own tag kept). */
  resolve(type: AsnType): AsnType {
    let current = type;
    for (let hops = 0; current.kind === 'reference'; hops++) {
      const next = this.typeNamed(current.name);
      if (!next || hops > 20) throw new Error(`unknown type ${current.name}`);
      current = next;
    }
    return current;
  }

  /** The type under its tags and references: SEQUENCE, CHOICE, … */
  base(type: AsnType): AsnType {
    const resolved = this.resolve(type);
    return resolved.kind === 'tagged' ? this.base(resolved.inner) : resolved;
  }

  private isUntaggedChoice(type: AsnType): boolean {
    return this.resolve(type).kind === 'choice';
  }

  private isConstructed(type: AsnType): boolean {
    const resolved = this.resolve(type);
    if (resolved.kind === 'tagged')
      return this.isUntaggedChoice(resolved.inner) || this.isConstructed(resolved.inner);
    return resolved.kind !== 'primitive';
  }

  /** The identifier octets (as one number) a value of the type may start with. */
  tagsOf(type: AsnType): number[] {
    const resolved = this.resolve(type);
    switch (resolved.kind) {
      case 'tagged':
        return [tagOf(resolved.tag.tagClass, resolved.tag.number, this.isConstructed(resolved))];
      case 'choice':
        return this.componentsWithTags(resolved.components).flatMap(({ tags }) => tags);
      case 'sequence':
      case 'sequenceOf':
        return [0x30];
      case 'set':
        return [0x31];
      case 'primitive':
        return [resolved.universal];
      case 'reference':
        throw new Error('unreachable');
    }
  }

  /** The components of a SEQUENCE, SET or CHOICE with their types as tagged in place (automatic tags applied). */
  componentsWithTags(
    components: readonly AsnComponent[],
  ): { component: AsnComponent; type: AsnType; tags: number[] }[] {
    const automatic = components.every((component) => component.type.kind !== 'tagged');
    return components.map((component, index) => {
      const type: AsnType = automatic
        ? { kind: 'tagged', tag: { tagClass: 'context', number: index }, inner: component.type }
        : component.type;
      return { component, type, tags: this.tagsOf(type) };
    });
  }
}
