// history.js - the change history of one row (GET /api/v1/audit), a KRDS accordion at the foot
// of every detail page. Collapsed at first and fetched only when opened, a page at a time;
// each entry shows when (in the viewer's own zone), who, what, and for an update the fields
// that changed, old -> new.
import { h, nextId, announce } from './dom.js';
import { t, has, enumLabel, fieldLabel, countryName } from './i18n.js';
import { api, getSession } from './api.js';
import { field } from './meta.js';
import { browserZone, formatDate, formatInstant } from './time.js';
import { alertBox, spinner, button, href, zoneForField, problemMessage, moneyNode, currencyNode } from './ui.js';
import { currencyOf } from './money.js';

const PAGE = 20;
// Bookkeeping every row carries; a change to these alone is not news.
const SKIP = new Set(['id', 'version', 'created_at', 'updated_at']);
const ACTION_BADGE = { create: 'bg-light-success', update: 'bg-light-primary', delete: 'bg-light-danger' };

// The record whose history was open last: a re-render of its page (a language switch, the
// return from its edit form) opens the history again instead of folding it away.
let openKey = null;

const label = (group, value) => (has(`history.${group}.${value}`) ? t(`history.${group}.${value}`) : String(value ?? ''));
// "api", "import", "demo", or "user:<login>" for a change made by a logged-in account.
function actorLabel(actor) {
  const m = /^user:(.+)$/.exec(actor || '');
  return m ? t('history.actor.user', { login: m[1] }) : label('actor', actor);
}

// One value of a field as the history shows it: references by id, booleans as yes/no, enums
// and dates as on the detail page, instants in the zone the detail page reads them in.
function historyValue(e, f, v, snapshot, ctx) {
  if (v === null || v === undefined || v === '') return h('span', { class: 'app-empty', 'aria-label': t('value.none') }, '—');
  switch (f?.type) {
    case 'bool': return v ? t('value.yes') : t('value.no');
    case 'ref': return h('a', { href: href(f.ref, v) }, `#${v}`);
    case 'enum': return enumLabel(v);
    case 'date': return h('time', { datetime: v }, formatDate(v));
    case 'instant': {
      const zone = zoneForField(e, f, snapshot, ctx);
      return h('time', { datetime: v, title: zone }, formatInstant(v, zone));
    }
    case 'country': return countryName(v);
    // An amount in the currency the same snapshot had (the currency may change with it).
    case 'money': return moneyNode(v, currencyOf(snapshot, f.name));
    case 'currency': return currencyNode(v);
    case 'strlist': return Array.isArray(v) ? v.join(', ') : String(v);
    default: return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

// The fields an update changed, in the order of the descriptor (then any it does not know).
export function changedFields(e, before, after) {
  const b = before || {}, a = after || {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const order = (e?.fields || []).map((f) => f.name);
  const names = [...keys].filter((k) => !SKIP.has(k) && JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null));
  const rank = (k) => { const i = order.indexOf(k); return i < 0 ? order.length : i; };
  return names.sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
}

function entryNode(e, it, ctx) {
  const zone = browserZone();
  const head = h('p', { class: 'app-history-head' },
    h('time', { class: 'app-history-when', datetime: it.at, title: zone }, formatInstant(it.at, zone)),
    h('span', { class: `krds-badge ${ACTION_BADGE[it.action] || 'bg-light-secondary'} app-history-action` }, label('action', it.action)),
    h('span', { class: 'app-history-actor' }, t('history.by', { actor: actorLabel(it.actor) })));
  let body = null;
  if (it.action === 'update') {
    const names = changedFields(e, it.before, it.after);
    body = names.length
      ? h('ul', { class: 'app-history-changes' }, names.map((name) => {
        const f = e ? field(e, name) : null;
        return h('li', { class: 'app-history-change', dataset: { field: name } },
          h('span', { class: 'app-history-field' }, f ? fieldLabel(f) : name),
          h('span', { class: 'app-history-values' },
            h('span', { class: 'app-history-old' }, h('span', { class: 'sr-only' }, `${t('history.before')}: `), historyValue(e, f, it.before?.[name], it.before || {}, ctx)),
            h('span', { class: 'app-history-arrow', 'aria-hidden': 'true' }, ' → '),
            h('span', { class: 'app-history-new' }, h('span', { class: 'sr-only' }, ` ${t('history.after')}: `), historyValue(e, f, it.after?.[name], it.after || {}, ctx))));
      }))
      : h('p', { class: 'app-history-none' }, t('history.no_fields'));
  }
  return h('li', { class: `app-history-entry app-history-${it.action}`, tabindex: '-1', dataset: { id: it.id } }, head, body);
}

// The accordion. e: the descriptor, row: the record, ctx: zone context (places, delegations).
// Null for a company member, whom the audit trail is not open to (it would answer 403).
export function historySection(e, row, ctx = {}) {
  if (getSession()?.role === 'company') return null;
  const key = `${e.name}/${row.id}`;
  const btnId = nextId('history-btn'), panelId = nextId('history-panel');
  const toggle = h('button', { type: 'button', id: btnId, class: 'btn-accordion', 'aria-expanded': 'false', 'aria-controls': panelId }, t('history.title'));
  const list = h('ol', { class: 'app-history-list' });
  const status = h('div', { class: 'app-history-status', tabindex: '-1' });
  const more = h('button', { type: 'button', class: 'krds-btn medium secondary app-history-more' }, t('history.more'));
  const moreWrap = h('div', { class: 'app-more-wrap', hidden: true }, more);
  const panel = h('div', { id: panelId, class: 'accordion-collapse', role: 'region', 'aria-labelledby': btnId, hidden: true },
    h('div', { class: 'accordion-body' }, list, status, moreWrap));
  const item = h('div', { class: 'accordion-item' }, h('h2', { class: 'accordion-header' }, toggle), panel);

  let loaded = false, loading = false, cursor = null, shown = 0;

  async function load() {
    if (loading) return;
    loading = true;
    more.disabled = true;
    status.replaceChildren(spinner());
    try {
      const page = await api('GET', 'audit', { query: { resource: e.name, row_id: row.id, limit: PAGE, cursor } });
      // A delete entry means the id belonged to an earlier row (SQLite reuses the highest id);
      // from there on the entries are that row's, not this one's.
      const items = page.items || [];
      const cut = items.findIndex((it) => it.action === 'delete');
      const mine = cut < 0 ? items : items.slice(0, cut);
      cursor = cut < 0 ? page.next_cursor : null;
      const first = shown;
      list.append(...mine.map((it) => entryNode(e, it, ctx)));
      shown += mine.length;
      loaded = true;
      status.replaceChildren(...(shown ? [] : [h('p', { class: 'app-empty-note' }, t('history.empty'))]));
      moreWrap.hidden = !cursor;
      if (first > 0 && mine.length) list.children[first]?.focus();
      announce(shown ? t('history.count', { n: shown }) : t('history.empty'));
    } catch (err) {
      // Not this account's to see: said quietly, as a fact rather than an error.
      if (err.status === 403) {
        status.replaceChildren(h('p', { class: 'app-empty-note app-history-forbidden' }, t('history.forbidden')));
        moreWrap.hidden = true;
        loaded = true;
        announce(t('history.forbidden'));
        return;
      }
      const retry = button(t('history.retry'), () => load(), 'secondary');
      status.replaceChildren(alertBox('danger', t('history.error'), [h('p', null, problemMessage(err)), h('p', { class: 'app-alert-actions' }, retry)]));
      moreWrap.hidden = true;
      if (loaded) status.focus();
    } finally {
      loading = false;
      more.disabled = false;
    }
  }

  function setOpen(open) {
    toggle.setAttribute('aria-expanded', String(open));
    toggle.classList.toggle('active', open);
    item.classList.toggle('active', open);
    panel.hidden = !open;
    openKey = open ? key : (openKey === key ? null : openKey);
    if (open && !loaded) load();
  }
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  more.addEventListener('click', () => load());
  if (openKey === key) setOpen(true);

  return h('section', { class: 'app-section app-history krds-accordion type-line', 'aria-labelledby': btnId }, item);
}
