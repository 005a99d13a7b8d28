// settings.js - #/account/settings, the administrator's settings of the itinerary checks and the
// publication deadlines (GET/PATCH /api/v1/settings). Each field comes with its unit from the
// server: a time of day is typed as HH:MM and sent as minutes after midnight; minutes and days
// as whole numbers. The server's field errors show at their fields.
import { h, announce } from '../dom.js';
import { t, pick } from '../i18n.js';
import { api } from '../api.js';
import { pageHead, alertBox, problemAlert, section, takeFlash, linkButton } from '../ui.js';
import { inputField, showFieldErrors, fieldErrorMessage, checkRequired, busy } from '../fields.js';

const pad = (n) => String(n).padStart(2, '0');
// 480 -> "08:00"; 1440 -> "24:00" (the end of the day).
export const hhmm = (min) => `${pad(Math.floor(min / 60))}:${pad(min % 60)}`;
// "8:30" -> 510; null when it is not a time of day written HH:MM.
export function parseHHMM(s) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(s).trim());
  if (!m || Number(m[2]) > 59 || Number(m[1]) > 24) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

const show = (f, v) => (f.unit === 'time' ? hhmm(v) : String(v));
const unitOf = (f, v) => (f.unit === 'time' ? show(f, v) : t(`settings.unit_${f.unit}`, { n: v }));

function hint(f) {
  const range = t('settings.hint', { min: unitOf(f, f.min), max: unitOf(f, f.max), default: unitOf(f, f.default) });
  return f.unit === 'time' ? `${t('settings.hint_time')} ${range}` : range;
}

export async function settingsPage() {
  const data = await api('GET', 'settings');
  let values = { ...data.values };
  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const known = new Set(['time', 'minutes', 'days']);
  const specs = data.fields.filter((f) => known.has(f.unit));
  const fields = specs.map((f) => {
    const unitLabel = f.unit === 'time' ? t('settings.unit_time_label') : t(`settings.unit_${f.unit}_label`);
    const field = inputField({
      id: `setting-${f.key}`, name: f.key, label: `${pick(f.label_ko, f.label_en)} (${unitLabel})`, hint: hint(f),
      type: f.unit === 'time' ? 'text' : 'number',
      extra: f.unit === 'time'
        ? { inputmode: 'numeric', placeholder: 'HH:MM', maxlength: '5', class: 'krds-input medium app-input-short' }
        : { inputmode: 'numeric', step: '1', class: 'krds-input medium app-input-short' },
    });
    field.el.value = show(f, values[f.key] ?? f.default);
    field.spec = f;
    // What the field holds, in the server's unit; NaN when it cannot be read.
    field.read = () => {
      const v = field.el.value.trim();
      if (f.unit === 'time') return parseHHMM(v) ?? NaN;
      return /^-?\d+$/.test(v) ? Number(v) : NaN;
    };
    return field;
  });
  // The server's words for a value out of range are the field's own range.
  const message = (fe) => {
    const f = fields.find((x) => x.name === fe.field)?.spec;
    return f && fe.code === 'out_of_range' ? t('settings.out_of_range', { min: unitOf(f, f.min), max: unitOf(f, f.max) }) : fieldErrorMessage(fe);
  };

  const submit = h('button', { type: 'submit', class: 'krds-btn medium primary' }, t('action.save'));
  const form = h('form', { class: 'app-form app-form-narrow app-settings-form', novalidate: true, 'aria-describedby': 'settings-req-note' },
    h('p', { class: 'app-note', id: 'settings-req-note' }, t('form.required_note')),
    h('div', { class: 'fieldset app-form-stack' }, fields.map((f) => f.group)),
    h('div', { class: 'app-form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    alerts.replaceChildren();
    for (const f of fields) f.clearError();
    let first = checkRequired(fields);
    for (const f of fields) {
      if (first && f.el.value === '') continue;
      if (Number.isNaN(f.read())) {
        f.setError(t(f.spec.unit === 'time' ? 'settings.invalid_time' : 'settings.invalid_number'));
        first = first || f;
      }
    }
    if (first) {
      alerts.replaceChildren(problemAlert({ code: 'validation_failed', problem: {} }));
      first.el.focus();
      return;
    }
    const body = {};
    for (const f of fields) if (f.read() !== values[f.name]) body[f.name] = f.read();
    if (!Object.keys(body).length) {
      alerts.replaceChildren(alertBox('info', t('form.no_changes')));
      alerts.focus();
      return;
    }
    await busy(form, submit, async () => {
      try {
        const saved = await api('PATCH', 'settings', { body });
        values = { ...saved.values };
        for (const f of fields) f.el.value = show(f.spec, values[f.name]);
        alerts.replaceChildren(alertBox('ok', t('settings.saved')));
        announce(t('settings.saved'));
        alerts.focus();
      } catch (err) {
        if (err.code === 'login_required') return;
        const { first: at, unplaced } = showFieldErrors(fields, err.fieldErrors, undefined, message);
        const list = unplaced.length ? [h('ul', { class: 'app-error-list' }, unplaced.map((fe) => h('li', null, `${fe.field}: ${message(fe)}`)))] : [];
        alerts.replaceChildren(problemAlert(err, list));
        (at ? at.el : alerts).focus();
      }
    });
  });

  return h('div', { class: 'page page-settings' },
    pageHead(t('settings.title'), [{ text: t('account.crumb') }, { text: t('users.title'), href: '#/account/users' }, { text: t('settings.title') }],
      [linkButton(t('users.title'), '#/account/users', 'tertiary app-users-link')]),
    takeFlash(), alerts,
    h('p', { class: 'app-lead' }, t('settings.lead')),
    section(t('settings.itinerary'), form));
}
