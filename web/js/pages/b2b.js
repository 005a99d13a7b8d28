// b2b.js - the B2B matchmaking pages: a programme's schedule (#/b2b_events/ID/schedule: status,
// "schedule" and "publish", the grid of slots × booths with interpreters, what is left out and
// why, the interpreter roster) and the detail pages of the b2b resources (instants in the
// programme's zone; a request's accept / decline / cancel; a participant's requests and a new
// one; links to the schedule and to the agenda).
import { h, announce } from '../dom.js';
import { t, pick, entityLabel, enumLabel, getLang } from '../i18n.js';
import { api, listAll } from '../api.js';
import { entity, rowLabel, invalidate } from '../meta.js';
import { formatDate, formatInstant, isZone } from '../time.js';
import { pageHead, dataTable, linkButton, button, section, takeFlash, flash, alertBox, problemAlert, confirmDialog, openModal, href } from '../ui.js';
import { selectField } from '../fields.js';
import { historySection } from '../history.js';
import {
  BASE, canWrite, venueName, boothCode, slotText, reasonText, statusBadge,
  schedulePath, agendaPath, zoneOfRow, b2bFieldsTable, b2bColumns, personLine,
} from '../b2b.js';
import { crumbs, rowActions } from './detail.js';

// The outcome of the last "schedule" or "publish", shown once on the page it returns to.
let lastResult = null;

// A link that switches between the working and the final schedule.
export function viewToggle(base, final, labels = [t('b2b.view_working'), t('b2b.view_final')]) {
  const a = (on, text, to, cls) => h('a', {
    href: to, class: `krds-btn small ${on ? 'primary' : 'tertiary'} ${cls}`, 'aria-current': on ? 'true' : null,
  }, text);
  return h('div', { class: 'b2b-view-toggle', role: 'group', 'aria-label': t('b2b.view') },
    a(!final, labels[0], base, 'b2b-view-working'),
    a(final, labels[1], `${base}?view=final`, 'b2b-view-final'));
}

const summaryList = (pairs, cls = '') => h('dl', { class: `app-summary ${cls}` },
  pairs.filter(Boolean).map(([k, v, c]) => h('div', { class: ['app-summary-item', c] }, h('dt', null, k), h('dd', null, v))));

const when = (iso, zone) => (iso ? h('time', { datetime: iso, title: zone }, formatInstant(iso, zone)) : '—');

// ---- The schedule page ----

export async function schedulePage(e, id, query, ctx) {
  const final = query.get('view') === 'final';
  const g = await api('GET', `b2b_events/${id}/grid`, { query: final ? { final: 'true' } : {} });
  const zone = isZone(g.timezone) ? g.timezone : 'UTC';
  const name = pick(g.name_ko, g.name_en);
  const base = schedulePath(id);
  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const result = lastResult && lastResult.id === id ? lastResult : null;
  lastResult = null;

  const fail = (err) => {
    alerts.replaceChildren(problemAlert(err));
    alerts.focus();
  };
  const go = (to) => {
    if (location.hash === to) ctx.rerender(); else location.hash = to;
  };

  const run = button(t('b2b.schedule_run'), async () => {
    run.disabled = true;
    run.setAttribute('aria-busy', 'true');
    run.textContent = t('b2b.schedule_running');
    try {
      const r = await api('POST', `b2b_events/${id}/schedule`, { body: {} });
      invalidate();
      lastResult = { id, kind: 'schedule', r };
      go(base);
    } catch (err) {
      fail(err);
    } finally {
      run.disabled = false;
      run.removeAttribute('aria-busy');
      run.textContent = t('b2b.schedule_run');
    }
  }, 'primary b2b-schedule-btn');

  const publish = button(t('b2b.publish'), async () => {
    const ok = await confirmDialog({
      title: t('b2b.publish_title'), message: t('b2b.publish_message', { name }), confirm: t('b2b.publish'), danger: false,
    });
    if (!ok) return;
    publish.disabled = true;
    try {
      const r = await api('POST', `b2b_events/${id}/publish`);
      invalidate();
      lastResult = { id, kind: 'publish', r };
      go(`${base}?view=final`);
    } catch (err) {
      fail(err);
    } finally {
      publish.disabled = false;
    }
  }, 'secondary b2b-publish-btn');

  const csv = h('a', {
    href: `${BASE}b2b_events/${id}/schedule.csv${final ? '?final=true' : ''}`, class: 'krds-btn small tertiary b2b-csv', download: '',
  }, final ? t('b2b.csv_final') : t('b2b.csv_working'));
  // the grid, the meetings and the interpreters' roster as a workbook, in the UI's language
  const xlsx = h('a', {
    href: `${BASE}b2b_events/${id}/schedule.xlsx?lang=${getLang()}${final ? '&final=true' : ''}`, class: 'krds-btn small tertiary b2b-xlsx', download: '',
  }, final ? t('b2b.xlsx_final') : t('b2b.xlsx_working'));

  const c = g.counts || {};
  const status = summaryList([
    [t('b2b.status'), statusBadge(g.schedule_status || 'none'), 'b2b-status'],
    [t('b2b.scheduled_at'), when(g.scheduled_at, zone), 'b2b-scheduled-at'],
    [t('b2b.published_at'), when(g.published_at, zone), 'b2b-published-at'],
    [t('b2b.zone'), zone],
  ], 'b2b-summary');
  const counts = h('ul', { class: 'b2b-counts', 'aria-label': t('b2b.counts') },
    ['meetings', 'scheduled', 'unscheduled', 'cancelled', 'held', 'no_show', 'interpreted'].map((k) => h('li', { class: 'b2b-count', dataset: { count: k } },
      h('span', { class: 'b2b-count-n' }, String(c[k] ?? 0)), h('span', { class: 'b2b-count-label' }, t(`b2b.count.${k}`)))));

  const toolbar = h('div', { class: 'b2b-toolbar' },
    canWrite() ? h('div', { class: 'b2b-toolbar-actions' }, run, publish) : null,
    viewToggle(base, final),
    h('div', { class: 'app-downloads' }, csv, xlsx));

  const notes = [];
  if (final && !g.published_at) notes.push(alertBox('info', t('b2b.not_published')));
  if (!final && g.schedule_status === 'none') notes.push(alertBox('info', t('b2b.not_scheduled_yet')));

  return h('div', { class: 'page page-b2b-schedule', dataset: { view: final ? 'final' : 'working', status: g.schedule_status || 'none' } },
    pageHead(t('b2b.schedule_title', { name }),
      [{ text: entityLabel(e), href: '#/b2b_events' }, { text: name, href: href('b2b_events', id) }, { text: t('b2b.schedule') }],
      [button(t('action.print'), () => window.print(), 'tertiary app-print-btn')]),
    takeFlash(), alerts,
    result ? resultAlert(result) : null,
    status, counts, toolbar, notes,
    h('p', { class: 'app-note b2b-print-head' }, `${name} · ${final ? t('b2b.view_final') : t('b2b.view_working')} · ${t('b2b.zone_note', { zone })}`),
    section(final ? t('b2b.grid_final') : t('b2b.grid_working'), gridFiltered(g, name, final)),
    section(`${t('b2b.unscheduled')} (${unscheduledOf(g).length})`, unscheduledNode(g)),
    section(`${t('b2b.roster')} (${(g.interpreters || []).length})`, rosterNode(g)));
}

function resultAlert({ kind, r }) {
  if (kind === 'publish') {
    const msg = t('b2b.published_result', { published: r.published ?? 0, changed: r.changed ?? 0 });
    announce(msg);
    return h('div', { class: 'b2b-result', dataset: { kind } }, alertBox('ok', msg));
  }
  const o = r.objective || {};
  const msg = t('b2b.scheduled_result', { scheduled: r.scheduled ?? 0, meetings: r.meetings ?? 0 });
  announce(msg);
  const li = (cls, text) => h('li', { class: cls }, text);
  return h('div', { class: 'b2b-result', dataset: { kind } }, alertBox('ok', msg, [h('ul', { class: 'b2b-result-list' },
    li('b2b-result-unscheduled', t('b2b.result_unscheduled', { n: (r.unscheduled || []).length })),
    li('b2b-result-moved', t('b2b.result_moved', { n: r.moved ?? 0 })),
    li('b2b-result-breaks', t('b2b.result_breaks', { n: o.breaks ?? 0, max: o.max_breaks ?? 0 })),
    r.expired ? li('b2b-result-expired', t('b2b.result_expired', { n: r.expired })) : null)]));
}

const hostName = (p) => (p ? p.name : '');

// The grid: a row per slot (a heading per day and session), a column per exhibitor; each cell
// holds the visitors met there, their interpreter and how the meeting went.
// At most this many booths at once: a CES-scale programme has hundreds, which no screen (and
// no phone) shows at once; the filter narrows them by name, booth or venue.
const GRID_HOSTS = 40;

// The grid with a filter over its booths (name, booth code, venue), redrawn as one types.
function gridFiltered(g, name, final) {
  const all = g.hosts || [];
  const slot = h('div', { class: 'b2b-grid-slot-area' });
  const note = h('p', { class: 'app-note b2b-grid-note', 'aria-live': 'polite' });
  const input = h('input', { type: 'search', id: 'b2b-host-filter', class: 'krds-input medium', autocomplete: 'off', 'aria-describedby': 'b2b-host-filter-hint' });
  const draw = () => {
    const q = input.value.trim().toLowerCase();
    const hit = q ? all.filter((p) => [p.name, boothCode(p), venueName(p)].some((x) => x && String(x).toLowerCase().includes(q))) : all;
    const shown = hit.slice(0, GRID_HOSTS);
    note.textContent = hit.length > shown.length ? t('b2b.hosts_shown', { shown: shown.length, total: hit.length }) : '';
    slot.replaceChildren(gridNode({ ...g, hosts: shown }, name, final, q && !hit.length));
  };
  input.addEventListener('input', draw);
  draw();
  if (all.length <= 1) return slot;
  return h('div', { class: 'b2b-grid-filtered' },
    h('div', { class: 'form-group b2b-host-filter' },
      h('div', { class: 'form-tit' }, h('label', { for: 'b2b-host-filter' }, t('b2b.host_filter'))),
      h('div', { class: 'form-conts' }, input),
      h('p', { class: 'form-hint', id: 'b2b-host-filter-hint' }, t('b2b.host_filter_hint'))),
    note, slot);
}

function gridNode(g, name, final, none = false) {
  if (none) return h('p', { class: 'app-empty-note' }, t('b2b.no_host_matches'));
  const hosts = g.hosts || [];
  const people = g.people || {};
  const cells = new Map();
  for (const m of g.meetings || []) {
    if (m.slot === null || m.slot === undefined) continue;
    const k = `${m.slot}:${m.host_id}`;
    if (!cells.has(k)) cells.set(k, []);
    cells.get(k).push(m);
  }
  for (const list of cells.values()) list.sort((a, b) => (a.table_no ?? 0) - (b.table_no ?? 0));
  const slots = g.slots || [];
  if (!slots.length) return h('p', { class: 'app-empty-note' }, t('b2b.no_slots'));
  if (!hosts.length) return h('p', { class: 'app-empty-note' }, t('b2b.no_hosts'));
  const sessionsPerDay = new Map();
  for (const s of slots) {
    if (!sessionsPerDay.has(s.start.date)) sessionsPerDay.set(s.start.date, new Set());
    sessionsPerDay.get(s.start.date).add(s.session);
  }
  const sessionNo = new Map([...new Set(slots.map((s) => s.session))].map((s, i) => [s, i + 1]));
  const head = h('thead', null, h('tr', null,
    h('th', { scope: 'col', class: 'b2b-grid-time' }, t('b2b.time')),
    hosts.map((p) => h('th', { scope: 'col', class: 'b2b-grid-host', dataset: { hostId: String(p.id) } },
      h('a', { href: href('b2b_participants', p.id), class: 'b2b-host-name' }, p.name),
      boothCode(p) ? h('span', { class: 'b2b-host-booth' }, t('b2b.booth_code', { code: boothCode(p) })) : null,
      venueName(p) ? h('span', { class: 'b2b-host-venue' }, venueName(p)) : null,
      p.tables > 1 ? h('span', { class: 'b2b-host-tables' }, t('b2b.tables_n', { n: p.tables })) : null))));
  const rows = [];
  let last = null;
  for (const s of slots) {
    const key = `${s.start.date}|${s.session}`;
    if (key !== last) {
      last = key;
      const many = sessionsPerDay.get(s.start.date).size > 1;
      rows.push(h('tr', { class: 'b2b-grid-day', dataset: { date: s.start.date } },
        h('th', { scope: 'colgroup', colspan: String(hosts.length + 1) },
          h('span', { class: 'b2b-grid-day-label' }, formatDate(s.start.date, 'long'),
            many ? ` · ${t('b2b.session_n', { n: sessionNo.get(s.session) })}` : null))));
    }
    rows.push(h('tr', { class: 'b2b-grid-slot', dataset: { slot: String(s.index) } },
      h('th', { scope: 'row', class: 'b2b-grid-time' }, h('time', { datetime: s.starts_at, title: slotText(s) },
        h('span', { class: 'b2b-t-start' }, s.start.time), h('span', { class: 'b2b-t-end' }, slotText(s).slice(s.start.time.length)))),
      hosts.map((p) => {
        const list = cells.get(`${s.index}:${p.id}`) || [];
        return h('td', { class: list.length ? 'b2b-grid-cell' : 'b2b-grid-cell b2b-grid-free' },
          list.map((m) => meetingCell(m, people, p)));
      })));
  }
  return h('div', {
    class: 'krds-table-wrap app-table-wrap b2b-grid-wrap', role: 'region', tabindex: '0',
    'aria-label': t('b2b.grid_caption', { name, view: final ? t('b2b.view_final') : t('b2b.view_working') }),
  },
  h('table', { class: 'tbl col data app-dense b2b-grid' },
    h('caption', null, t('b2b.grid_caption', { name, view: final ? t('b2b.view_final') : t('b2b.view_working') })),
    head, h('tbody', null, rows)));
}

function meetingCell(m, people, host) {
  const v = people[m.visitor_id];
  const i = m.interpreter_id ? people[m.interpreter_id] : null;
  return h('div', { class: ['b2b-cell', `b2b-st-${m.status}`, m.priority === 'must' && 'b2b-must'], dataset: { meetingId: String(m.id), status: m.status } },
    h('a', { href: href('b2b_meetings', m.id), class: 'b2b-cell-visitor' }, v ? v.name : `#${m.visitor_id}`),
    host.tables > 1 && m.table_no ? h('span', { class: 'b2b-cell-table' }, t('b2b.table_short', { n: m.table_no })) : null,
    i ? h('span', { class: 'b2b-cell-interp' }, t('b2b.with_interpreter', { name: i.name })) : null,
    m.status !== 'planned' ? h('span', { class: 'b2b-cell-status' }, statusBadge(m.status)) : null,
    m.pinned ? h('span', { class: 'b2b-cell-pin', title: t('b2b.pinned') }, t('b2b.pinned')) : null,
    m.priority === 'must' ? h('span', { class: 'sr-only' }, ` ${enumLabel('must')}`) : null);
}

const unscheduledOf = (g) => (g.meetings || []).filter((m) => (m.slot === null || m.slot === undefined) && m.status !== 'cancelled');

function unscheduledNode(g) {
  const people = g.people || {};
  const rows = unscheduledOf(g);
  return dataTable({
    caption: t('b2b.unscheduled_caption'),
    className: 'b2b-unscheduled',
    rows,
    empty: t('b2b.unscheduled_none'),
    columns: [
      { label: t('b2b.meeting'), render: (m) => h('a', { href: href('b2b_meetings', m.id), dataset: { meetingId: String(m.id) } }, `#${m.id}`) },
      { label: t('b2b.host'), render: (m) => { const p = people[m.host_id]; return p ? `${p.name}${boothCode(p) ? ` (${boothCode(p)})` : ''}` : `#${m.host_id}`; } },
      { label: t('b2b.visitor'), render: (m) => personLine(people[m.visitor_id]) },
      { label: t('b2b.priority'), render: (m) => enumLabel(m.priority) },
      { label: t('b2b.reason'), render: (m) => h('span', { class: 'b2b-reason', dataset: { reason: m.reason || '' } }, m.reason || g.schedule_status !== 'none' ? reasonText(m.reason) : t('b2b.reason.not_yet')) },
    ],
  });
}

// Each interpreter, their languages, and their meetings by time.
function rosterNode(g) {
  const list = g.interpreters || [];
  if (!list.length) return h('p', { class: 'app-empty-note' }, t('b2b.roster_none'));
  const people = g.people || {};
  const slots = new Map((g.slots || []).map((s) => [s.index, s]));
  return h('div', { class: 'b2b-roster' }, list.map((p) => {
    const mine = (g.meetings || []).filter((m) => m.interpreter_id === p.id && m.slot !== null && m.slot !== undefined)
      .sort((a, b) => a.slot - b.slot);
    const hid = `b2b-interp-${p.id}`;
    return h('article', { class: 'b2b-interp', 'aria-labelledby': hid, dataset: { interpreterId: String(p.id) } },
      h('h3', { class: 'b2b-interp-name', id: hid }, h('a', { href: href('b2b_participants', p.id) }, p.name)),
      h('p', { class: 'b2b-interp-langs' }, t('b2b.languages'), ': ', (p.languages || []).join(', ') || '—',
        ` · ${t('b2b.meetings_n', { n: mine.length })}`),
      mine.length ? h('ol', { class: 'b2b-interp-list' }, mine.map((m) => {
        const s = slots.get(m.slot);
        const host = people[m.host_id], vis = people[m.visitor_id];
        return h('li', { class: ['b2b-interp-item', `b2b-st-${m.status}`], dataset: { meetingId: String(m.id) } },
          h('span', { class: 'b2b-interp-time' }, s ? `${formatDate(s.start.date, 'short')} ${slotText(s)}` : '—'),
          ' ', h('span', { class: 'b2b-interp-who' }, `${hostName(host)}${boothCode(host) ? ` (${boothCode(host)})` : ''} ↔ ${vis ? vis.name : ''}`),
          m.status !== 'planned' ? [' ', statusBadge(m.status)] : null);
      })) : h('p', { class: 'app-empty-note' }, t('b2b.roster_free')));
  }));
}

// ---- Detail pages of the b2b resources ----

export async function b2bDetailPage(e, row, ctx) {
  const zone = await zoneOfRow(e, row);
  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const extra = [];
  const sections = [];
  if (e.name === 'b2b_events') {
    extra.push(linkButton(t('b2b.schedule'), schedulePath(row.id), 'primary b2b-schedule-link'));
  }
  if (e.name === 'b2b_participants') {
    extra.push(linkButton(t('b2b.agenda'), agendaPath(row.id), 'primary b2b-agenda-link'));
    if (row.kind !== 'interpreter') extra.push(button(t('b2b.request_new'), () => requestDialog(row), 'secondary b2b-request-btn'));
    sections.push(await requestsSection(row, zone, alerts, ctx));
  }
  if (e.name === 'b2b_requests') {
    extra.push(...requestActions(row, alerts, ctx));
    const meetings = row.status === 'accepted' ? await listAll('b2b_meetings', { request_id: row.id }).catch(() => []) : [];
    for (const m of meetings) extra.push(linkButton(t('b2b.meeting_open'), href('b2b_meetings', m.id), 'tertiary b2b-meeting-link'));
  }
  if (e.name === 'b2b_meetings') {
    extra.push(linkButton(t('b2b.schedule'), schedulePath(row.b2b_event_id), 'tertiary b2b-schedule-link'));
  }
  const base = rowActions(e, row, alerts);
  const actions = e.name === 'b2b_requests' && !canWrite() ? extra : [...extra, ...base];
  return h('div', { class: `page page-detail page-${e.name}` },
    pageHead(rowLabel(e, row), crumbs(e, row), actions),
    takeFlash(), alerts,
    section(t('detail.fields'), b2bFieldsTable(e, row, zone),
      h('p', { class: 'app-note' }, t('b2b.zone_note', { zone }))),
    sections,
    e.children.map((c) => {
      const ce = entity(c.entity);
      return section(entityLabel(ce),
        dataTable({ caption: t('detail.children_caption', { what: entityLabel(ce), of: rowLabel(e, row) }), columns: b2bColumns(ce, zone, [c.fk]), rows: row[c.key] || [] }),
        h('p', { class: 'app-child-actions' }, linkButton(t('detail.add_child', { what: entityLabel(ce) }), `#/${ce.name}/new?${c.fk}=${row.id}`, 'tertiary')));
    }),
    historySection(e, row, {}));
}

// Accept / decline while pending, cancel while pending or accepted; then the page again.
function requestActions(row, alerts, ctx) {
  const act = (what, label, kind, done) => button(label, async (ev) => {
    const b = ev.currentTarget;
    b.disabled = true;
    try {
      await api('POST', `b2b_requests/${row.id}/${what}`);
      invalidate();
      flash('ok', done);
      ctx.rerender();
    } catch (err) {
      b.disabled = false;
      alerts.replaceChildren(problemAlert(err));
      alerts.focus();
    }
  }, `${kind} b2b-${what}-btn`);
  const out = [];
  if (row.status === 'pending') {
    out.push(act('accept', t('b2b.accept'), 'primary', t('b2b.accepted_done')));
    out.push(act('decline', t('b2b.decline'), 'secondary', t('b2b.declined_done')));
  }
  if (row.status === 'pending' || row.status === 'accepted') out.push(act('cancel', t('b2b.cancel_request'), 'tertiary app-danger-text', t('b2b.cancelled_done')));
  return out;
}

// The requests a participant sent and received (GET …/requests, which its own company may
// read too), answered right here: accept or decline what it was asked, withdraw what it asked.
async function requestsSection(row, zone, alerts, ctx) {
  const R = entity('b2b_requests');
  const mine = await api('GET', `b2b_participants/${row.id}/requests`).catch(() => ({ sent: [], received: [] }));
  const cols = (other, side) => [
    { label: t('b2b.request'), render: (r) => h('a', { href: href('b2b_requests', r.id) }, `#${r.id}`) },
    { label: t(other === 'to_id' ? 'b2b.request_to' : 'b2b.request_from'), render: (r) => h('a', { href: href('b2b_participants', r[other]) }, r.other?.name ?? `#${r[other]}`) },
    { label: t('b2b.priority'), render: (r) => enumLabel(r.priority) },
    { label: t('b2b.status'), render: (r) => statusBadge(r.status) },
    { label: t('b2b.answered_at'), render: (r) => when(r.answered_at, zone) },
    { label: t('b2b.request_answer'), render: (r) => h('div', { class: 'b2b-request-actions' },
      requestActions(r, alerts, ctx).filter((b) => (side === 'received' ? !b.classList.contains('b2b-cancel-btn') : b.classList.contains('b2b-cancel-btn')))) },
  ];
  return section(`${entityLabel(R)} (${mine.sent.length + mine.received.length})`,
    h('h3', { class: 'b2b-sub' }, t('b2b.requests_sent')),
    dataTable({ caption: t('b2b.requests_sent'), columns: cols('to_id', 'sent'), rows: mine.sent, empty: t('b2b.requests_none'), className: 'b2b-requests-sent' }),
    h('h3', { class: 'b2b-sub' }, t('b2b.requests_received')),
    dataTable({ caption: t('b2b.requests_received'), columns: cols('from_id', 'received'), rows: mine.received, empty: t('b2b.requests_none'), className: 'b2b-requests-received' }));
}

// A dialog asking for a meeting as this participant: with whom, how much it matters, a note.
async function requestDialog(me) {
  const all = await listAll('b2b_participants', { b2b_event_id: me.b2b_event_id });
  const others = all.filter((p) => p.id !== me.id && p.kind !== 'interpreter')
    .sort((a, b) => (a.kind === b.kind ? String(a.name).localeCompare(String(b.name)) : a.kind === 'exhibitor' ? -1 : 1));
  const kinds = [...new Set(others.map((p) => p.kind))];
  const to = selectField({
    id: 'b2b-req-to', name: 'to_id', label: t('b2b.request_to'), mark: true,
    options: [h('option', { value: '' }, t('form.choose')), kinds.map((k) => h('optgroup', { label: enumLabel(k) },
      others.filter((p) => p.kind === k).map((p) => h('option', { value: String(p.id) }, [p.name, p._refs?.organization_id ? pick(p._refs.organization_id.label_ko, p._refs.organization_id.label_en) : ''].filter(Boolean).join(' · ')))))],
  });
  const prio = selectField({
    id: 'b2b-req-priority', name: 'priority', label: t('b2b.priority'),
    options: ['want', 'must'].map((v) => h('option', { value: v }, enumLabel(v))),
  });
  const msgId = 'b2b-req-message';
  const msg = h('textarea', { id: msgId, name: 'message', class: 'krds-input', rows: '3', maxlength: '2000' });
  const err = h('div', { class: 'app-alerts', tabindex: '-1' });
  let dlg = null;
  const submit = h('button', { type: 'submit', class: 'krds-btn medium primary' }, t('b2b.request_send'));
  const cancel = h('button', { type: 'button', class: 'krds-btn medium tertiary', onclick: () => dlg.close(false) }, t('action.cancel'));
  dlg = openModal({
    title: t('b2b.request_title', { name: me.name }), tag: 'form', size: 'modal-md',
    body: [err, h('div', { class: 'app-form-stack fieldset' }, to.group, prio.group,
      h('div', { class: 'form-group app-field' }, h('div', { class: 'form-tit' }, h('label', { for: msgId }, t('b2b.request_message'))), h('div', { class: 'form-conts' }, msg)))],
    footer: [cancel, submit],
  });
  dlg.content.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    to.clearError();
    err.replaceChildren();
    if (!to.el.value) { to.setError(t('error.required')); to.el.focus(); return; }
    submit.disabled = true;
    try {
      const body = { to_id: Number(to.el.value), priority: prio.el.value };
      if (msg.value.trim()) body.message = msg.value.trim();
      const r = await api('POST', `b2b_participants/${me.id}/requests`, { body });
      invalidate();
      flash('ok', t('b2b.request_sent'));
      dlg.close(true);
      location.hash = href('b2b_requests', r.id);
    } catch (e2) {
      submit.disabled = false;
      const fe = e2.fieldErrors?.find((x) => x.field === 'to_id');
      if (fe) to.setError(fe.message || fe.code);
      err.replaceChildren(problemAlert(e2));
      err.focus();
    }
  });
}
