// i18n.js - message catalogues (web/i18n/*.json) and the labels that come from /api/v1/meta.
const KEY = 'roadshow.lang';
export const LANGS = ['ko', 'en'];
const catalogues = {};
let lang = 'ko';

export function initialLang() {
  let l = null;
  try { l = localStorage.getItem(KEY); } catch { /* storage may be disabled */ }
  return LANGS.includes(l) ? l : 'ko';
}

export async function loadLang(l) {
  if (!catalogues[l]) {
    const res = await fetch(new URL(`../i18n/${l}.json`, import.meta.url));
    if (!res.ok) throw new Error(`catalogue ${l}: ${res.status}`);
    catalogues[l] = await res.json();
  }
  lang = l;
  document.documentElement.lang = l;
  try { localStorage.setItem(KEY, l); } catch { /* ignore */ }
}

export function getLang() { return lang; }
export function locale() { return lang === 'ko' ? 'ko-KR' : 'en-US'; }

export function has(key) {
  return Object.prototype.hasOwnProperty.call(catalogues[lang] || {}, key);
}

// t('form.saved') or t('error.too_long', {max: 20}); a missing key shows itself, so it is noticed.
export function t(key, params) {
  const cat = catalogues[lang] || {};
  let s = cat[key];
  if (s === undefined) s = (catalogues.ko || {})[key];
  if (s === undefined) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? String(params[k]) : m));
  return s;
}

// Picks the Korean or English member of a pair, falling back to the other one.
export function pick(ko, en) {
  const a = lang === 'ko' ? ko : en, b = lang === 'ko' ? en : ko;
  return a !== null && a !== undefined && a !== '' ? a : (b ?? '');
}

export function entityLabel(e) { return pick(e.label_ko, e.label_en); }
export function fieldLabel(f) { return pick(f.label_ko, f.label_en); }

export function enumLabel(value) {
  if (value === null || value === undefined) return '';
  const key = `enum.${value}`;
  return has(key) ? t(key) : String(value);
}

export function countryName(code) {
  if (!code) return '';
  try {
    const name = new Intl.DisplayNames([locale()], { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch { return code; }
}

// Fills elements marked data-i18n (text) and data-i18n-label (aria-label) in the static shell.
export function translateShell(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}
