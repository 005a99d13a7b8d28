// form.js - the create/edit form of any resource, generated from its descriptor in
// /api/v1/meta. Saves with PATCH + If-Match (only the changed fields) or POST +
// Idempotency-Key; the API's field errors appear at their inputs.
import { h } from '../dom.js';
import { t, fieldLabel, entityLabel, enumLabel, has } from '../i18n.js';
import { api, newIdempotencyKey } from '../api.js';
import { enqueue } from '../outbox.js';
import { pendingPanel } from '../pending.js';
import { entity, rowLabel, refLabel, cachedList, invalidate } from '../meta.js';
import { toLocalInput, fromLocalInput, zoneAbbr, allZones, isZone } from '../time.js';
import { pageHead, alertBox, problemAlert, flash, takeFlash, button } from '../ui.js';
import { COMMON_CURRENCIES, DEFAULT_CURRENCY, isCurrencyCode, fractionDigits, parseMajor, toMajorInput, currencyName } from '../money.js';

const emptyToNull = (v) => (v === '' || v === undefined ? null : v);

// The page a form returns to when it came from one (?return=delegations/3: an itinerary item
// added on its delegation's page goes back there, where the findings are redrawn); only a route
// of this UI is taken.
function returnRoute(query) {
  const r = query.get('return');
  return r && /^[a-z_]+\/[1-9]\d{0,17}(\/[a-z_]+)?$/.test(r) ? `#/${r}` : null;
}

// Initial value of a field: the row's, else one passed in the hash (#/booths/new?pavilion_id=3),
// else the descriptor's default.
function initial(f, row, query) {
  if (row) return row[f.name] ?? null;
  const q = query.get(f.name);
  if (q !== null) {
    if (f.type === 'ref' || f.type === 'int') return /^-?\d+$/.test(q) ? Number(q) : null;
    if (f.type === 'bool') return q === 'true' || q === '1';
    return q;
  }
  if (f.default === undefined || f.default === null) return f.type === 'bool' ? false : null;
  if (f.type === 'bool') return f.default === '1' || f.default === 'true' || f.default === true;
  return f.default;
}

function hintFor(f) {
  const parts = [];
  if (f.type === 'text' && f.max) parts.push(t('form.hint_max', { max: f.max }));
  if (f.type === 'country') parts.push(t('form.hint_country'));
  if (f.type === 'strlist') parts.push(t('form.hint_strlist'));
  if (f.type === 'timezone') parts.push(t('form.hint_timezone'));
  if (f.type === 'email') parts.push(t('form.hint_email'));
  if (f.type === 'currency') parts.push(t('form.hint_currency', { codes: COMMON_CURRENCIES.join(', ') }));
  return parts.join(' ');
}

function optionList(values, current, required, labelOf) {
  const opts = [];
  if (!required || current === null || current === undefined || current === '') {
    opts.push(h('option', { value: '' }, required ? t('form.choose') : t('form.none')));
  }
  for (const v of values) opts.push(h('option', { value: String(v), selected: String(v) === String(current ?? '') }, labelOf(v)));
  return opts;
}

// The message for a major amount that does not parse ({error, digits} from parseMajor).
function amountMessage(r, currency) {
  if (r.error === 'amount_decimals') return r.digits ? t('error.amount_decimals', { digits: r.digits, currency }) : t('error.amount_no_decimals', { currency });
  if (r.error === 'out_of_range') return t('error.out_of_range');
  return t('error.invalid_amount');
}

// One control per field: {f, el (focus target), group, get(), check()?}. check, where there is
// one, says what is wrong with the value typed (before anything is sent), or null.
async function buildControl(e, f, value, ctx) {
  const id = `f-${f.name}`;
  const hintText = hintFor(f);
  const hintId = hintText ? `${id}-hint` : null;
  const base = { id, name: f.name, 'aria-describedby': hintId, required: f.required, 'aria-required': f.required ? 'true' : null };
  let el, get, check = null, extra = null;
  switch (f.type) {
    case 'enum':
      el = h('select', { ...base, class: 'krds-form-select medium' }, optionList(f.values, value, f.required, enumLabel));
      get = () => emptyToNull(el.value);
      break;
    case 'ref': {
      const re = entity(f.ref);
      const rows = await cachedList(f.ref);
      const labels = new Map(rows.map((r) => [r.id, rowLabel(re, r)]));
      if (value !== null && !labels.has(value)) labels.set(value, ctx.row?._refs?.[f.name] ? refLabel(ctx.row, f.name) : `#${value}`);
      el = h('select', { ...base, class: 'krds-form-select medium' }, optionList([...labels.keys()], value, f.required, (v) => labels.get(v)));
      get = () => (el.value === '' ? null : Number(el.value));
      break;
    }
    case 'bool':
      el = h('input', { ...base, type: 'checkbox', checked: !!value, required: false, 'aria-required': null });
      get = () => el.checked;
      break;
    case 'date':
      el = h('input', { ...base, type: 'date', class: 'krds-input medium app-input-date', value: value || '' });
      get = () => emptyToNull(el.value);
      break;
    case 'instant': {
      const zoneId = `${id}-zone`;
      el = h('input', { ...base, type: 'datetime-local', class: 'krds-input medium app-input-date', 'aria-describedby': zoneId });
      const zoneNote = h('p', { class: 'form-hint app-zone-note', id: zoneId });
      const refresh = () => {
        const z = ctx.zoneFor(f.name);
        zoneNote.textContent = t('form.hint_instant', { zone: z, abbr: zoneAbbr(el.value ? new Date(fromLocalInput(el.value, z)) : new Date(), z) });
      };
      el.value = toLocalInput(value, ctx.zoneFor(f.name));
      el.dataset.zone = ctx.zoneFor(f.name);
      ctx.onZoneChange.push(() => {
        // Keep the wall time the user sees; it is read in the new zone when saved.
        el.dataset.zone = ctx.zoneFor(f.name);
        refresh();
      });
      el.addEventListener('change', refresh);
      refresh();
      extra = zoneNote;
      get = () => (el.value ? fromLocalInput(el.value, ctx.zoneFor(f.name)) : null);
      break;
    }
    case 'timezone': {
      const zones = allZones();
      if (value && !zones.includes(value)) zones.unshift(value);
      el = h('select', { ...base, class: 'krds-form-select medium' }, optionList(zones, value, f.required, (z) => z));
      get = () => emptyToNull(el.value);
      break;
    }
    case 'int':
      el = h('input', { ...base, type: 'number', step: '1', inputmode: 'numeric', class: 'krds-input medium app-input-short', value: value ?? '' });
      get = () => (el.value === '' ? null : Number(el.value));
      break;
    case 'money': {
      // Typed in major units of the currency in the same form (budget -> budget_currency);
      // sent as integer minor units.
      const unitId = `${id}-unit`;
      const unitNote = h('p', { class: 'form-hint app-money-unit', id: unitId });
      const refresh = () => {
        const c = ctx.currencyFor(f.name);
        const d = fractionDigits(c);
        unitNote.textContent = d ? t('form.hint_money', { currency: c, digits: d, example: toMajorInput(1250050 * 10 ** (d - 2), c) })
          : t('form.hint_money_whole', { currency: c, example: toMajorInput(5000000, c) });
      };
      el = h('input', {
        ...base, type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false',
        class: 'krds-input medium app-input-money', 'aria-describedby': unitId, value: toMajorInput(value, ctx.currencyFor(f.name)),
      });
      ctx.onCurrencyChange.push(refresh);
      refresh();
      extra = unitNote;
      const parsed = () => (el.value.trim() === '' ? { minor: null } : parseMajor(el.value, ctx.currencyFor(f.name)));
      get = () => { const r = parsed(); return r.error ? el.value : r.minor; };
      check = () => { const r = parsed(); return r.error ? amountMessage(r, ctx.currencyFor(f.name)) : null; };
      break;
    }
    case 'currency': {
      const listId = `${id}-list`;
      el = h('input', {
        ...base, type: 'text', class: 'krds-input medium app-input-short app-input-currency', maxlength: '3', list: listId,
        autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', value: value || '',
      });
      extra = h('datalist', { id: listId }, COMMON_CURRENCIES.map((c) => h('option', { value: c }, `${c} ${currencyName(c)}`)));
      get = () => emptyToNull(el.value.trim().toUpperCase());
      check = () => { const v = get(); return v === null || isCurrencyCode(v) ? null : t('error.invalid_currency'); };
      // The amount's hint follows the currency as it is typed; the code is upper-cased on leaving.
      el.addEventListener('input', () => ctx.onCurrencyChange.forEach((fn) => fn()));
      el.addEventListener('change', () => { el.value = el.value.trim().toUpperCase(); });
      break;
    }
    case 'strlist':
      el = h('input', { ...base, type: 'text', class: 'krds-input medium', value: Array.isArray(value) ? value.join(', ') : (value || '') });
      get = () => el.value.split(',').map((s) => s.trim()).filter(Boolean);
      break;
    case 'country':
      el = h('input', { ...base, type: 'text', class: 'krds-input medium app-input-short', maxlength: '2', autocomplete: 'country', autocapitalize: 'characters', value: value || '' });
      get = () => emptyToNull(el.value.trim().toUpperCase());
      break;
    default:
      if (f.multiline) {
        el = h('textarea', { ...base, class: 'krds-input', rows: '5', maxlength: f.max ? String(f.max) : null });
        el.value = value || '';
      } else {
        el = h('input', { ...base, type: f.type === 'email' ? 'email' : 'text', class: 'krds-input medium', maxlength: f.max ? String(f.max) : null, value: value || '', autocomplete: 'off' });
      }
      get = () => emptyToNull(el.value);
  }
  const conts = h('div', { class: 'form-conts' }, el);
  let group;
  if (f.type === 'bool') {
    conts.replaceChildren(h('div', { class: 'krds-form-check' }, el, h('label', { for: id }, fieldLabel(f))));
    group = h('div', { class: 'form-group app-field app-field-bool', dataset: { field: f.name } }, conts);
  } else {
    group = h('div', { class: ['form-group', 'app-field', (f.multiline || f.max > 200) && 'app-field-wide'], dataset: { field: f.name } },
      h('div', { class: 'form-tit' }, h('label', { for: id }, fieldLabel(f),
        f.required ? [h('span', { class: 'app-req', 'aria-hidden': 'true' }, ' *'), h('span', { class: 'sr-only' }, ` ${t('form.required')}`)] : null)),
      conts,
      hintText ? h('p', { class: 'form-hint', id: hintId }, hintText) : null,
      extra);
  }
  return { f, el, group, conts, get, check, hintIds: [hintId, extra?.tagName === 'P' ? extra.id : null].filter(Boolean) };
}

function same(f, a, b) {
  a = a === '' ? null : a;
  b = b === '' ? null : b;
  if (a === null || b === null) {
    if (f.type === 'strlist') return !(a && a.length) && !(b && b.length);
    return a === b;
  }
  if (f.type === 'instant') return Math.floor(Date.parse(a) / 60000) === Math.floor(Date.parse(b) / 60000);
  if (f.type === 'strlist') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

export function errorMessage(f, fe) {
  const key = `error.${fe.code}`;
  if (has(key)) return t(key, { max: f?.max ?? '', field: f ? fieldLabel(f) : fe.field });
  return fe.message || fe.code;
}

// What may be logged with no network: kept on the device and sent later (outbox.js).
const OFFLINE = new Set(['consultations', 'follow_ups']);

export async function formPage(e, id, query, ctx) {
  const row = id ? await api('GET', `${e.name}/${id}`) : null;
  const placesRows = e.fields.some((f) => f.type === 'instant') ? await cachedList('places') : [];
  const places = new Map(placesRows.map((p) => [p.id, p]));
  const delegationsRows = e.fields.some((f) => f.type === 'instant' && e.fields.some((g) => g.ref === 'delegations')) ? await cachedList('delegations') : [];
  const delegations = new Map(delegationsRows.map((d) => [d.id, d]));
  // A B2B row's instants are typed in its programme's zone: the form's b2b_event_id, or its
  // participant's programme (an absence).
  const b2bEvents = e.fields.some((f) => f.type === 'instant') && e.fields.some((g) => g.ref === 'b2b_events' || g.ref === 'b2b_participants')
    ? new Map((await cachedList('b2b_events')).map((x) => [x.id, x])) : new Map();
  const b2bParticipants = b2bEvents.size && e.fields.some((g) => g.name === 'participant_id' && g.ref === 'b2b_participants')
    ? new Map((await cachedList('b2b_participants')).map((x) => [x.id, x])) : new Map();

  const controls = [];
  // A field's current value: from its control once built, else its initial value.
  const value = (name) => {
    const c = controls.find((x) => x.f.name === name);
    if (c) return c.get();
    const f = e.fields.find((x) => x.name === name);
    return f ? initial(f, row, query) : null;
  };
  // The zone an instant is typed in: the end of a trip somewhere in its destination's zone,
  // else the place's zone, else the delegation's home zone, else the B2B programme's zone,
  // else UTC.
  const fctx = {
    row, onZoneChange: [], onCurrencyChange: [],
    // The currency a money field is typed in: its `_currency` field's, else the form's
    // `currency` field's (a trip cost), else KRW.
    currencyFor(name) {
      const c = value(`${name}_currency`) ?? value('currency');
      return isCurrencyCode(c) ? c : DEFAULT_CURRENCY;
    },
    zoneFor(name) {
      const tz = (pid) => (pid && places.get(pid)?.timezone) || null;
      let z = null;
      if (name === 'ends_at') z = tz(value('to_place_id'));
      z = z || tz(value('place_id'));
      if (!z) { const d = delegations.get(value('delegation_id')); z = d?.home_timezone || null; }
      if (!z && b2bEvents.size) {
        const ev = value('b2b_event_id') ?? b2bParticipants.get(value('participant_id'))?.b2b_event_id;
        z = b2bEvents.get(ev)?.timezone || null;
      }
      return isZone(z) ? z : 'UTC';
    },
  };
  await Promise.all(e.fields.filter((f) => f.type === 'ref').map((f) => cachedList(f.ref))); // fetch options at once
  // read-only fields are Roadshow's to set (the scheduler's slot and table, a request's status)
  for (const f of e.fields.filter((x) => !x.readonly)) controls.push(await buildControl(e, f, initial(f, row, query), fctx));
  for (const c of controls) {
    if (['place_id', 'to_place_id', 'delegation_id', 'b2b_event_id', 'participant_id'].includes(c.f.name)) c.el.addEventListener('change', () => fctx.onZoneChange.forEach((fn) => fn()));
  }

  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const submit = h('button', { type: 'submit', class: 'krds-btn medium primary' }, row ? t('action.save') : t('action.create'));
  const back = returnRoute(query);
  const cancelHref = back || (row ? `#/${e.name}/${row.id}` : `#/${e.name}`);
  const form = h('form', { class: 'app-form', novalidate: true, 'aria-describedby': 'form-req-note' },
    h('p', { class: 'app-note', id: 'form-req-note' }, t('form.required_note')),
    h('div', { class: 'fieldset app-form-grid' }, controls.map((c) => c.group)),
    h('div', { class: 'app-form-actions' }, submit, h('a', { href: cancelHref, class: 'krds-btn medium tertiary' }, t('action.cancel'))));

  let idemKey = newIdempotencyKey();
  const clearErrors = () => {
    alerts.replaceChildren();
    for (const c of controls) {
      c.conts.classList.remove('is-error');
      c.el.classList.remove('is-error');
      c.el.removeAttribute('aria-invalid');
      c.group.querySelector('.form-hint-invalid')?.remove();
      const d = c.hintIds.join(' ');
      if (d) c.el.setAttribute('aria-describedby', d); else c.el.removeAttribute('aria-describedby');
    }
  };
  const showFieldErrors = (errs) => {
    const unplaced = [];
    let first = null;
    for (const fe of errs) {
      const c = controls.find((x) => x.f.name === fe.field);
      if (!c) { unplaced.push(fe); continue; }
      if (c.group.querySelector('.form-hint-invalid')) continue;
      const errId = `f-${fe.field}-err`;
      const p = h('p', { class: 'form-hint-invalid', id: errId }, errorMessage(c.f, fe));
      c.conts.classList.add('is-error');
      c.el.classList.add('is-error');
      c.el.setAttribute('aria-invalid', 'true');
      c.el.setAttribute('aria-describedby', [errId, ...c.hintIds].join(' '));
      c.conts.after(p);
      if (!first || controls.indexOf(c) < controls.indexOf(first)) first = c;
    }
    return { first, unplaced };
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    // What the browser can tell is wrong (an amount that is not one) is said before sending.
    const local = controls.map((c) => ({ c, message: c.check?.() })).filter((x) => x.message);
    if (local.length) {
      const { first } = showFieldErrors(local.map((x) => ({ field: x.c.f.name, code: 'local', message: x.message })));
      alerts.replaceChildren(problemAlert({ code: 'validation_failed', problem: {} }));
      if (first) first.el.focus();
      return;
    }
    const body = {};
    for (const c of controls) {
      const v = c.get();
      if (row) { if (!same(c.f, v, row[c.f.name])) body[c.f.name] = v; } else if (v !== null && !(Array.isArray(v) && !v.length)) body[c.f.name] = v;
    }
    if (row && !Object.keys(body).length) {
      flash('info', t('form.no_changes'));
      location.hash = cancelHref;
      return;
    }
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const saved = row
        ? await api('PATCH', `${e.name}/${row.id}`, { body, version: row.version })
        : await api('POST', e.name, { body, idempotencyKey: idemKey });
      invalidate();
      flash('ok', t('form.saved', { name: rowLabel(e, saved) }));
      location.hash = back || `#/${e.name}/${saved.id}`;
    } catch (err) {
      if (err.status === 0 && !row && OFFLINE.has(e.name)) {
        // no network: kept on this device with its key, sent when the network returns; the
        // form is ready for the next one
        enqueue(e.name, body, rowLabel(e, body) || entityLabel(e), idemKey);
        flash('info', t('pending.kept'));
        ctx.rerender();
        return;
      }
      if (err.status !== 0) idemKey = newIdempotencyKey(); // the server answered; a retry is a new request
      if (err.status === 412) {
        alerts.replaceChildren(alertBox('danger', t('problem.version_mismatch'), [
          h('p', { class: 'app-alert-actions' }, button(t('form.reload'), () => ctx.rerender(), 'secondary')),
        ]));
        alerts.focus();
      } else {
        const { first, unplaced } = showFieldErrors(err.fieldErrors);
        const list = unplaced.length ? h('ul', { class: 'app-error-list' }, unplaced.map((fe) => h('li', null, `${fe.field}: ${errorMessage(null, fe)}`))) : null;
        alerts.replaceChildren(problemAlert(err, list ? [list] : []));
        if (first) first.el.focus(); else alerts.focus();
      }
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });

  const title = row ? t('form.edit_title', { name: rowLabel(e, row) }) : t('form.new_title', { what: entityLabel(e) });
  const crumbs = [{ text: entityLabel(e), href: `#/${e.name}` }];
  if (row) crumbs.push({ text: rowLabel(e, row), href: `#/${e.name}/${row.id}` });
  crumbs.push({ text: row ? t('action.edit') : t('action.new') });
  return h('div', { class: 'page page-form' }, pageHead(title, crumbs), takeFlash(), alerts,
    OFFLINE.has(e.name) && !row ? pendingPanel(e.name) : null, form);
}
