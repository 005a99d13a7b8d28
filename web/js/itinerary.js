// itinerary.js - a delegation's itinerary as the server works it out
// (GET /api/v1/delegations/ID/itinerary): days of items with their clocks in the local and the
// home zone, who attends, the findings (overlaps, impossible connections) next to the items they
// concern, and the trip length. Shared by the delegation page and its day view; every time
// shown is the server's, none is recomputed here.
import { h } from './dom.js';
import { t, pick, enumLabel } from './i18n.js';
import { api, listAll, newIdempotencyKey } from './api.js';
import { daysBetween, formatDate, shiftText } from './time.js';
import { alertBox, problemAlert, badge, href, openModal } from './ui.js';

const BASE = '/api/v1/';

// The itinerary of a delegation, for one member (an id) or the whole delegation (null).
export function fetchItinerary(id, member = null) {
  return api('GET', `delegations/${id}/itinerary`, { query: member ? { member } : undefined });
}

export const personName = (p) => (p ? pick(p.name_ko, p.name_en) : '');

// "5박7일" / "5 nights, 7 days", as the server counts it; null when the trip has no dates.
export function tripLabel(trip) {
  return trip ? pick(trip.label, trip.label_en) : null;
}

export function tripLengthNode(trip) {
  const label = tripLabel(trip);
  return label ? h('strong', { class: 'app-trip-length', dataset: { nights: String(trip.nights), days: String(trip.days) } }, label)
    : h('span', { class: 'app-empty', 'aria-label': t('value.none') }, '—');
}

// One clock of an item side by side: "09:00 PST · 02:00 KST +1"; the home part is left out
// where the place is in the home zone. withDate puts the local date first (an end on another day).
function clockNode(c, home, cls, withDate) {
  const sameAsHome = c.tz === home || (c.zone === c.home_zone && c.time === c.home_time && !c.day_shift);
  const local = `${withDate ? `${formatDate(c.date, 'short')} ` : ''}${c.time} ${c.zone}`;
  return h('span', { class: ['itin-clock', cls] },
    h('time', { class: 'itin-clock-local', datetime: c.at, title: `${t('itin.local')} (${c.tz})` }, local),
    sameAsHome ? null : [' · ', h('span', { class: 'itin-clock-home', title: `${t('itin.home')} (${home})` },
      `${c.home_time} ${c.home_zone}${shiftText(c.day_shift)}`)]);
}

// The time column: the start, then "– end" (with the end's date when it is a later day).
export function itemClocks(it, home) {
  const s = it.start, e = it.end;
  if (!s) return h('div', { class: 'itin-time' });
  return h('div', { class: 'itin-time' },
    h('p', { class: 'itin-start' }, clockNode(s, home, 'itin-clock-start', false)),
    e && e.at !== s.at ? h('p', { class: 'itin-end' }, h('span', { class: 'itin-until' }, h('span', { 'aria-hidden': 'true' }, '– '), h('span', { class: 'sr-only' }, `${t('itin.until')} `)),
      clockNode(e, home, 'itin-clock-end', e.date !== s.date)) : null);
}

const severityBadge = (sev) => h('span', { class: `krds-badge ${sev === 'error' ? 'bg-danger' : 'bg-light-warning'} app-finding-sev` },
  t(sev === 'error' ? 'findings.error' : 'findings.warning'));

// The findings about one item, on its row, in the language shown.
export function itemFindings(it) {
  const list = it.findings || [];
  if (!list.length) return null;
  return h('ul', { class: 'itin-findings', 'aria-label': t('findings.of_item') }, list.map((f) =>
    h('li', { class: `app-finding app-finding-${f.severity}`, dataset: { code: f.code } },
      severityBadge(f.severity), ' ', h('span', { class: 'app-finding-msg' }, pick(f.message_ko, f.message_en)))));
}

// Every finding of the itinerary, counted, each with buttons that bring its items into view.
export function findingsSummary(data) {
  const { errors = 0, warnings = 0 } = data.counts || {};
  const items = new Map();
  for (const d of data.days || []) for (const it of d.items) items.set(it.id, it);
  const wrap = h('div', { class: 'app-findings', dataset: { errors: String(errors), warnings: String(warnings) } });
  if (!errors && !warnings) {
    wrap.append(alertBox('ok', t('findings.none')));
    return wrap;
  }
  const goTo = (id) => {
    const li = document.querySelector(`.itin-item[data-item-id="${id}"]`);
    if (!li) return;
    li.scrollIntoView({ block: 'center' });
    li.focus();
  };
  const sorted = [...(data.findings || [])].sort((a, b) => (a.severity === 'error' ? 0 : 1) - (b.severity === 'error' ? 0 : 1));
  const list = h('ul', { class: 'app-findings-list' }, sorted.map((f) =>
    h('li', { class: `app-finding app-finding-${f.severity}`, dataset: { code: f.code } },
      severityBadge(f.severity), ' ', h('span', { class: 'app-finding-msg' }, pick(f.message_ko, f.message_en)),
      (f.items || []).filter((id) => items.has(id)).map((id) => [' ', h('button', {
        type: 'button', class: 'krds-btn xsmall text app-finding-goto', onclick: () => goTo(id),
      }, t('findings.goto', { name: pick(items.get(id).title_ko, items.get(id).title_en) }))]))));
  wrap.append(alertBox(errors ? 'danger' : 'info', t('findings.summary', { errors, warnings }), [list]));
  // role=alert would interrupt on every redraw; the count is announced as a status instead.
  wrap.querySelector('[role=alert]')?.setAttribute('role', 'status');
  return wrap;
}

// "전원" or the names of the members who attend.
export function attendeesText(it, members) {
  if (it.everyone || !(it.attendees || []).length) return t('itin.everyone');
  const byId = new Map(members.map((m) => [m.id, m]));
  return it.attendees.map((id) => personName(byId.get(id)) || `#${id}`).join(', ');
}

function placeNode(p, link) {
  if (!p) return null;
  const n = personName(p);
  return link ? h('a', { href: href('places', p.id) }, n) : n;
}

// One item of a day. opts.staff links to the rows; opts.actions(it) adds controls at its end.
export function itemNode(it, data, opts = {}) {
  const home = data.home_timezone;
  const title = pick(it.title_ko, it.title_en);
  const service = [it.service_number, it.carrier && it.service_number !== it.carrier ? `(${it.carrier})` : null].filter(Boolean).join(' ');
  const counterparts = it.counterparts || [];
  const worst = (it.findings || []).some((f) => f.severity === 'error') ? 'error' : ((it.findings || []).length ? 'warning' : null);
  return h('li', {
    class: ['itin-item', `itin-${it.kind}`, it.status === 'cancelled' && 'itin-cancelled', worst && `itin-has-${worst}`],
    tabindex: '-1', dataset: { itemId: String(it.id) },
  },
  itemClocks(it, home),
  h('div', { class: 'itin-body' },
    h('p', { class: 'itin-title' },
      h('span', { class: 'krds-badge bg-light-secondary itin-kind' }, enumLabel(it.kind)), ' ',
      opts.staff ? h('a', { href: href('itinerary_items', it.id), class: 'itin-title-text' }, title) : h('span', { class: 'itin-title-text' }, title),
      it.status && it.status !== 'planned' ? [' ', badge(it.status)] : null,
      it.illustrative ? h('span', { class: 'krds-badge outline-gray itin-ill', title: t('itin.illustrative_hint') }, t('itin.illustrative')) : null),
    it.place || it.to_place ? h('p', { class: 'itin-place' }, placeNode(it.place, opts.staff), it.to_place ? [it.place ? ' → ' : '', placeNode(it.to_place, opts.staff)] : null) : null,
    service ? h('p', { class: 'itin-service' }, h('span', { class: 'itin-tag' }, t('trips.service')), service) : null,
    h('p', { class: 'itin-attendees' }, h('span', { class: 'itin-tag' }, t('itin.attendees')),
      h('span', { class: 'itin-attendees-names' }, attendeesText(it, data.members || []))),
    counterparts.length ? h('p', { class: 'itin-counterparts' }, h('span', { class: 'itin-tag' }, t('trips.counterparts')),
      counterparts.map(personName).join(', ')) : null,
    it.task ? h('p', { class: 'itin-task' }, h('span', { class: 'itin-tag' }, t('itin.task')), it.task) : null,
    it.result ? h('p', { class: 'itin-result' }, h('span', { class: 'itin-tag' }, t('itin.result')), it.result) : null,
    itemFindings(it),
    opts.actions ? h('div', { class: 'itin-actions' }, opts.actions(it)) : null));
}

// The days, each a section with its date, its day number of the trip and its items. A date may
// come twice (a flight across the date line lands on an earlier local date).
export function daysNode(data, opts = {}) {
  const days = data.days || [];
  if (!days.length) return h('p', { class: 'app-empty-note' }, t('delegation.no_items'));
  const first = data.trip?.first_date || data.depart_date;
  return h('div', { class: 'itin' }, days.map((d, i) => {
    const n = first ? daysBetween(first, d.date) + 1 : 0;
    const id = `${opts.idPrefix || 'day'}-${i}-${d.date}`;
    return h('section', { class: 'itin-day', 'aria-labelledby': id, dataset: { day: d.date } },
      opts.printHead ? h('p', { class: 'itin-print-head' }, opts.printHead) : null,
      h(opts.level || 'h3', { class: 'itin-day-title', id },
        h('time', { datetime: d.date }, formatDate(d.date, 'long')),
        n >= 1 ? h('span', { class: 'itin-day-n' }, t('itin.day_n', { n })) : null),
      h('ol', { class: 'itin-list' }, d.items.map((it) => itemNode(it, data, opts))));
  }));
}

// Where the itinerary and the trip's documents are downloaded: the calendar (the whole
// delegation, and the member chosen), the plan and the result report.
export function downloadLinks(id, member = null) {
  const a = (text, path, cls, attrs = {}) => h('a', { href: BASE + path, class: `krds-btn small tertiary ${cls}`, ...attrs }, text);
  return h('div', { class: 'app-downloads' },
    a(t('itinerary.ics_all'), `delegations/${id}/itinerary.ics`, 'app-ics-all', { download: '' }),
    member ? a(t('itinerary.ics_member', { name: personName(member) }), `delegations/${id}/itinerary.ics?member=${member.id}`, 'app-ics-member', { download: '' }) : null,
    a(t('itinerary.plan_html'), `delegations/${id}/plan.html`, 'app-plan-html', { target: '_blank', rel: 'noopener' }),
    a(t('itinerary.plan_xlsx'), `delegations/${id}/plan.xlsx`, 'app-plan-xlsx', { download: '' }),
    a(t('itinerary.report_html'), `delegations/${id}/report.html`, 'app-report-html', { target: '_blank', rel: 'noopener' }),
    a(t('itinerary.report_xlsx'), `delegations/${id}/report.xlsx`, 'app-report-xlsx', { download: '' }));
}

// The dialog that chooses who attends an item: one checkbox per member, none for the whole
// delegation. Saving adds and removes itinerary_attendees rows; resolves true once saved.
export function chooseAttendees(it, members) {
  return new Promise((resolve) => {
    const chosen = new Set(it.everyone ? [] : it.attendees || []);
    const boxes = members.map((m) => {
      const id = `att-${it.id}-${m.id}`;
      const el = h('input', { type: 'checkbox', id, value: String(m.id), checked: chosen.has(m.id) });
      return { m, el, node: h('div', { class: 'krds-form-check' }, el, h('label', { for: id }, `${personName(m)} · ${enumLabel(m.role)}`)) };
    });
    const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
    const descId = `att-desc-${it.id}`;
    const submit = h('button', { type: 'submit', class: 'krds-btn medium primary' }, t('action.save'));
    let dlg = null;
    let wrote = false; // a save that failed half-way still changed rows: the page is redrawn
    const cancel = h('button', { type: 'button', class: 'krds-btn medium tertiary', onclick: () => dlg.close(false) }, t('action.cancel'));
    dlg = openModal({
      tag: 'form', size: 'modal-md', title: t('attendees.title', { name: pick(it.title_ko, it.title_en) }), describedBy: descId,
      body: [h('p', { id: descId }, t('attendees.lead')), alerts,
        h('fieldset', { class: 'app-attendees-choice' }, h('legend', { class: 'sr-only' }, t('itin.attendees')),
          boxes.length ? boxes.map((b) => b.node) : h('p', { class: 'app-empty-note' }, t('delegation.no_members')))],
      footer: [cancel, submit],
      onClose: (saved) => resolve(saved || wrote),
    });
    dlg.content.classList.add('app-attendees-form');
    dlg.content.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      alerts.replaceChildren();
      submit.disabled = true;
      dlg.content.setAttribute('aria-busy', 'true');
      try {
        const want = new Set(boxes.filter((b) => b.el.checked).map((b) => b.m.id));
        const rows = await listAll('itinerary_attendees', { item_id: it.id });
        for (const r of rows) {
          if (!want.has(r.member_id)) {
            await api('DELETE', `itinerary_attendees/${r.id}`, { version: r.version });
            wrote = true;
          }
        }
        const have = new Set(rows.map((r) => r.member_id));
        for (const mid of want) {
          if (!have.has(mid)) {
            await api('POST', 'itinerary_attendees', { body: { item_id: it.id, member_id: mid }, idempotencyKey: newIdempotencyKey() });
            wrote = true;
          }
        }
        dlg.close(true);
      } catch (err) {
        if (err.code === 'login_required') { dlg.close(false); return; }
        alerts.replaceChildren(problemAlert(err));
        alerts.focus();
      } finally {
        submit.disabled = false;
        dlg.content.removeAttribute('aria-busy');
      }
    });
  });
}
