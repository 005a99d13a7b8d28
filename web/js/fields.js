// fields.js - labelled inputs and selects for the account pages (login, password, tokens,
// accounts) in KRDS form-group markup. An error shows under its field, tied to the control by
// aria-describedby, as on the resource forms.
import { h } from './dom.js';
import { t, has } from './i18n.js';

// inputField({id, name, label, type, autocomplete, hint, required, mark, maxlength}) ->
// {el, group, name, value(), setError(message), clearError(), setRequired(on)}. mark adds the
// visible "*" (shown while the field is required).
export function inputField({ id, name, label, type = 'text', autocomplete = 'off', hint, required = true, mark = false, maxlength, extra = {} }) {
  const el = h('input', {
    id, name, type, class: 'krds-input medium', autocomplete, maxlength: maxlength ? String(maxlength) : null,
    required, 'aria-required': required ? 'true' : null, ...extra,
  });
  return labelled(el, { id, name, label, hint, required, mark });
}

// selectField({id, name, label, options, hint, required, mark}): a KRDS select in the same
// markup; options are nodes (<option>, <optgroup>).
export function selectField({ id, name, label, options, hint, required = true, mark = false }) {
  const el = h('select', { id, name, class: 'krds-form-select medium', required, 'aria-required': required ? 'true' : null }, options);
  return labelled(el, { id, name, label, hint, required, mark });
}

// A control in its form group: the label (with "*" when marked), the hint under it, and an
// error message tied to the control by aria-describedby when set.
function labelled(el, { id, name, label, hint, required, mark }) {
  const hintId = hint ? `${id}-hint` : null;
  const errId = `${id}-err`;
  if (hintId) el.setAttribute('aria-describedby', hintId);
  const conts = h('div', { class: 'form-conts' }, el);
  const reqMark = h('span', { class: 'app-req-mark' }, h('span', { class: 'app-req', 'aria-hidden': 'true' }, ' *'), h('span', { class: 'sr-only' }, ` ${t('form.required')}`));
  const group = h('div', { class: 'form-group app-field', dataset: { field: name } },
    h('div', { class: 'form-tit' }, h('label', { for: id }, label, mark ? reqMark : null)),
    conts,
    hint ? h('p', { class: 'form-hint', id: hintId }, hint) : null);
  reqMark.hidden = !required;
  const clearError = () => {
    conts.classList.remove('is-error');
    el.classList.remove('is-error');
    el.removeAttribute('aria-invalid');
    group.querySelector('.form-hint-invalid')?.remove();
    if (hintId) el.setAttribute('aria-describedby', hintId); else el.removeAttribute('aria-describedby');
  };
  const setError = (message) => {
    clearError();
    conts.classList.add('is-error');
    el.classList.add('is-error');
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', [errId, hintId].filter(Boolean).join(' '));
    conts.after(h('p', { class: 'form-hint-invalid', id: errId }, message));
  };
  // Whether the field must be filled in (the "*" and aria-required follow it).
  const setRequired = (on) => {
    el.required = on;
    if (on) el.setAttribute('aria-required', 'true'); else el.removeAttribute('aria-required');
    reqMark.hidden = !on;
  };
  return { el, group, name, value: () => el.value, setError, clearError, setRequired };
}

// The message for a field error from the API ({field, code, message}).
export function fieldErrorMessage(fe) {
  const key = `error.${fe.code}`;
  return has(key) ? t(key, { max: '' }) : (fe.message || fe.code);
}

// Shows the API's field errors at the fields (fieldFor maps an API field name to a field,
// messageOf an error to its words); returns the first field marked, in form order, or null, and
// the errors no field took.
export function showFieldErrors(fields, errors, fieldFor = (name) => fields.find((f) => f.name === name), messageOf = fieldErrorMessage) {
  const unplaced = [];
  const marked = new Set();
  for (const fe of errors) {
    const f = fieldFor(fe.field);
    if (!f) { unplaced.push(fe); continue; }
    if (marked.has(f)) continue;
    marked.add(f);
    f.setError(messageOf(fe));
  }
  return { first: fields.find((f) => marked.has(f)) || null, unplaced };
}

// Marks empty required fields "required" before anything is sent; returns the first, or null.
export function checkRequired(fields) {
  let first = null;
  for (const f of fields) {
    if (f.el.required && f.el.value === '') {
      f.setError(t('error.required'));
      first = first || f;
    }
  }
  return first;
}

// Disables the submit button and marks the form busy while fn runs.
export async function busy(form, submit, fn) {
  submit.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    submit.disabled = false;
    form.removeAttribute('aria-busy');
  }
}
