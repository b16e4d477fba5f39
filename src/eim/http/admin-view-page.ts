/**
 * The eIM admin page's HTML (admin-view.ts gathers what it shows). Every value from the store — EIDs,
 * orders, outcomes an IPA sent — is written through htmlEscape: a hostile string shows as text, never as
 * markup. Times are UTC ISO 8601.
 */
import { htmlEscape } from '../../rsp-server/http/html-escape.ts';
import type { EimEuicc, EimOrder } from '../eim-repository.ts';
import { exchangesHref } from './admin-exchanges-page.ts';

/** What the page shows of one EID: the eIM's record of its eUICC, if any, and its orders. */
export interface EimAdminEid {
  readonly eid: string;
  readonly euicc?: EimEuicc;
  readonly orders: readonly EimOrder[];
}

export interface EimAdminView {
  readonly eimId: string;
  readonly address: string;
  readonly curve: string;
  readonly eids: readonly EimAdminEid[];
  /** Exchanges the trace keeps per EID (admin-exchanges.ts lists them); absent: the eIM traces nothing. */
  readonly exchangesByEid?: ReadonlyMap<string, number>;
  /** True when a bound cut the list: more records or orders exist than the page shows. */
  readonly truncated: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A table cell: the text escaped. */
const cell = (text: string): string => `<td>${htmlEscape(text)}</td>`;

function orderRow(order: EimOrder): string {
  return `<tr>${[
    order.id,
    order.facility,
    order.status,
    iso(order.createdAt),
    iso(order.updatedAt),
    JSON.stringify(order.order),
    order.outcome.length ? JSON.stringify(order.outcome) : '',
  ]
    .map(cell)
    .join('')}</tr>`;
}

/** The link to an EID's traced exchanges, with how many there are. */
function exchangesLink(eid: string, counts: ReadonlyMap<string, number> | undefined): string {
  if (!counts) return '';
  const count = counts.get(eid.toUpperCase()) ?? 0;
  return `<p><a href="${exchangesHref({ eid })}">${count} ESipa and ES9+ exchanges traced</a></p>`;
}

function eidSection(row: EimAdminEid, counts: ReadonlyMap<string, number> | undefined): string {
  const { euicc } = row;
  const facts = euicc
    ? `<p>counterValue ${htmlEscape(String(euicc.counterValue))}; association token ${htmlEscape(
        euicc.associationToken === undefined ? 'none' : String(euicc.associationToken),
      )}; CERT.EUICC ${euicc.euiccCertificate ? 'known' : 'not known'}</p>`
    : '<p>no eUICC record (orders only)</p>';
  const orders = row.orders.length
    ? '<table><tr><th>order</th><th>facility</th><th>status</th><th>created</th><th>updated</th>' +
      `<th>request</th><th>outcome</th></tr>${row.orders.map(orderRow).join('')}</table>`
    : '<p>no orders</p>';
  return `<section><h2>EID ${htmlEscape(row.eid)}</h2>${facts}${exchangesLink(row.eid, counts)}${orders}</section>`;
}

export function renderEimAdminPage(view: EimAdminView): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>rspsim eIM</title></head><body>',
    `<h1>eIM ${htmlEscape(view.eimId)}</h1>`,
    `<p>address ${htmlEscape(view.address)}; key curve ${htmlEscape(view.curve)}</p>`,
    view.truncated ? '<p>Only the newest eUICC records and orders are shown.</p>' : '',
    view.exchangesByEid
      ? `<p><a href="${exchangesHref({})}">All ESipa and ES9+ exchanges traced</a></p>`
      : '',
    view.eids.length
      ? view.eids.map((row) => eidSection(row, view.exchangesByEid)).join('')
      : '<p>No eUICC known yet.</p>',
    '</body></html>',
  ].join('\n');
}
