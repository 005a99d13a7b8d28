// i18n.test.mjs - the message catalogues: the same keys in Korean and English, every key the UI
// asks for present, and a message for every field error code the API gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { ko, en } from './helpers.mjs';

const web = new URL('../../web/', import.meta.url);

function sources(dir = web) {
  const out = [];
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const u = new URL(ent.name + (ent.isDirectory() ? '/' : ''), dir);
    if (ent.isDirectory() && ent.name !== 'i18n') out.push(...sources(u));
    else if (/\.(js|html)$/.test(ent.name)) out.push(readFileSync(u, 'utf8'));
  }
  return out;
}

test('Korean and English catalogues have the same keys', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(ko).sort());
  for (const [k, v] of Object.entries(ko)) {
    const params = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(params(en[k]), params(v), `parameters of ${k}`);
  }
});

test('every message key the UI uses is in the catalogues', () => {
  const used = new Set();
  for (const src of sources()) {
    for (const m of src.matchAll(/\bt\('([a-z_]+\.[a-z_.]+)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/data-i18n(?:-label)?="([a-z_.]+)"/g)) used.add(m[1]);
    for (const m of src.matchAll(/'(nav\.group\.[a-z]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 50);
  const missing = [...used].filter((k) => !(k in ko));
  assert.deepEqual(missing, []);
});

test('every field error code has a message', () => {
  const codes = ['required', 'invalid_type', 'too_long', 'invalid_character', 'invalid_choice', 'invalid_date',
    'invalid_instant', 'invalid_country', 'invalid_email', 'invalid_timezone', 'out_of_range',
    'unknown_reference', 'unknown_field', 'invalid_order', 'too_many', 'duplicate', 'read_only',
    'invalid_currency', 'invalid_login', 'not_allowed', 'weak_password', 'wrong_password'];
  for (const c of codes) {
    assert.ok(ko[`error.${c}`], `ko error.${c}`);
    assert.ok(en[`error.${c}`], `en error.${c}`);
  }
});

test('index.html preloads every module', () => {
  const html = readFileSync(new URL('index.html', web), 'utf8');
  const listed = new Set([...html.matchAll(/rel="modulepreload" href="\{\{ASSETS\}\}\/([^"]+)"/g)].map((m) => m[1]));
  const modules = [];
  const walk = (dir, rel) => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      if (ent.isDirectory()) walk(new URL(`${ent.name}/`, dir), `${rel}${ent.name}/`);
      else if (ent.name.endsWith('.js')) modules.push(`${rel}${ent.name}`);
    }
  };
  walk(new URL('js/', web), 'js/');
  assert.deepEqual(modules.filter((m) => !listed.has(m)), []);
  assert.deepEqual([...listed].filter((m) => !modules.includes(m)), []);
});
