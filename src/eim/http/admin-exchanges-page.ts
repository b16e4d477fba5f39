/**
 * The HTML of the eIM's exchange list (trace/exchanges-page-view.ts gathers what it shows): per EID and
 * transaction a table, ESipa on the left and the ES9+ exchanges relayed for it on the right, each exchange a
 * <details> with its function, SGP section, status, time and both bodies decoded. Every value — decoded
 * bodies, EIDs, messages an SM-DP+ sent — is written through htmlEscape, and every link's query part through
 * encodeURIComponent as well. No script.
 */
import { htmlEscape as h } from '../../rsp-server/http/html-escape.ts';
import type {
  ExchangeFilter,
  ExchangeGroup,
  ExchangeItem,
  ExchangeRow,
  ExchangesPage,
} from '../trace/exchanges-page-view.ts';

export const EXCHANGES_PATH = '/admin/ui/exchanges';

/** A link to the list with `filter` and `page` (escaped for an attribute). */
export function exchangesHref(filter: ExchangeFilter, page = 1): string {
  const query = [
    ...(filter.eid !== undefined ? [`eid=${encodeURIComponent(filter.eid)}`] : []),
    ...(filter.transaction !== undefined ? [`transaction=${encodeURIComponent(filter.transaction)}`] : []),
    ...(page > 1 ? [`page=${page}`] : []),
  ];
  return h(query.length ? `${EXCHANGES_PATH}?${query.join('&')}` : EXCHANGES_PATH);
}

function exchange(item: ExchangeItem): string {
  const section = item.section ? ` (${item.section})` : '';
  return (
    `<details id="x${item.seq}"><summary>#${item.seq} ${h(item.interface)} ${h(item.function)}${h(section)}: ` +
    `${h(item.status)}</summary>` +
    `<p>${h(item.at)}, ${item.durationMs} ms, ${item.interface === 'ESipa' ? 'IPA' : 'SM-DP+'} ${h(item.peer)}</p>` +
    `<p>request</p><pre>${h(item.request)}</pre>` +
    (item.response ? `<p>response</p><pre>${h(item.response)}</pre>` : '<p>no response body</p>') +
    '</details>'
  );
}

const row = (r: ExchangeRow): string =>
  `<tr><td>${r.esipa ? exchange(r.esipa) : ''}</td><td>${r.es9.map(exchange).join('')}</td></tr>`;

function group(g: ExchangeGroup): string {
  const link = (filter: ExchangeFilter, text: string) => `<a href="${exchangesHref(filter)}">${h(text)}</a>`;
  const names = [
    g.eid ? `EID ${link({ eid: g.eid }, g.eid)}` : 'EID unknown',
    ...(g.eimTransactionId
      ? [`eimTransactionId ${link({ transaction: g.eimTransactionId }, g.eimTransactionId)}`]
      : []),
    ...g.transactionIds.map((id) => `transactionId ${link({ transaction: id }, id)}`),
  ];
  return (
    `<section><h2>${names.join(', ')}</h2>` +
    '<table><tr><th>ESipa (IPA – eIM)</th><th>ES9+ (eIM – SM-DP+)</th></tr>' +
    `${g.rows.map(row).join('')}</table></section>`
  );
}

function pager(view: ExchangesPage): string {
  const links = [
    ...(view.page > 1 ? [`<a href="${exchangesHref(view.filter, view.page - 1)}">newer</a>`] : []),
    `page ${view.page} of ${view.pages}`,
    ...(view.page < view.pages ? [`<a href="${exchangesHref(view.filter, view.page + 1)}">older</a>`] : []),
  ];
  return `<p>${links.join(' · ')}</p>`;
}

export function renderExchangesPage(eimId: string, view: ExchangesPage): string {
  const filter = [
    ...(view.filter.eid !== undefined ? [`EID ${h(view.filter.eid)}`] : []),
    ...(view.filter.transaction !== undefined ? [`transaction ${h(view.filter.transaction)}`] : []),
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>rspsim eIM: exchanges</title></head><body>',
    `<h1>eIM ${h(eimId)}: ESipa and ES9+ exchanges</h1>`,
    `<p><a href="/admin/ui">orders</a>${filter.length ? ` · showing ${filter.join(', ')} (<a href="${EXCHANGES_PATH}">all</a>)` : ''}</p>`,
    `<p>${view.matching} of ${view.kept} exchanges kept (${view.bytes} bytes; at most ${view.maxExchanges} ` +
      `exchanges and ${view.maxBytes} bytes, the oldest dropped first: ${view.dropped} dropped so far)</p>`,
    pager(view),
    view.groups.length ? view.groups.map(group).join('') : '<p>No exchange traced.</p>',
    pager(view),
    '</body></html>',
  ].join('\n');
}
