/**
 * `--curves auto`: which curves the SM-DP+ under test serves, asked before the campaign. SGP.22 5.6.1: the
 * SM-DP+ picks the CI to use (euiccCiPKIdToBeUsed) from the eUICC's euiccCiPKIdListForVerification and signs
 * with the CERT.DPauth of that CI; when it supports none of the listed CIs it refuses with 8.8.2/3.1, and
 * when it has no CERT.DPauth under one it does support, with 8.8.4/3.7. So an initiateAuthentication from an
 * eUICC listing only the CI of one curve (the SGP.26 test set has one CI per curve) says whether the target
 * serves that curve. Our test eUICC otherwise lists both CIs, so the probe uses one restricted to its own.
 * The probe needs no order and opens nothing but a pending session, which the server lets expire.
 */
import { CURVES, type Curve } from '../crypto/curve.ts';
import { JsonPoster } from './exchange.ts';
import { describeAnswer, failedWith, statusOf } from './sgp22-answer.ts';
import type { SmdpTarget } from './target.ts';
import { TestDevice } from './test-device.ts';

/**
 * What the probe of one curve found: served (a successful answer), not served (one of the two refusals
 * above), or unknown (any other answer: the curve's cases run, and their verdicts say what goes wrong).
 */
export interface CurveProbe {
  readonly curve: Curve;
  readonly served: 'yes' | 'no' | 'unknown';
  /** What the target answered, in one line. */
  readonly observed: string;
}

export async function probeCurve(target: SmdpTarget, curve: Curve): Promise<CurveProbe> {
  const poster = new JsonPoster(`https://${target.address}`, target.tls);
  try {
    const device = TestDevice.create({ ...target, curves: [curve] }, poster, { curve, ownCurveCiOnly: true });
    const answer = await device.initiateAuthentication();
    const observed = `initiateAuthentication from an eUICC listing only the ${curve} CI answered ${describeAnswer(answer)}`;
    const status = statusOf(answer);
    const served =
      status.kind === 'executed'
        ? 'yes'
        : failedWith(answer, 'ciPKIdNotSupported') || failedWith(answer, 'noDpAuthCertificate')
          ? 'no'
          : 'unknown';
    return { curve, served, observed };
  } finally {
    poster.close();
  }
}

/** The curves a target serves, each probed; the others kept with why, for their cases' inconclusive verdicts. */
export async function probeCurves(target: SmdpTarget): Promise<readonly CurveProbe[]> {
  const probes: CurveProbe[] = [];
  for (const curve of CURVES) probes.push(await probeCurve(target, curve));
  return probes;
}

/** The target as the probes found it: the curves not served are left out, each with its reason. */
export function withProbedCurves(target: SmdpTarget, probes: readonly CurveProbe[]): SmdpTarget {
  const unserved = probes.filter((p) => p.served === 'no');
  return {
    ...target,
    curves: probes.filter((p) => p.served !== 'no').map((p) => p.curve),
    curvesLeftOut: new Map(
      unserved.map((p) => [p.curve, `the target does not serve ${p.curve} (--curves auto: ${p.observed})`]),
    ),
  };
}
