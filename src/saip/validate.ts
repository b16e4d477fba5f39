/**
 * Checks of a Profile Package beyond its ASN.1 (PEDefinitions 3.3.1 section 8): the order of the elements,
 * the services and templates the header must announce, and the ICCID. Each problem names the element (by
 * index and type) and the field.
 */
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import type { AnySchema, SequenceSchema } from '../asn1/schema.ts';
import { MissingEntryError } from '../errors/missing-entry.ts';
import { iccidFromProfileHeader } from '../profile/iccid.ts';
import type { Fcp, File, PEHeader } from './common.ts';
import { efIccidOf } from './content.ts';
import { decodeProfilePackage, elementLabel, ProfileElementDecodeError } from './package.ts';
import { elementEntry, elementType, FILE_SYSTEM_ELEMENTS, ProfileElement } from './profile-element.ts';
import type { ServiceName } from './profile-header.ts';

export interface ProfileProblem {
  /** 'element 3 (usim)', or 'package' for the package as a whole. */
  readonly element: string;
  /** Path of the field within the element ('' for the element itself). */
  readonly field: string;
  readonly message: string;
}

export interface CheckedPackage {
  /** The elements, when the package decodes. */
  readonly elements?: ProfileElement[];
  readonly problems: ProfileProblem[];
}

/** Decodes and checks a package; a package is valid when there are no problems. */
export function checkProfilePackage(upp: Buffer): CheckedPackage {
  let elements: ProfileElement[];
  try {
    elements = decodeProfilePackage(upp);
  } catch (error) {
    if (error instanceof ProfileElementDecodeError) {
      return { problems: [{ element: error.element, field: error.field, message: error.detail }] };
    }
    if (error instanceof Asn1DecodeError) {
      return { problems: [{ element: 'package', field: '', message: error.detail }] };
    }
    throw error;
  }
  return { elements, problems: validateProfileElements(elements) };
}

const alternative = (type: string) => {
  const found = ProfileElement.alternatives.find(([name]) => name === type);
  if (!found) throw new MissingEntryError(`ProfileElement: no alternative ${type}`);
  return found[1] as SequenceSchema<Record<string, AnySchema>>;
};

/** The PEHeader of an element other than the ProfileHeader: its first field, whatever the module names it. */
function peHeaderOf(element: ProfileElement): { name: string; header: PEHeader } | undefined {
  const [type, value] = elementEntry(element);
  if (type === 'header') return undefined;
  const name = alternative(type).fields[0]?.name;
  const header = name ? (value[name] as PEHeader | undefined) : undefined;
  return name && header ? { name, header } : undefined;
}

/** The services an element needs the eUICC to support (PEDefinitions 8.2, eUICC-Mandatory-services). */
function servicesNeeded(element: ProfileElement): ServiceName[] {
  if ('usim' in element) return ['usim'];
  if ('isim' in element) return ['isim'];
  if ('csim' in element) return ['csim'];
  if ('akaParameter' in element && 'algoParameter' in element.akaParameter.algoConfiguration) {
    const { algorithmID, key } = element.akaParameter.algoConfiguration.algoParameter;
    if (algorithmID === 1) return ['milenage'];
    if (algorithmID === 2) return [key.length === 32 ? 'tuak256' : 'tuak128'];
    if (algorithmID === 3) return ['usim-test-algorithm'];
  }
  return [];
}

/** Whether an FCP describes a BER-TLV structured EF (TS 102 221 11.1.1.4.3: file descriptor 'x9'). */
const isBerTlv = (fcp: Fcp) => {
  const descriptor = fcp.fileDescriptor?.[0];
  return descriptor !== undefined && (descriptor & 0x07) === 0x01 && (descriptor & 0x38) === 0x38;
};

function usesBerTlvFiles(element: ProfileElement): boolean {
  const [type, value] = elementEntry(element);
  if (!(type in FILE_SYSTEM_ELEMENTS)) return false;
  return Object.values(value).some(
    (field) =>
      Array.isArray(field) &&
      (field as File).some((item) => 'fileDescriptor' in item && isBerTlv(item.fileDescriptor)),
  );
}

function validateProfileElements(elements: readonly ProfileElement[]): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const at = (index: number) =>
    elementLabel(index, elements[index] ? elementType(elements[index]) : undefined);
  const problem = (index: number | 'package', field: string, message: string) =>
    problems.push({ element: index === 'package' ? 'package' : at(index), field, message });

  // 8.1: the ProfileHeader is the first element and the only one; PE-End is the last and the only one
  if (elements.length === 0) {
    problem('package', '', 'a profile package holds at least a ProfileHeader and a PE-End');
    return problems;
  }
  const [firstElement] = elements;
  const lastElement = elements.at(-1);
  if (firstElement && !('header' in firstElement))
    problem(0, '', 'the first element must be the ProfileHeader');
  elements.forEach((element, index) => {
    if (index > 0 && 'header' in element) problem(index, '', 'a ProfileHeader after the first element');
    if (index < elements.length - 1 && 'end' in element) problem(index, '', 'PE-End before the last element');
  });
  if (lastElement && !('end' in lastElement))
    problem(elements.length - 1, '', 'the last element must be PE-End (missing)');

  // 8.2: each PE's identification is unique in the package
  const seen = new Map<number, number>();
  elements.forEach((element, index) => {
    const header = peHeaderOf(element);
    if (!header) return;
    const first = seen.get(header.header.identification);
    if (first !== undefined) {
      problem(
        index,
        `${header.name}.identification`,
        `identification ${header.header.identification} is already that of ${at(first)}`,
      );
    } else seen.set(header.header.identification, index);
  });

  const headerIndex = elements.findIndex((element) => 'header' in element);
  const headerElement = elements[headerIndex];
  if (!headerElement || !('header' in headerElement)) {
    problem('package', '', 'no ProfileHeader');
    return problems;
  }
  const header = headerElement.header;
  if (header.majorVersion < 2 || header.majorVersion > 3) {
    problem(
      headerIndex,
      'majorVersion',
      `version ${header.majorVersion}.${header.minorVersion} is not one of SAIP 2.x or 3.x`,
    );
  }

  // eUICC-Mandatory-services: every service an element needs is announced
  const announced = header.eUICCMandatoryServices as Partial<Record<ServiceName, null>>;
  const missing = new Map<ServiceName, number>();
  elements.forEach((element, index) => {
    const needed = [...servicesNeeded(element), ...(usesBerTlvFiles(element) ? (['ber-tlv'] as const) : [])];
    for (const service of needed)
      if (!(service in announced) && !missing.has(service)) missing.set(service, index);
  });
  for (const [service, index] of missing) {
    problem(
      headerIndex,
      `eUICCMandatoryServices.${service}`,
      `service ${service} is not announced, yet ${at(index)} needs it`,
    );
  }

  // eUICC-Mandatory-GFSTEList: every template a file-system element uses is announced
  elements.forEach((element, index) => {
    const [type, value] = elementEntry(element);
    if (!(type in FILE_SYSTEM_ELEMENTS)) return;
    const { templateID } = value;
    if (typeof templateID !== 'string') return;
    if (!header.eUICCMandatoryGFSTEList.includes(templateID)) {
      problem(
        headerIndex,
        'eUICCMandatoryGFSTEList',
        `template ${templateID} of ${at(index)} is not announced`,
      );
    }
  });

  // The ICCID of the header is the one EF.ICCID holds (TS 102 221 13.2)
  const iccid = iccidFromProfileHeader(header.iccid);
  const efIccid = efIccidOf(elements);
  const mfIndex = elements.findIndex((element) => 'mf' in element);
  if (mfIndex < 0) problem('package', '', 'no MF element (PE-MF): the profile has no file system root');
  else if (efIccid === undefined) problem(mfIndex, 'ef-iccid', 'EF.ICCID is not written');
  else if (efIccid !== iccid)
    problem(mfIndex, 'ef-iccid', `EF.ICCID holds ${efIccid}, the ProfileHeader ${iccid}`);
  return problems;
}
