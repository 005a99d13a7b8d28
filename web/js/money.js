// money.js - amounts kept as integer minor units of an ISO 4217 currency (won, cents), shown and
// typed in major units ("12,500.50 USD"). The currency's decimals come from Intl (CLDR), never
// from a table written here; the conversion is done on digit strings, so nothing is rounded.
import { locale } from './i18n.js';

export const DEFAULT_CURRENCY = 'KRW';
// Offered first in currency inputs; any other ISO 4217 code may be typed.
export const COMMON_CURRENCIES = ['KRW', 'USD', 'EUR', 'JPY', 'CNY'];

export function isCurrencyCode(c) {
  return typeof c === 'string' && /^[A-Z]{3}$/.test(c);
}

const digitsCache = new Map();
// Decimals of a currency's major unit: KRW and JPY 0, USD and EUR 2, KWD 3.
export function fractionDigits(currency) {
  const c = isCurrencyCode(currency) ? currency : DEFAULT_CURRENCY;
  if (!digitsCache.has(c)) {
    let d = 2;
    try { d = new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits; } catch { /* malformed code */ }
    digitsCache.set(c, d);
  }
  return digitsCache.get(c);
}

// The currency of money field `name` in a row: its `name_currency` field, else the row's
// `currency` (a trip cost's amount), else KRW.
export function currencyOf(row, name) {
  const c = row?.[`${name}_currency`] ?? row?.currency;
  return isCurrencyCode(c) ? c : DEFAULT_CURRENCY;
}

// 1250050 USD -> {int: "12500", frac: "50"}; 5000000 KRW -> {int: "5000000", frac: ""}.
function split(minor, digits) {
  const s = String(Math.trunc(Math.abs(minor))).padStart(digits + 1, '0');
  return { neg: minor < 0, int: digits ? s.slice(0, -digits) : s, frac: digits ? s.slice(-digits) : '' };
}

const group = (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

// "12,500.50": minor units as the major amount a form shows (grouped, full decimals).
export function toMajorInput(minor, currency) {
  if (minor === null || minor === undefined || minor === '' || !Number.isFinite(Number(minor))) return '';
  const p = split(Number(minor), fractionDigits(currency));
  return `${p.neg ? '-' : ''}${group(p.int)}${p.frac ? `.${p.frac}` : ''}`;
}

// A major amount typed in a form ("12,500.5", "5000000") -> {minor} or {error, digits}.
// Grouping commas are allowed where they belong; error is 'invalid_amount' (not a plain
// non-negative number), 'amount_decimals' (more decimals than the currency has) or
// 'out_of_range' (beyond what an integer holds exactly).
export function parseMajor(text, currency) {
  const digits = fractionDigits(currency);
  const s = String(text ?? '').trim().replace(/\s/g, '');
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/.exec(s) || /^()\.(\d+)$/.exec(s);
  if (!m) return { error: 'invalid_amount', digits };
  const int = (m[1] || '0').replace(/,/g, '');
  const frac = (m[2] || '').replace(/0+$/, '');
  if (frac.length > digits) return { error: 'amount_decimals', digits };
  const minor = Number(int + frac.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return { error: 'out_of_range', digits };
  return { minor };
}

const fmtCache = new Map();
// "US$12,500.50" / "₩5,000,000" in the UI language; minor units in, exact digits out.
export function formatMoney(minor, currency) {
  const c = isCurrencyCode(currency) ? currency : DEFAULT_CURRENCY;
  const key = `${locale()}|${c}`;
  let f = fmtCache.get(key);
  if (!f) {
    try { f = new Intl.NumberFormat(locale(), { style: 'currency', currency: c }); } catch { f = null; }
    fmtCache.set(key, f);
  }
  const digits = fractionDigits(c);
  const p = split(Number(minor), digits);
  // Intl formats a decimal string exactly (no float in between) where it can.
  const dec = `${p.neg ? '-' : ''}${p.int}${p.frac ? `.${p.frac}` : ''}`;
  if (!f) return `${toMajorInput(minor, c)} ${c}`;
  try { return f.format(dec); } catch { return f.format(Number(dec)); }
}

// "미국 달러" / "US Dollar" for a code, or the code itself when Intl does not know it.
export function currencyName(code) {
  if (!isCurrencyCode(code)) return String(code ?? '');
  try {
    const name = new Intl.DisplayNames([locale()], { type: 'currency' }).of(code);
    return name && name !== code ? name : code;
  } catch { return code; }
}
