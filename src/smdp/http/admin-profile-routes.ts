/**
 * The profile inventory through the admin API: list profiles and orders (never a confirmation code or its
 * hash), and import an Unprotected Profile Package as an Available profile for ES2+ orders.
 */
import type { FastifyInstance } from 'fastify';
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import { StoreMetadataRequest } from '../../asn1/rsp/index.ts';
import { type AdminAuth, registerAdminScope } from '../../rsp-server/http/admin-auth.ts';
import { jsonObjectOf } from '../../rsp-server/http/admin-json-bodies.ts';
import { PROFILE_IMPORT_BODY_LIMIT } from '../../rsp-server/http/body-limits.ts';
import { checkProfilePackage } from '../../saip/validate.ts';
import { type CatalogueEntry, profileRecordFrom } from '../profile-catalogue.ts';
import type { ProfileRecord, ProfileRepository } from '../profile-repository.ts';

export interface InventoryOptions {
  readonly profiles: ProfileRepository;
  readonly smdpAddress: string;
  readonly ccMaxAttempts: number;
}

/** What the admin API shows of a profile. */
export function profileView(p: ProfileRecord) {
  return {
    id: p.id,
    iccid: p.iccid,
    ...(p.profileType ? { profileType: p.profileType } : {}),
    state: p.state,
    ...(p.eid ? { eid: p.eid } : {}),
    ...(p.matchingId !== undefined ? { matchingId: p.matchingId } : {}),
    confirmationCodeRequired: p.confirmationCodeHash !== undefined,
    ccFailedAttempts: p.ccFailedAttempts,
    ...(p.orderLimits ? { orderLimits: p.orderLimits } : {}),
    downloadAttempts: p.downloadAttempts,
    profileName: p.metadata.profileName,
    serviceProviderName: p.metadata.serviceProviderName,
    reusable: p.reusable,
  };
}

const IMPORT_FIELDS = ['id', 'profileType', 'serviceProviderName', 'profileName', 'profileClass'] as const;

export function registerAdminProfileRoutes(
  app: FastifyInstance,
  auth: AdminAuth,
  inventory: InventoryOptions,
): void {
  registerAdminScope(app, auth, (admin) => {
    admin.get('/admin/profiles', async () => ({
      profiles: (await inventory.profiles.list()).map(profileView),
    }));
    // Orders: profiles an ES2+ order (or a catalogue entry) took out of the inventory; demo profiles are none.
    admin.get('/admin/orders', async () => ({
      orders: (await inventory.profiles.list())
        .filter((p) => !p.reusable && p.state !== 'available' && p.state !== 'unavailable')
        .map(profileView),
    }));
    // Body: { upp: base64 DER, metadata?: base64 StoreMetadataRequest, id?, profileType?, serviceProviderName?,
    // profileName?, profileClass? }. The package must pass the SAIP checks (each problem names its element).
    admin.post('/admin/profiles', { bodyLimit: PROFILE_IMPORT_BODY_LIMIT }, async (request, reply) => {
      const input = jsonObjectOf(request);
      if (typeof input.upp !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(input.upp))
        return reply.code(400).send({ error: 'upp must be the profile package in base64' });
      const entry: Record<string, unknown> = { upp: '' };
      for (const field of IMPORT_FIELDS) {
        if (input[field] === undefined) continue;
        if (typeof input[field] !== 'string') return reply.code(400).send({ error: `${field} must be text` });
        entry[field] = input[field];
      }
      const upp = Buffer.from(input.upp, 'base64');
      const { problems } = checkProfilePackage(upp);
      if (problems.length > 0)
        return reply.code(400).send({ error: 'the profile package is not valid', problems });
      let record: ProfileRecord;
      try {
        const metadata =
          typeof input.metadata === 'string'
            ? StoreMetadataRequest.decode(Buffer.from(input.metadata, 'base64'))
            : undefined;
        record = profileRecordFrom(
          entry as unknown as CatalogueEntry,
          upp,
          inventory.smdpAddress,
          { ccMaxAttempts: inventory.ccMaxAttempts },
          metadata,
        );
      } catch (error) {
        const why =
          error instanceof Asn1DecodeError || error instanceof RangeError ? error.message : String(error);
        return reply.code(400).send({ error: `cannot import: ${why}` });
      }
      try {
        await inventory.profiles.add(record, upp);
      } catch {
        return reply
          .code(409)
          .send({ error: `a profile with id ${record.id} or ICCID ${record.iccid} exists` });
      }
      return reply.code(201).send({ profile: profileView(record) });
    });
  });
}
