// @ts-check
/**
 * The admin page: sessions, profiles and (once ES2+ has a list endpoint) orders, and the trace of the chosen
 * session as a timeline of ES9+ exchanges with their decoded ASN.1 trees. Data comes only from the admin
 * JSON routes; the admin token lives in an HttpOnly cookie the server sets (see admin-auth.ts), so nothing
 * here can read it. Live: the server's event stream says which session got a new exchange.
 * Everything is rendered with textContent, never innerHTML: the trace shows what devices sent.
 * Type-checked by `npm run typecheck` through ./tsconfig.json: the answers' types are the server's own, so a
 * field renamed there is an error here, not a blank cell on the page.
 */

/** @typedef {ReturnType<typeof import('../admin-profile-routes.ts').profileView>} ProfileView */
/** @typedef {import('../../trace/session-trace.ts').SessionSummary} SessionSummary */
/** @typedef {ReturnType<typeof import('../../trace/trace-view.ts').traceView>} TraceView */
/** @typedef {TraceView['exchanges'][number]} Exchange */
/** @typedef {import('../../../protocol/tree.ts').TreeNode} TreeNode */
/**
 * An ES9+ answer's functionExecutionStatus (SGP.22 6.5.1.2), or the HTTP status in its place.
 * @typedef {{ status: string, statusCodeData?: { subjectCode: string, reasonCode: string, message?: string } }} ExecutionStatus
 */

/** Where the orders list will come from; the section stays hidden while this answers 404. */
const ORDERS_URL = '/admin/orders';

/**
 * The element of index.html a selector names, of the given kind: a missing or different one is a defect of
 * the page, said at once rather than as a TypeError later.
 * @template {HTMLElement} T
 * @param {string} selector
 * @param {new () => T} type
 * @param {ParentNode} [root]
 * @returns {T}
 */
function find(selector, type, root = document) {
  const found = root.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`admin page: no ${type.name} ${selector}`);
  return found;
}

/**
 * @param {string} selector
 * @param {ParentNode} [root]
 */
const $ = (selector, root = document) => find(selector, HTMLElement, root);

/**
 * One element with text and classes; children appended in order (null ones left out).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{ text?: string, className?: string, attrs?: Record<string, string> }} [options]
 * @param {...(Node | string | null)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, { text, className, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  node.append(...children.filter((child) => child !== null));
  return node;
}

class Unauthorised extends Error {}
/** A newer request for the same URL was sent meanwhile: its answer, not this one, is shown. */
class Superseded extends Error {}

/** @type {Map<string, number>} */
const asked = new Map();

/**
 * Refreshes overlap when events come faster than answers; an older answer arriving last must not hide a newer one.
 * @template B the answer's body (JSON) when the status is 2xx
 * @param {string} url
 * @returns {Promise<{ status: number, body?: B }>}
 */
async function getJson(url) {
  const ticket = (asked.get(url) ?? 0) + 1;
  asked.set(url, ticket);
  const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (response.status === 401) throw new Unauthorised();
  const answer = response.ok
    ? { status: response.status, body: await response.json() }
    : { status: response.status };
  if (asked.get(url) !== ticket) throw new Superseded();
  return answer;
}

/** @param {string} iso */
const time = (iso) =>
  new Date(iso).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hour12: false,
  });
/** @param {number} ms */
const dateTime = (ms) => new Date(ms).toLocaleString([], { hour12: false });

/** @type {string | undefined} */
let selected;
/** How many exchanges of the selected session are on screen (recorded exchanges never change). */
let shown = 0;

function showLogin(message = '') {
  $('#content').hidden = true;
  $('#logout').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message;
  $('#token').focus();
}

/**
 * @param {HTMLElement} table
 * @param {HTMLElement[]} rows
 */
function fillRows(table, rows) {
  $('tbody', table).replaceChildren(...rows);
}

async function refreshSessions() {
  /** @type {{ status: number, body?: { sessions: SessionSummary[] } }} */
  const { status, body } = await getJson('/admin/sessions');
  const section = $('#sessions');
  if (status === 404 || !body) {
    $('.empty', section).textContent = 'The session trace is off (traceSessions 0).';
    $('.empty', section).hidden = false;
    return;
  }
  const sessions = [...body.sessions].sort((a, b) => b.firstSeen - a.firstSeen);
  $('.empty', section).hidden = sessions.length > 0;
  fillRows(
    section,
    sessions.map((s) => {
      const row = el(
        'tr',
        { attrs: { 'data-transaction-id': s.transactionId, 'data-state': s.state } },
        el('td', { text: s.transactionId, className: 'mono' }),
        el('td', { text: s.eid ?? '', className: 'mono' }),
        el('td', { text: s.matchingId ?? '' }),
        el('td', {}, el('span', { text: s.state, className: `state state-${s.state}` })),
        el('td', { text: dateTime(s.firstSeen) }),
        el('td', { text: s.lastFunction }),
      );
      if (s.transactionId === selected) row.classList.add('selected');
      row.addEventListener('click', () => selectSession(s.transactionId));
      return row;
    }),
  );
}

async function refreshProfiles() {
  /** @type {{ body?: { profiles: ProfileView[] } }} */
  const { body } = await getJson('/admin/profiles');
  fillRows(
    $('#profiles'),
    (body?.profiles ?? []).map((p) =>
      el(
        'tr',
        { attrs: { 'data-profile-id': p.id } },
        el('td', { text: p.id }),
        el('td', { text: p.iccid, className: 'mono' }),
        el('td', { text: p.matchingId ?? '' }),
        el('td', {}, el('span', { text: p.state, className: `state state-${p.state}` })),
      ),
    ),
  );
}

/**
 * The orders table's columns: what an operator reads about an order, under words rather than field names,
 * few enough to fit 1280 px (the rest is in `rspsim order list --json`).
 * @type {{ title: string, className?: string, value: (order: ProfileView) => string }[]}
 */
const ORDER_COLUMNS = [
  { title: 'ICCID', className: 'mono', value: (o) => o.iccid },
  { title: 'Matching ID', value: (o) => o.matchingId ?? '' },
  { title: 'State', className: 'state-cell', value: (o) => o.state },
  { title: 'EID', className: 'mono eid', value: (o) => o.eid ?? '' },
  { title: 'Profile type', value: (o) => o.profileType ?? '' },
  {
    title: 'Confirmation code',
    value: (o) => (o.confirmationCodeRequired ? `required, ${o.ccFailedAttempts} wrong` : 'none'),
  },
  {
    title: 'Downloads',
    value: (o) =>
      o.orderLimits?.maxDownloadAttempts !== undefined
        ? `${o.downloadAttempts} of ${o.orderLimits.maxDownloadAttempts}`
        : String(o.downloadAttempts),
  },
  { title: 'Profile', value: (o) => `${o.serviceProviderName} / ${o.profileName}` },
];

/** ES2+ orders: profiles an order (or a catalogue entry) took out of the inventory. */
async function refreshOrders() {
  /** @type {{ status: number, body?: { orders: ProfileView[] } }} */
  const { status, body } = await getJson(ORDERS_URL);
  const section = $('#orders');
  section.hidden = status !== 200 || !Array.isArray(body?.orders);
  if (section.hidden || !body) return;
  $('thead tr', section).replaceChildren(...ORDER_COLUMNS.map((c) => el('th', { text: c.title })));
  fillRows(
    section,
    body.orders.map((order) =>
      el(
        'tr',
        { attrs: { 'data-iccid': order.iccid } },
        ...ORDER_COLUMNS.map((c) =>
          c.className === 'state-cell'
            ? el('td', {}, el('span', { text: c.value(order), className: `state state-${order.state}` }))
            : el('td', { text: c.value(order), ...(c.className ? { className: c.className } : {}) }),
        ),
      ),
    ),
  );
}

/** Values longer than this (BPP segments, certificates) are folded to their start and size. */
const LONG_VALUE = 96;

/**
 * A long hex value folded: its start and byte count, the whole value once opened.
 * @param {(HTMLElement | null)[]} name
 * @param {string} value
 */
function longLeaf(name, value) {
  const size = /^[0-9A-F]+$/.test(value) ? `${value.length / 2} bytes` : `${value.length} characters`;
  return el(
    'details',
    { className: 'leaf long' },
    el(
      'summary',
      {},
      ...name,
      el('span', { text: `: ${value.slice(0, 48)}… (${size})`, className: 'value' }),
    ),
    el('div', { text: value, className: 'value full' }),
  );
}

/**
 * A decoded field: a collapsible branch with its children, or one line.
 * @param {TreeNode} node
 * @param {number} depth
 * @returns {HTMLElement}
 */
function treeNode(node, depth) {
  const name = [
    el('span', { text: node.name, className: 'name' }),
    node.tag ? el('span', { text: ` [${node.tag}]`, className: 'tag' }) : null,
  ];
  if (!node.children?.length && node.value !== undefined && node.value.length > LONG_VALUE)
    return longLeaf(name, node.value);
  const label = [
    ...name,
    node.value !== undefined ? el('span', { text: `: ${node.value}`, className: 'value' }) : null,
  ];
  if (!node.children?.length) return el('div', { className: 'leaf' }, ...label);
  const failure = holdsFailure(node);
  const branch = el(
    'details',
    { attrs: { 'data-field': node.name }, ...(isFailure(node) ? { className: 'failure' } : {}) },
    el('summary', {}, ...label),
    el('div', { className: 'children' }, ...node.children.map((child) => treeNode(child, depth + 1))),
  );
  // The first levels open: the field names a reader looks for are there; deep ones stay folded, except
  // the way down to a failure (an eUICC's errorResult, an ES9+ statusCodeData), which is what a reader
  // of a failed session came for.
  branch.open = depth < 4 || failure;
  return branch;
}

/**
 * A field that reports a failure: SGP.22's errorResult (ProfileInstallationResult), statusCodeData of a
 * failed function, and the …Error alternatives of the eUICC's responses (authenticateResponseError …).
 * @param {TreeNode} node
 */
const isFailure = (node) =>
  node.name === 'errorResult' || node.name === 'statusCodeData' || /ResponseError$/.test(node.name);

/**
 * @param {TreeNode} node
 * @returns {boolean}
 */
const holdsFailure = (node) => isFailure(node) || (node.children ?? []).some(holdsFailure);

/**
 * @param {string} title
 * @param {readonly TreeNode[]} fields
 */
function body(title, fields) {
  return el(
    'div',
    { className: 'body' },
    el('h3', { text: title }),
    el(
      'div',
      { className: 'tree' },
      ...(fields.length ? fields.map((f) => treeNode(f, 0)) : [el('div', { text: '(empty)' })]),
    ),
  );
}

/** @param {ExecutionStatus} status */
function statusText(status) {
  const data = status.statusCodeData;
  return data
    ? `${status.status} ${data.subjectCode}/${data.reasonCode} ${data.message ?? ''}`
    : status.status;
}

/** @param {Exchange} exchange */
function exchangeItem(exchange) {
  const failed = exchange.status.status === 'Failed' || exchange.httpStatus >= 400;
  return el(
    'li',
    { className: failed ? 'exchange failed' : 'exchange', attrs: { 'data-function': exchange.function } },
    el(
      'div',
      { className: 'exchange-head' },
      el('span', { text: exchange.function, className: 'function' }),
      el('span', { text: time(exchange.receivedAt), className: 'meta' }),
      el('span', { text: `${exchange.durationMs} ms`, className: 'meta duration' }),
      el('span', { text: `HTTP ${exchange.httpStatus}`, className: 'meta http' }),
      el('span', { text: statusText(exchange.status), className: failed ? 'status-failed' : 'status-ok' }),
      ...exchange.scenarios.map((name) => el('span', { text: `scenario ${name}`, className: 'scenario' })),
    ),
    el(
      'div',
      { className: 'bodies' },
      body('request', exchange.request),
      body('response', exchange.response),
    ),
  );
}

async function refreshTrace() {
  if (!selected) return;
  const id = selected;
  /** @type {{ status: number, body?: TraceView }} */
  const { status, body: view } = await getJson(`/admin/sessions/${encodeURIComponent(id)}`);
  if (id !== selected || status !== 200 || !view) return;
  const section = $('#trace');
  section.hidden = false;
  $('.transaction-id', section).textContent = view.transactionId;
  $('.facts', section).textContent = [
    `state ${view.state}`,
    view.matchingId ? `matchingId ${view.matchingId}` : '',
    view.eid ? `EID ${view.eid}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  find('.export', HTMLAnchorElement, section).href = `/admin/sessions/${encodeURIComponent(id)}/export`;
  // Only new exchanges are added, so branches a reader opened or closed stay as they are.
  $('.timeline', section).append(...view.exchanges.slice(shown).map(exchangeItem));
  shown = view.exchanges.length;
}

/** @param {string} id */
function selectSession(id) {
  selected = id;
  shown = 0;
  $('#trace .timeline').replaceChildren();
  for (const row of document.querySelectorAll('#sessions tbody tr'))
    row.classList.toggle('selected', row.getAttribute('data-transaction-id') === id);
  // The trace is below the lists: bring it into view, or the click seems to do nothing.
  return guarded(async () => {
    await refreshTrace();
    $('#trace').scrollIntoView({ block: 'start' });
  })();
}

/**
 * Runs a refresh; a 401 means the cookie is gone or the token changed: ask again.
 * @param {() => Promise<void>} refresh
 */
function guarded(refresh, message = 'The admin token is needed again.') {
  return async () => {
    try {
      await refresh();
    } catch (error) {
      if (error instanceof Unauthorised) showLogin(message);
      else if (!(error instanceof Superseded)) throw error;
    }
  };
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let pending;
/**
 * Exchanges come in bursts (a download is four); one refresh for each burst.
 * @param {string} [transactionId] the session that got an exchange; none: any may have
 */
function refreshSoon(transactionId) {
  clearTimeout(pending);
  pending = setTimeout(
    guarded(async () => {
      await Promise.all([refreshSessions(), refreshProfiles()]);
      if (transactionId === selected || transactionId === undefined) await refreshTrace();
    }),
    150,
  );
}

/** @type {EventSource | undefined} */
let events;
function followLive() {
  events?.close();
  events = new EventSource('/admin/events');
  const live = $('#live');
  events.addEventListener('open', () => {
    live.dataset.state = 'on';
    live.textContent = 'live';
    // Anything recorded while the stream was down shows up now.
    refreshSoon();
  });
  events.addEventListener('error', () => {
    live.dataset.state = 'off';
    live.textContent = 'reconnecting';
  });
  events.addEventListener('exchange', (event) => refreshSoon(event.data));
}

const start = guarded(async () => {
  await Promise.all([refreshSessions(), refreshProfiles(), refreshOrders()]);
  $('#login').hidden = true;
  $('#content').hidden = false;
  $('#logout').hidden = false;
  followLive();
}, '');

$('#login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('/admin/ui/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: find('#token', HTMLInputElement).value }),
  });
  find('#token', HTMLInputElement).value = '';
  if (response.status === 204) await start();
  else if (response.status === 429)
    showLogin(`Too many wrong tokens: try again in ${response.headers.get('Retry-After')} s.`);
  else showLogin('That is not the admin token.');
});

$('#logout').addEventListener('click', async () => {
  events?.close();
  await fetch('/admin/ui/logout', { method: 'POST' });
  showLogin();
});

start();
