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

/** Which page of the eUICC records and which of the orders (from 1). */
export interface AdminViewPages {
  readonly euiccs: number;
  readonly orders: number;
}

export interface EimAdminView {
  readonly eimId: string;
  readonly address: string;
  readonly curve: string;
  readonly eids: readonly EimAdminEid[];
  /** Exchanges the trace keeps per EID (admin-exchanges.ts lists them); absent: the eIM traces nothing. */
  readonly exchangesByEid?: ReadonlyMap<string, number>;
  /** The page of records and of orders shown, and whether another follows each. */
  readonly pages: AdminViewPages & { readonly moreEuiccs: boolean; readonly moreOrders: boolean };
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

/** A link to this page with other page numbers (escaped for an attribute). */
function pageHref(pages: AdminViewPages): string {
  const query = [
    ...(pages.euiccs > 1 ? [`euiccs=${pages.euiccs}`] : []),
    ...(pages.orders > 1 ? [`orders=${pages.orders}`] : []),
  ];
  return htmlEscape(query.length ? `/admin/ui?${query.join('&')}` : '/admin/ui');
}

/** Where the records and orders shown sit among all, with links to the pages before and after. */
function pager(pages: EimAdminView['pages']): string {
  const { euiccs, orders } = pages;
  const part = (what: string, page: number, more: boolean, at: (page: number) => AdminViewPages) => {
    const links = [
      ...(page > 1 ? [`<a href="${pageHref(at(page - 1))}">previous</a>`] : []),
      ...(more ? [`<a href="${pageHref(at(page + 1))}">next</a>`] : []),
    ];
    return `${what} page ${page}${links.length ? ` (${links.join(', ')})` : ''}`;
  };
  return `<p>${[
    part('eUICC records (by EID)', euiccs, pages.moreEuiccs, (page) => ({ euiccs: page, orders })),
    part('orders (newest first)', orders, pages.moreOrders, (page) => ({ euiccs, orders: page })),
  ].join('; ')}</p>`;
}

function eidSection(row: EimAdminEid, view: EimAdminView): string {
  // with all records on this page, an EID without one has none; otherwise it may be on another page
  const allRecordsShown = view.pages.euiccs === 1 && !view.pages.moreEuiccs;
  const { euicc } = row;
  const facts = euicc
    ? `<p>counterValue ${htmlEscape(String(euicc.counterValue))}; association token ${htmlEscape(
        euicc.associationToken === undefined ? 'none' : String(euicc.associationToken),
      )}; CERT.EUICC ${euicc.euiccCertificate ? 'known' : 'not known'}</p>`
    : allRecordsShown
      ? '<p>no eUICC record (orders only)</p>'
      : '<p>eUICC record not on this page of records</p>';
  const orders = row.orders.length
    ? '<table><tr><th>order</th><th>facility</th><th>status</th><th>created</th><th>updated</th>' +
      `<th>request</th><th>outcome</th></tr>${row.orders.map(orderRow).join('')}</table>`
    : view.pages.orders === 1 && !view.pages.moreOrders
      ? '<p>no orders</p>'
      : '<p>no orders on this page of orders</p>';
  return `<section><h2>EID ${htmlEscape(row.eid)}</h2>${facts}${exchangesLink(row.eid, view.exchangesByEid)}${orders}</section>`;
}

export function renderEimAdminPage(view: EimAdminView): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>rspsim eIM</title></head><body>',
    `<h1>eIM ${htmlEscape(view.eimId)}</h1>`,
    `<p>address ${htmlEscape(view.address)}; key curve ${htmlEscape(view.curve)}</p>`,
    pager(view.pages),
    view.exchangesByEid
      ? `<p><a href="${exchangesHref({})}">All ESipa and ES9+ exchanges traced</a></p>`
      : '',
    view.eids.length ? view.eids.map((row) => eidSection(row, view)).join('') : '<p>No eUICC known yet.</p>',
    '</body></html>',
  ].join('\n');
}
