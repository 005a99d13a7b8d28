// ui.js - KRDS building blocks (headings, breadcrumbs, alerts, tables, badges, modal) and the
// display of field values; every one builds DOM nodes, never markup strings.
import { h, clear, nextId, announce } from './dom.js';
import { t, enumLabel, fieldLabel, countryName, entityLabel, getLang } from './i18n.js';
import { refLabel, rowLabel } from './meta.js';
import { formatDate, formatInstant, formatInstantPair, localDate, localSpan, homeSpan } from './time.js';
import { formatMoney, currencyOf, currencyName } from './money.js';

export const href = (...parts) => `#/${parts.join('/')}`;

// Breadcrumb + h1 + action buttons. The h1 takes focus after navigation (tabindex -1).
export function pageHead(title, crumbs = [], actions = []) {
  const nav = h('nav', { class: 'krds-breadcrumb-wrap', 'aria-label': t('nav.breadcrumb') },
    h('ol', { class: 'breadcrumb' },
      h('li', { class: 'home' }, h('a', { href: '#/', class: 'txt' }, t('nav.home'))),
      crumbs.map((c) => h('li', null, c.href ? h('a', { href: c.href, class: 'txt' }, c.text) : h('span', { class: 'txt', 'aria-current': 'page' }, c.text)))));
  return h('div', { class: 'page-head' }, nav,
    h('div', { class: 'page-title-row' },
      h('h1', { class: 'page-title', tabindex: '-1' }, title),
      actions.length ? h('div', { class: 'page-actions' }, actions) : null));
}

export function linkButton(text, to, kind = 'secondary', attrs = {}) {
  return h('a', { href: to, class: `krds-btn small ${kind}`, ...attrs }, text);
}
export function button(text, onclick, kind = 'secondary', attrs = {}) {
  return h('button', { type: 'button', class: `krds-btn small ${kind}`, onclick, ...attrs }, text);
}

// A KRDS alert banner. kind: danger | ok | info. Errors are role=alert, the rest role=status.
export function alertBox(kind, message, extra = []) {
  const badge = { danger: t('alert.error'), ok: t('alert.done'), info: t('alert.notice') }[kind];
  return h('div', { class: `app-alert app-alert-${kind}`, role: kind === 'danger' ? 'alert' : 'status' },
    h('ul', { class: 'krds-critical-alerts' },
      h('li', null,
        h('div', { class: 'critical-ban' },
          h('span', { class: `critical-badge ${kind}` }, badge),
          h('div', { class: 'critical-txt app-alert-body' }, h('p', null, message), extra)))));
}

// "2024년 1월 8일 – 2024년 1월 14일": a span of local dates.
export function period(from, to) {
  if (!from && !to) return h('span', { class: 'app-empty' }, '—');
  return h('span', { class: 'app-nowrap' }, from ? formatDate(from) : '', ' – ', to ? formatDate(to) : '');
}

export function spinner() {
  return h('div', { class: 'krds-spinner app-spinner', role: 'status' }, h('span', { class: 'sr-only' }, t('state.loading')));
}

const BADGE = {
  planning: 'bg-light-gray', approved: 'bg-light-primary', travelling: 'bg-light-information',
  completed: 'bg-light-success', cancelled: 'bg-light-danger', planned: 'bg-light-gray',
  signed: 'bg-light-primary', in_progress: 'bg-light-information', lapsed: 'bg-light-danger',
  done: 'bg-light-success',
};
export function badge(value) {
  return h('span', { class: `krds-badge ${BADGE[value] || 'bg-light-secondary'}` }, enumLabel(value));
}

// One field of a row for display: references link to their row, enums are translated, instants
// carry their zone. ctx ({places, delegations} from zoneContext) gives an item's zone.
export function formatValue(e, f, row, ctx = {}) {
  const v = row[f.name];
  if (f.type === 'bool') return v ? t('value.yes') : t('value.no');
  if (v === null || v === undefined || v === '') return h('span', { class: 'app-empty', 'aria-label': t('value.none') }, '—');
  switch (f.type) {
    case 'ref': return h('a', { href: href(f.ref, v) }, refLabel(row, f.name));
    case 'enum': return f.name === 'status' ? badge(v) : enumLabel(v);
    case 'date': return h('time', { datetime: v }, formatDate(v));
    case 'instant': {
      // "2024-01-09 09:00 PST · 02:00 KST +1": local time, and the delegation's home time.
      const zone = zoneForField(e, f, row, ctx);
      const home = homeZoneOf(row, ctx);
      const text = home ? `${localDate(new Date(v), zone)} ${formatInstantPair(v, zone, home)}` : formatInstant(v, zone);
      return h('time', { datetime: v, title: zone }, text);
    }
    case 'country': return countryName(v);
    case 'money': return moneyNode(v, currencyOf(row, f.name));
    case 'currency': return currencyNode(v);
    case 'strlist': return Array.isArray(v) ? v.join(', ') : String(v);
    case 'email': return h('a', { href: `mailto:${v}` }, v);
    default:
      if (f.name === 'website' && /^https?:\/\//i.test(v)) return h('a', { href: v, rel: 'noopener noreferrer', target: '_blank' }, v);
      return String(v);
  }
}

// An amount in minor units, shown in major units with its currency ("US$12,500.50").
export function moneyNode(minor, currency) {
  return h('span', { class: 'app-money', dataset: { minor: String(minor), currency } }, formatMoney(minor, currency));
}

// A currency code with its name: "USD (미국 달러)".
export function currencyNode(code) {
  const name = currencyName(code);
  return name && name !== code ? `${code} (${name})` : String(code);
}

function homeZoneOf(row, ctx) {
  return (row.delegation_id && ctx.delegations?.get(row.delegation_id)?.home_timezone) || null;
}

// A B2B row's programme zone: its own programme's, or its participant's (an absence).
function programmeZoneOf(row, ctx) {
  const ev = row.b2b_event_id ?? ctx.b2bPeople?.get(row.participant_id)?.b2b_event_id;
  return (ev && ctx.b2bEvents?.get(ev)?.timezone) || null;
}

// The zone an instant is read in: the end of a trip somewhere in its destination's zone, else
// the item's place, else its delegation's home zone, else its B2B programme's, else UTC.
export function zoneForField(e, f, row, ctx = {}) {
  const pick = (name) => (row[name] && ctx.places?.get(row[name])?.timezone) || null;
  return (f.name === 'ends_at' && pick('to_place_id')) || pick('place_id') || homeZoneOf(row, ctx) ||
    programmeZoneOf(row, ctx) || 'UTC';
}

// A dense KRDS data table. columns: [{label, render(row) -> node|string, sortKey?}].
// sort: {key, desc, onSort(key)} makes sortable headers buttons with aria-sort.
export function dataTable({ caption, columns, rows, sort, empty, className }) {
  const thead = h('thead', null, h('tr', null, columns.map((c) => {
    if (!c.sortKey || !sort) return h('th', { scope: 'col' }, c.label);
    const active = sort.key === c.sortKey;
    const dir = active ? (sort.desc ? 'descending' : 'ascending') : 'none';
    return h('th', { scope: 'col', 'aria-sort': dir },
      h('button', { type: 'button', class: `sort-btn ${active ? 'is-sorted' : ''}`, dataset: { focusKey: `sort-${c.sortKey}` }, onclick: () => sort.onSort(c.sortKey) },
        c.label, h('span', { class: `sort-ind sort-${dir}`, 'aria-hidden': 'true' })));
  })));
  const tbody = h('tbody', null, rows.length
    ? rows.map((r) => h('tr', null, columns.map((c, i) => h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : null, c.render(r)))))
    : h('tr', null, h('td', { colspan: String(columns.length), class: 'app-empty-row' }, empty || t('list.empty'))));
  return h('div', { class: ['krds-table-wrap', 'app-table-wrap', className] },
    h('table', { class: 'tbl col data app-dense' }, h('caption', null, caption), thead, tbody));
}

// Key/value table of a row's fields.
export function fieldsTable(e, row, ctx, skip = []) {
  const rows = e.fields.filter((f) => !skip.includes(f.name));
  return h('div', { class: 'krds-table-wrap app-table-wrap app-fields' },
    h('table', { class: 'tbl col data app-dense' },
      h('caption', null, t('detail.fields_caption', { what: entityLabel(e) })),
      h('tbody', null, rows.map((f) => h('tr', null,
        h('th', { scope: 'row' }, fieldLabel(f)),
        h('td', { class: f.multiline ? 'app-multiline' : null }, formatValue(e, f, row, ctx)))))));
}

// Columns for a list of an entity: its label field first (linking to the row), then the other
// short fields; `omit` drops the foreign key a child table is grouped by.
export function columnsFor(e, ctx = {}, omit = [], max = 7) {
  // The label column shows the row in the UI language, so it is headed and sorted by that field.
  const labelField = getLang() === 'en' && e.title_en ? e.title_en : e.title_ko;
  const fields = e.fields.filter((f) => !f.multiline && f.name !== 'notes' && !omit.includes(f.name));
  const cols = [];
  if (labelField) {
    const f = fields.find((x) => x.name === labelField) || fields.find((x) => x.name === e.title_ko);
    cols.push({ label: fieldLabel(f), sortKey: f.sort ? f.name : null, render: (r) => h('a', { href: href(e.name, r.id) }, rowLabel(e, r)) });
  } else {
    cols.push({ label: t('list.number'), render: (r) => h('a', { href: href(e.name, r.id), 'aria-label': t('list.open_row', { id: r.id }) }, `#${r.id}`) });
  }
  for (const f of fields) {
    if (f.name === e.title_ko || f.name === e.title_en) continue;
    if (cols.length >= max) break;
    cols.push({ label: fieldLabel(f), sortKey: f.sort ? f.name : null, render: (r) => formatValue(e, f, r, ctx) });
  }
  return cols;
}

// A KRDS modal: title, body nodes and footer buttons, in a content element of the given tag
// (a form, for a dialog that submits). Focus stays inside while open, Escape closes, and focus
// returns to where it was. onClose(result) runs once, whichever way it closes. Returns
// {close(result), content}.
export function openModal({ title, body, footer, tag = 'div', size = 'modal-sm', describedBy, onClose, focus }) {
  const root = document.getElementById('app-modal-root');
  const before = document.activeElement;
  const titleId = nextId('modal-title');
  const outside = document.querySelectorAll('#krds-skip-link, #krds-header, .app-layout, .app-footer');
  let open = true;
  const close = (result) => {
    if (!open) return;
    open = false;
    modal.classList.remove('in');
    back.classList.remove('in');
    document.removeEventListener('keydown', onKey, true);
    clear(root);
    document.body.classList.remove('app-modal-open');
    for (const el of outside) el.inert = false;
    if (before && before.focus) before.focus();
    if (onClose) onClose(result);
  };
  const back = h('div', { class: 'modal-back in', onclick: () => close(false) });
  const content = h(tag, { class: 'modal-content', tabindex: '-1', novalidate: tag === 'form' ? true : null },
    h('div', { class: 'modal-header' }, h('h2', { id: titleId, class: 'modal-title' }, title)),
    h('div', { class: 'modal-conts' }, h('div', { class: 'conts-area' }, body)),
    h('div', { class: 'modal-btn btn-wrap' }, footer));
  const modal = h('section', { class: 'krds-modal shown in', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, 'aria-describedby': describedBy || null },
    h('div', { class: ['modal-dialog', size] }, content), back);
  const focusables = () => [...content.querySelectorAll('button, input, select, textarea, a[href]')]
    .filter((el) => !el.disabled && !el.closest('[hidden]') && el.type !== 'hidden');
  const onKey = (ev) => {
    if (ev.key === 'Escape') { ev.preventDefault(); close(false); }
    if (ev.key === 'Tab') {
      const items = focusables();
      if (!items.length) return;
      const i = items.indexOf(document.activeElement);
      ev.preventDefault();
      const next = i < 0 ? (ev.shiftKey ? items.length - 1 : 0) : (i + (ev.shiftKey ? items.length - 1 : 1)) % items.length;
      items[next].focus();
    }
  };
  clear(root).append(modal);
  document.body.classList.add('app-modal-open');
  for (const el of outside) el.inert = true;
  document.addEventListener('keydown', onKey, true);
  (focus || focusables()[0] || content).focus();
  return { close, content };
}

// A confirmation dialog (KRDS modal). Resolves true when confirmed. Focus stays inside while
// open, Escape cancels, and focus returns to where it was.
export function confirmDialog({ title, message, confirm, danger = true }) {
  return new Promise((resolve) => {
    const descId = nextId('modal-desc');
    let dlg = null;
    const ok = h('button', { type: 'button', class: `krds-btn medium ${danger ? 'primary app-danger' : 'primary'}`, onclick: () => dlg.close(true) }, confirm);
    const cancel = h('button', { type: 'button', class: 'krds-btn medium tertiary', onclick: () => dlg.close(false) }, t('action.cancel'));
    dlg = openModal({ title, body: h('p', { id: descId }, message), footer: [cancel, ok], describedBy: descId, onClose: resolve, focus: cancel });
  });
}

// One-shot message shown on the next page rendered (e.g. "saved" after a redirect).
let flashMsg = null;
export function flash(kind, message) { flashMsg = { kind, message }; }
export function takeFlash() {
  const f = flashMsg;
  flashMsg = null;
  if (!f) return null;
  announce(f.message);
  return alertBox(f.kind, f.message);
}

// A problem from the API as an alert: the message for its code, else the server's words.
export function problemAlert(err, extra = []) {
  return alertBox('danger', problemMessage(err), extra);
}
export function problemMessage(err) {
  const key = `problem.${err.code}`;
  return t(key) !== key ? t(key) : (err.problem?.detail || t('problem.http'));
}

export function section(title, ...children) {
  const id = nextId('sec');
  return h('section', { class: 'app-section', 'aria-labelledby': id }, h('h2', { id, class: 'app-section-title' }, title), children);
}


// The time column of an itinerary item (staff and public pages): local start–end in the zones
// it happens in, and home time beside it when that differs. x is {s, e, zs, ze, day}.
export function itinTimes(startsAt, x, home) {
  return h('div', { class: 'itin-time' },
    h('p', { class: 'itin-local' }, h('span', { class: 'itin-tag' }, t('itin.local')),
      h('time', { datetime: startsAt, title: x.zs === x.ze ? x.zs : `${x.zs} → ${x.ze}` }, localSpan(x.s, x.e, x.zs, x.ze))),
    home !== x.zs || home !== x.ze
      ? h('p', { class: 'itin-home' }, h('span', { class: 'itin-tag' }, t('itin.home')), h('span', null, homeSpan(x.s, x.e, home, x.day)))
      : null);
}
