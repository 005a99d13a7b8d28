// agenda.js - #/b2b_participants/ID/agenda[?view=working], one participant's B2B meetings by
// day: when (local time of the programme, with its zone), with whom (name, company, country),
// where (venue, booth, table), the interpreter and how it went. Phone first: each meeting is a
// card; on paper the controls go. Organizers switch to the working schedule and mark a
// meeting held, no-show or cancelled where it is.
import { h, announce } from '../dom.js';
import { t, pick, entityLabel, enumLabel } from '../i18n.js';
import { api } from '../api.js';
import { formatDate, formatInstant, isZone } from '../time.js';
import { pageHead, button, section, takeFlash, alertBox, problemAlert, href } from '../ui.js';
import { BASE, isStaff, canWrite, orgName, slotText, statusBadge, whereText, personDetails, schedulePath, agendaPath } from '../b2b.js';

const MARKS = ['planned', 'held', 'no_show', 'cancelled'];

export async function agendaPage(e, id, query, ctx) {
  const staff = isStaff();
  const working = staff && query.get('view') === 'working';
  const data = await api('GET', `b2b_participants/${id}/agenda`, { query: working ? { draft: 'true' } : {} });
  const me = data.participant || {};
  const prog = data.programme || {};
  const zone = isZone(prog.timezone) ? prog.timezone : 'UTC';
  const progName = pick(prog.name_ko, prog.name_en);
  const base = agendaPath(id);
  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const items = data.items || [];

  const summary = h('dl', { class: 'app-summary b2b-agenda-summary' },
    [[t('b2b.programme'), staff && prog.id ? h('a', { href: schedulePath(prog.id) }, progName) : progName],
      [t('b2b.kind'), enumLabel(me.kind)],
      orgName(me) ? [t('b2b.organization'), orgName(me)] : null,
      me.kind === 'exhibitor' && whereText(me) ? [t('b2b.where'), whereText(me)] : null,
      [t('b2b.status'), statusBadge(prog.schedule_status || 'none')],
      [t('b2b.published_at'), prog.published_at ? h('time', { datetime: prog.published_at }, formatInstant(prog.published_at, zone)) : '—'],
      [t('b2b.meetings'), h('span', { class: 'b2b-agenda-count' }, String(items.length))],
    ].filter(Boolean).map(([k, v]) => h('div', { class: 'app-summary-item' }, h('dt', null, k), h('dd', null, v))));

  const ics = h('a', {
    href: `${BASE}b2b_participants/${id}/agenda.ics${working ? '?draft=true' : ''}`, class: 'krds-btn small tertiary b2b-ics', download: '',
  }, t('b2b.ics'));
  const toggle = staff ? h('div', { class: 'b2b-view-toggle', role: 'group', 'aria-label': t('b2b.view') },
    h('a', { href: base, class: `krds-btn small ${working ? 'tertiary' : 'primary'} b2b-view-final`, 'aria-current': working ? null : 'true' }, t('b2b.view_final')),
    h('a', { href: `${base}?view=working`, class: `krds-btn small ${working ? 'primary' : 'tertiary'} b2b-view-working`, 'aria-current': working ? 'true' : null }, t('b2b.view_working'))) : null;

  const notes = [];
  if (!working && !prog.published_at) notes.push(alertBox('info', t('b2b.agenda_not_published')));

  const days = new Map();
  for (const it of items) {
    const d = it.time?.start?.date || '';
    if (!days.has(d)) days.set(d, []);
    days.get(d).push(it);
  }
  const writer = canWrite();
  const dayNodes = [...days.entries()].map(([d, list], i) => {
    const hid = `b2b-aday-${i}`;
    return h('section', { class: 'b2b-agenda-day', 'aria-labelledby': hid, dataset: { day: d } },
      h('h3', { class: 'b2b-agenda-day-title', id: hid }, d ? formatDate(d, 'long') : '—',
        h('span', { class: 'b2b-agenda-day-n' }, ` · ${t('b2b.meetings_n', { n: list.length })}`)),
      h('ol', { class: 'b2b-agenda-list' }, list.map((it) => itemNode(it, { writer, alerts }))));
  });

  return h('div', { class: 'page page-b2b-agenda', dataset: { view: working ? 'working' : 'final' } },
    pageHead(t('b2b.agenda_title', { name: me.name || `#${id}` }),
      [{ text: entityLabel(e), href: '#/b2b_participants' }, { text: me.name || `#${id}`, href: href('b2b_participants', id) }, { text: t('b2b.agenda') }],
      [button(t('action.print'), () => window.print(), 'tertiary app-print-btn')]),
    takeFlash(), alerts, summary,
    h('div', { class: 'b2b-toolbar' }, toggle, h('div', { class: 'app-downloads' }, ics)),
    notes,
    h('p', { class: 'app-note' }, t('b2b.zone_note', { zone })),
    h('p', { class: 'b2b-print-head' }, `${progName} · ${me.name || ''} · ${working ? t('b2b.view_working') : t('b2b.view_final')}`),
    section(t('b2b.agenda_meetings'), dayNodes.length ? dayNodes : h('p', { class: 'app-empty-note b2b-agenda-empty' }, t('b2b.agenda_empty'))));
}

// One meeting as a card; redrawn in place after it is marked.
function itemNode(it, opts) {
  const other = it.role === 'host' ? it.visitor : it.host;
  const withWhom = it.role === 'interpreter'
    ? [h('strong', { class: 'b2b-agenda-name' }, `${it.host?.name || ''} ↔ ${it.visitor?.name || ''}`),
      h('span', { class: 'b2b-agenda-org' }, [...personDetails(it.host), ...personDetails(it.visitor)].join(' · '))]
    : [h('strong', { class: 'b2b-agenda-name' }, other?.name || '—'),
      h('span', { class: 'b2b-agenda-org' }, personDetails(other).join(' · '))];
  const where = whereText(it.host, it.table_no);
  const node = h('li', { class: ['b2b-agenda-item', `b2b-st-${it.status}`], dataset: { meetingId: String(it.id), status: it.status, role: it.role } },
    h('div', { class: 'b2b-agenda-time' }, h('time', { datetime: it.time?.starts_at || it.starts_at || '' }, slotText(it.time)),
      it.priority === 'must' ? h('span', { class: 'b2b-agenda-must' }, enumLabel('must')) : null),
    h('div', { class: 'b2b-agenda-body' },
      h('p', { class: 'b2b-agenda-with' }, h('span', { class: 'b2b-agenda-tag' }, t(`b2b.role.${it.role}`)), ' ', withWhom),
      where ? h('p', { class: 'b2b-agenda-where' }, h('span', { class: 'b2b-agenda-tag' }, t('b2b.where')), ' ', where) : null,
      it.interpreter && it.role !== 'interpreter'
        ? h('p', { class: 'b2b-agenda-interp' }, h('span', { class: 'b2b-agenda-tag' }, enumLabel('interpreter')), ' ', it.interpreter.name,
          it.interpreter.languages?.length ? ` (${it.interpreter.languages.join(', ')})` : '')
        : null,
      h('p', { class: 'b2b-agenda-status' }, statusBadge(it.status)),
      opts.writer ? marks(it, opts) : null));
  return node;
}

// Held / no-show / cancelled (and back to planned): PATCH with the version shown.
function marks(it, opts) {
  return h('div', { class: 'b2b-agenda-marks', role: 'group', 'aria-label': t('b2b.mark', { name: it.role === 'host' ? it.visitor?.name || '' : it.host?.name || '' }) },
    MARKS.map((s) => h('button', {
      type: 'button', class: `krds-btn xsmall ${s === it.status ? 'primary' : 'tertiary'} b2b-mark-${s}`,
      'aria-pressed': String(s === it.status), dataset: { focusKey: `mark-${it.id}-${s}` },
      onclick: async (ev) => {
        if (s === it.status) return;
        const li = ev.currentTarget.closest('li');
        for (const b of li.querySelectorAll('.b2b-agenda-marks button')) b.disabled = true;
        try {
          const saved = await api('PATCH', `b2b_meetings/${it.id}`, { body: { status: s }, version: it.version });
          const next = { ...it, status: saved.status, version: saved.version };
          const fresh = itemNode(next, opts);
          li.replaceWith(fresh);
          fresh.querySelector(`.b2b-mark-${s}`)?.focus();
          announce(t('b2b.marked', { status: enumLabel(saved.status) }));
        } catch (err) {
          for (const b of li.querySelectorAll('.b2b-agenda-marks button')) b.disabled = false;
          opts.alerts.replaceChildren(err.status === 412 ? alertBox('danger', t('problem.version_mismatch')) : problemAlert(err));
          opts.alerts.focus();
        }
      },
    }, t(`b2b.mark_${s}`))));
}
