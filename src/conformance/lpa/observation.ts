/**
 * What the SM-DP+ and the eUICC observed while the LPA under test ran one case: the ES9+ functions it
 * called, in order (from the SM-DP+'s trace, through its admin API), the order's state, the installation
 * results the SM-DP+ received, and the eUICC's profiles and pending notifications (its state file).
 */
import { type EuiccState, loadState } from '../../euicc/state.ts';
import type { SessionSummary } from '../../smdp/trace/session-trace.ts';
import type { traceView } from '../../smdp/trace/trace-view.ts';
import type { Exchange } from '../exchange.ts';
import type { LpaLab } from './lab.ts';

export interface LpaObservation {
  /** ES9+ functions called, in order, across the sessions of the case. */
  readonly calls: readonly string[];
  readonly sessions: readonly { transactionId: string; functions: readonly string[]; state: string }[];
  readonly profileState: string | undefined;
  /** ProfileInstallationResults received for the case's sessions. */
  readonly installationResults: readonly { transactionId: string; success: boolean }[];
  /**
   * The CancelSessionReason of each ES9+ cancelSession the SM-DP+ received, in order (the value the eUICC
   * signed in euiccCancelSessionSigned, SGP.22 5.6.5; undefined when the request held none).
   */
  readonly cancelReasons: readonly (number | undefined)[];
  /** Undefined for a DUT with its own eUICC (a phone): its state is not ours to read. */
  readonly euicc: EuiccState | undefined;
  readonly exchanges: readonly Exchange[];
  /** Checks on the eUICC a case could not make (the DUT's own eUICC), filled in while judging. */
  readonly unobserved: string[];
}

/** An admin API answer of the lab's own SM-DP+, typed by the view its route sends. */
async function admin<T>(lab: LpaLab, url: string): Promise<T> {
  const response = await lab.smdp.operatorApp.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${lab.smdp.adminToken}` },
  });
  if (response.statusCode !== 200) throw new Error(`admin API ${url}: HTTP ${response.statusCode}`);
  return response.json<T>();
}

export async function observe(
  lab: LpaLab,
  since: number,
  matchingId: string,
  euiccFile: string | undefined,
): Promise<LpaObservation> {
  const { sessions } = await admin<{ sessions: SessionSummary[] }>(lab, '/admin/sessions');
  const mine = sessions.filter((s) => s.firstSeen >= since).sort((a, b) => a.firstSeen - b.firstSeen);
  const exchanges: Exchange[] = [];
  for (const s of mine) {
    const view = await admin<ReturnType<typeof traceView>>(lab, `/admin/sessions/${s.transactionId}`);
    for (const e of view.exchanges)
      exchanges.push({
        path: `/gsma/rsp2/es9plus/${e.function}`,
        request: e.request,
        status: e.httpStatus,
        response: { status: e.status, decoded: e.response },
        ms: e.durationMs,
      });
  }
  const cancelReasons = exchanges
    .filter((e) => e.path.endsWith('/cancelSession'))
    .map((e) => signedReason(e.request));
  const ids = new Set(mine.map((s) => s.transactionId.toUpperCase()));
  return {
    calls: mine.flatMap((s) => s.functions),
    sessions: mine.map((s) => ({ transactionId: s.transactionId, functions: s.functions, state: s.state })),
    profileState: (await lab.smdp.context.profiles.findByMatchingId(matchingId))?.state,
    installationResults: lab.smdp.context.notifications
      .since(0)
      .flatMap((n) =>
        n.kind === 'profileInstallationResult' && n.transactionId && ids.has(n.transactionId.toUpperCase())
          ? [{ transactionId: n.transactionId, success: n.success === true }]
          : [],
      ),
    cancelReasons,
    euicc: euiccFile === undefined ? undefined : await loadState(euiccFile),
    exchanges,
    unobserved: [],
  };
}

/** A node of the trace's decoded tree (src/smdp/trace/trace-view.ts): a name, a value or children. */
function nodes(tree: unknown): { name?: unknown; value?: unknown; children?: unknown }[] {
  if (Array.isArray(tree)) return tree.flatMap(nodes);
  if (typeof tree !== 'object' || tree === null) return [];
  const node = tree as { name?: unknown; value?: unknown; children?: unknown };
  return [node, ...nodes(node.children)];
}

/** The reason in a traced cancelSession request's euiccCancelSessionSigned ("1 (postponed)" → 1). */
function signedReason(request: unknown): number | undefined {
  const signed = nodes(request).find((n) => n.name === 'euiccCancelSessionSigned');
  const reason = nodes(signed?.children).find((n) => n.name === 'reason');
  const digits = typeof reason?.value === 'string' ? /^\d+/.exec(reason.value) : null;
  return digits ? Number(digits[0]) : undefined;
}
