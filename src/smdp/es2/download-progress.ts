/**
 * ES2+.HandleDownloadProgressInfo (SGP.22 5.3.5): the SM-DP+ tells the operator how each download of its
 * profiles goes, at fixed notification points. The points are read off the ES9+ functions through the step
 * runner's hooks, so no ES9+ step knows about the operator.
 */

import { RspError } from '../../errors/rsp-error.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import type { StepHooks } from '../../rsp-server/steps.ts';
import type { Es9FunctionState } from '../es9/es9-list.ts';
import type { ProfileRecord, ProfileRepository } from '../profile-repository.ts';

/** SGP.22 5.3.5 notificationPointId values. */
const NotificationPoints = {
  eligibilityAndRetryLimitCheck: 1,
  confirmationFailure: 2,
  bppDownload: 3,
  bppInstallation: 4,
  deletion: 5,
} as const;

export interface DownloadProgressInfo extends JsonBody {
  readonly eid?: string;
  readonly iccid: string;
  readonly profileType: string;
  /** UTC, seconds: YYYY-MM-DDThh:mm:ssZ. */
  readonly timestamp: string;
  readonly notificationPointId: number;
  readonly notificationPointStatus: {
    readonly status: 'Executed-Success' | 'Failed';
    readonly statusCodeData?: { subjectCode: string; reasonCode: string; message?: string };
  };
  /** Base64 of the ProfileInstallationResult (point 4) or the other notification (point 5). */
  readonly resultData?: string;
}

const CONFIRMATION_CODE_FAILURES = new Set(['8.2.7']);

export function downloadProgressHooks(
  send: (info: DownloadProgressInfo) => void,
  profiles: ProfileRepository,
  now: () => number,
): StepHooks<Es9FunctionState> {
  const report = (
    profile: ProfileRecord,
    eid: string | undefined,
    notificationPointId: number,
    error?: RspError,
    resultData?: Buffer,
    success = error === undefined,
  ) =>
    send({
      ...(eid ? { eid } : {}),
      iccid: profile.iccid,
      profileType: profile.profileType ?? profile.metadata.profileName,
      timestamp: `${new Date(now()).toISOString().slice(0, 19)}Z`,
      notificationPointId,
      notificationPointStatus: success
        ? { status: 'Executed-Success' }
        : {
            status: 'Failed',
            ...(error
              ? {
                  statusCodeData: {
                    subjectCode: error.subjectCode,
                    reasonCode: error.reasonCode,
                    message: error.message,
                  },
                }
              : {}),
          },
      ...(resultData ? { resultData: resultData.toString('base64') } : {}),
    });

  return {
    finished: async (_functionName, s) => {
      if (s.function === 'authenticateClient' && s.profile)
        report(s.profile, s.eid, NotificationPoints.eligibilityAndRetryLimitCheck);
      else if (s.function === 'getBoundProfilePackage' && s.profile)
        report(s.profile, s.session?.eid, NotificationPoints.bppDownload);
      else if (s.function === 'handleNotification' && s.applied) {
        const { applied } = s;
        if (applied.event === 'notificationInstall' && applied.profile)
          report(
            applied.profile,
            applied.eid,
            NotificationPoints.bppInstallation,
            undefined,
            applied.der,
            applied.success,
          );
        else if (applied.event === 'notificationDelete' && applied.iccid) {
          const profile = await profiles.findByIccid(applied.iccid);
          if (profile) report(profile, applied.eid, NotificationPoints.deletion, undefined, applied.der);
        }
      }
    },
    failed: (_functionName, _step, s, error) => {
      if (!(error instanceof RspError)) return;
      if (s.function === 'authenticateClient' && s.profile)
        report(s.profile, s.eid, NotificationPoints.eligibilityAndRetryLimitCheck, error);
      else if (s.function === 'getBoundProfilePackage' && s.profile) {
        const point = CONFIRMATION_CODE_FAILURES.has(error.subjectCode)
          ? NotificationPoints.confirmationFailure
          : NotificationPoints.bppDownload;
        report(s.profile, s.session?.eid, point, error);
      }
    },
  };
}
