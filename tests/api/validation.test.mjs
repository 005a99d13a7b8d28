// validation.test.mjs - bad input. Every bad request must get a 4xx problem+json with the
// right code (and the field it is about), must leave the database exactly as it was
// (compared as a full dump after each request) and must leave the server up.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { ok, assertProblem, dump, assertAlive, withServer } from './helpers.mjs';

const { server, api, meta, fx, names } = await withServer();

const bases = {}; // a valid POST body per resource (its parents exist)
const existing = {}; // a stored row per resource, for PATCH, PUT and DELETE
before(async () => {
  for (const e of meta.entities) {
    existing[e.name] = await fx.create(e.name, { full: true });
    bases[e.name] = await fx.body(e.name, { full: true });
  }
});

const url = (e, id) => (id === undefined ? `/api/v1/${e}` : `/api/v1/${e}/${id}`);
const J = { 'Content-Type': 'application/json' };

async function currentVersion(e, id) {
  return ok(await api.get(url(e, id)), 200, `GET ${e}/${id}`).version;
}

// Sends every case and checks its problem. After each case the table it wrote to (c.table;
// every table when a case names none) is compared with the dump taken before the first
// case, and after the last case every table is: a change anywhere cannot hide, and the
// per-case check names the request that made it.
async function rejects(cases) {
  const before = await dump(api, names);
  for (const c of cases) {
    const r = await c.send();
    if (c.check) c.check(r);
    else assertProblem(r, c.status, c.code, c.fields || [], c.what);
    const tables = c.table ? [c.table] : names;
    const after = await dump(api, tables);
    for (const n of tables) assert.equal(after[n], before[n], `${c.what}: table ${n} changed`);
  }
  const after = await dump(api, names);
  for (const n of names) assert.equal(after[n], before[n], `table ${n} changed`);
  await assertAlive(api, server);
}

const post = (e, body, what, status, code, fields, headers) => ({
  what: what || `POST ${e} ${JSON.stringify(body).slice(0, 120)}`,
  send: () => api.post(url(e), { json: body, headers }),
  status, code, fields, table: e,
});
const patch = (e, id, body, version, what, status, code, fields) => ({
  what: what || `PATCH ${e}/${id} ${JSON.stringify(body).slice(0, 120)}`,
  send: () => api.patch(url(e, id), { json: body, headers: { 'If-Match': `"${version}"` } }),
  status, code, fields, table: e,
});
const put = (e, id, body, version, what, status, code, fields) => ({
  what: what || `PUT ${e}/${id} ${JSON.stringify(body).slice(0, 120)}`,
  send: () => api.put(url(e, id), { json: body, headers: { 'If-Match': `"${version}"` } }),
  status, code, fields, table: e,
});
const V = (f, value, code) => ({ value, code });

// Wrong values per field type, with the code each must produce.
function badValues(f) {
  switch (f.type) {
    case 'text': return [V(f, 42, 'invalid_type'), V(f, true, 'invalid_type'),
      V(f, ['a'], 'invalid_type'), V(f, { a: 1 }, 'invalid_type'), V(f, 1.5, 'invalid_type')];
    case 'enum': return [V(f, 42, 'invalid_type'), V(f, 'no_such_choice', 'invalid_choice'),
      V(f, '', 'invalid_choice'), V(f, f.values[0].toUpperCase(), 'invalid_choice'),
      V(f, ` ${f.values[0]}`, 'invalid_choice'), V(f, [f.values[0]], 'invalid_type')];
    case 'ref': return [V(f, '1', 'invalid_type'), V(f, 1.5, 'invalid_type'),
      V(f, true, 'invalid_type'), V(f, [1], 'invalid_type'), V(f, { id: 1 }, 'invalid_type'),
      V(f, 0, 'unknown_reference'), V(f, -1, 'unknown_reference'),
      V(f, 999999999, 'unknown_reference')];
    case 'date': return [V(f, 20240109, 'invalid_type'), V(f, '2024-02-30', 'invalid_date'),
      V(f, '2023-02-29', 'invalid_date'), V(f, '2024-13-01', 'invalid_date'),
      V(f, '2024-00-10', 'invalid_date'), V(f, '2024-04-31', 'invalid_date'),
      V(f, '2024-1-9', 'invalid_date'), V(f, '2024-01-09T00:00:00Z', 'invalid_date'),
      V(f, '09/01/2024', 'invalid_date'), V(f, '', 'invalid_date'),
      V(f, '２０２４-01-09', 'invalid_date')];
    case 'instant': return [V(f, 1704787200, 'invalid_type'),
      V(f, '2024-01-09T10:00:00', 'invalid_instant'), V(f, '2024-01-09T10:00', 'invalid_instant'),
      V(f, '2024-01-09', 'invalid_instant'), V(f, '2024-02-30T10:00:00Z', 'invalid_instant'),
      V(f, '2024-01-09T24:30:00Z', 'invalid_instant'), V(f, '2024-01-09T10:61:00Z', 'invalid_instant'),
      V(f, '2024-01-09T10:00:00+9', 'invalid_instant'),
      V(f, '2024-01-09T10:00:00 PST', 'invalid_instant'), V(f, '', 'invalid_instant')];
    case 'timezone': return [V(f, 9, 'invalid_type'), V(f, 'Mars/Olympus', 'invalid_timezone'),
      V(f, 'Asia/Nowhere', 'invalid_timezone'), V(f, '../../etc/passwd', 'invalid_timezone'),
      V(f, '', 'invalid_timezone'), V(f, '+09:00', 'invalid_timezone'),
      V(f, 'Asia/Seoul ', 'invalid_timezone')];
    case 'bool': return [V(f, 'true', 'invalid_type'), V(f, 1, 'invalid_type'),
      V(f, 0, 'invalid_type'), V(f, 'yes', 'invalid_type'), V(f, [], 'invalid_type')];
    case 'int': return [V(f, '1', 'invalid_type'), V(f, 1.5, 'invalid_type'),
      V(f, -1, 'out_of_range'), V(f, (f.max ?? 0) + 1, 'out_of_range')];
    case 'country': return [V(f, 82, 'invalid_type'), V(f, 'kr', 'invalid_country'),
      V(f, 'KOR', 'invalid_country'), V(f, 'K1', 'invalid_country'), V(f, 'K', 'invalid_country'),
      V(f, '', 'invalid_country'), V(f, '한국', 'invalid_country')];
    case 'money': return [V(f, '100', 'invalid_type'), V(f, 1.5, 'invalid_type'),
      V(f, true, 'invalid_type'), V(f, -1, 'out_of_range'), V(f, 1e15, 'out_of_range')];
    case 'currency': return [V(f, 410, 'invalid_type'), V(f, 'krw', 'invalid_currency'),
      V(f, 'KR', 'invalid_currency'), V(f, 'KRWW', 'invalid_currency'), V(f, 'XYZ', 'invalid_currency'),
      V(f, '', 'invalid_currency'), V(f, '원', 'invalid_currency')];
    case 'decimal': return [V(f, 1305.12, 'invalid_type'), V(f, true, 'invalid_type'),
      V(f, '', 'invalid_decimal'), V(f, '-1', 'invalid_decimal'), V(f, '1,305.12', 'invalid_decimal'),
      V(f, '1.2345678', 'invalid_decimal'), V(f, '1e3', 'invalid_decimal'), V(f, '.5', 'invalid_decimal'),
      V(f, '5.', 'invalid_decimal'), V(f, '1234567890123', 'invalid_decimal'), V(f, ' 1', 'invalid_decimal')];
    case 'email': return [V(f, 5, 'invalid_type'), V(f, 'nobody', 'invalid_email'),
      V(f, 'a@b', 'invalid_email'), V(f, 'a b@example.com', 'invalid_email'),
      V(f, '@example.com', 'invalid_email'), V(f, 'a@@example.com', 'invalid_email'),
      V(f, 'a@example.', 'invalid_email'), V(f, '<a@example.com>', 'invalid_email')];
    case 'strlist': return [V(f, 'AI', 'invalid_type'), V(f, [1], 'invalid_type'),
      V(f, [null], 'invalid_type'), V(f, { a: 'b' }, 'invalid_type'),
      V(f, Array(f.max + 1).fill('x'), 'too_many'), V(f, ['가'.repeat(201)], 'too_long'),
      V(f, ['a\u0001'], 'invalid_character'), V(f, ['a\nb'], 'invalid_character')];
    default: throw new Error(`no bad values for type ${f.type}`);
  }
}

describe('bodies that are not what the API reads', () => {
  const malformed = [
    ['{', 'unterminated object'],
    ['{"kind":', 'missing value'],
    ["{'kind':'other'}", 'single quotes'],
    ['{} x', 'trailing garbage'],
    ['{"a":1,}', 'trailing comma'],
    ['{"name_ko":"a","name_ko":"b"}', 'duplicate key'],
    ['', 'empty body'],
    [Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'invalid UTF-8'],
    ['{"name_ko":"\\ud800"}', 'lone surrogate escape'],
    ['{"name_ko":"a\\q"}', 'bad escape'],
    ['{"name_ko":"a\tb"}', 'raw control character in a string'],
    ['[' .repeat(100000), '100000 nested arrays'],
    ['{"a":'.repeat(50000), '50000 nested objects'],
  ];

  for (const e of meta.entities) {
    it(`malformed JSON to POST ${e.name} is 400 malformed_json`, async () => {
      await rejects(malformed.map(([raw, what]) => ({
        table: e.name, what: `POST ${e.name} (${what})`,
        send: () => api.post(url(e.name), { raw, headers: J }),
        status: 400, code: 'malformed_json',
      })));
    });
  }

  it('malformed JSON to PATCH and PUT is 400 malformed_json', async () => {
    const cases = [];
    for (const e of meta.entities) {
      const id = existing[e.name].id;
      for (const m of ['PATCH', 'PUT']) {
        for (const [raw, what] of malformed.slice(0, 8)) {
          cases.push({
            table: e.name, what: `${m} ${e.name}/${id} (${what})`,
            send: () => api.request(m, url(e.name, id), { raw, headers: { ...J, 'If-Match': '"1"' } }),
            status: 400, code: 'malformed_json',
          });
        }
      }
    }
    await rejects(cases);
  });

  it('a JSON body that is not an object is 400 (array: invalid_body)', async () => {
    const cases = [];
    for (const e of meta.entities) {
      const id = existing[e.name].id;
      for (const m of ['POST', 'PATCH', 'PUT']) {
        const path = m === 'POST' ? url(e.name) : url(e.name, id);
        for (const raw of ['[]', `[${JSON.stringify(bases[e.name])}]`]) {
          cases.push({
            table: 'organizations', what: `${m} ${path} ${raw.slice(0, 40)}`,
            send: () => api.request(m, path, { raw, headers: { ...J, 'If-Match': '"1"' } }),
            status: 400, code: 'invalid_body',
          });
        }
        for (const raw of ['"text"', '42', 'null', 'true', '1.5']) {
          cases.push({
            table: 'organizations', what: `${m} ${path} ${raw}`,
            send: () => api.request(m, path, { raw, headers: { ...J, 'If-Match': '"1"' } }),
            check: (r) => {
              const p = assertProblem(r, 400, undefined, [], `${m} ${path} ${raw}`);
              assert.ok(['invalid_body', 'malformed_json'].includes(p.code), p.code);
            },
          });
        }
      }
    }
    await rejects(cases);
  });

  it('a body that is not sent as JSON is 415 unsupported_media_type', async () => {
    const types = [undefined, 'text/plain', 'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x', 'application/jsonx', 'application/xml', 'json'];
    const cases = [];
    for (const e of meta.entities) {
      const id = existing[e.name].id;
      const raw = JSON.stringify(bases[e.name]);
      for (const m of ['POST', 'PATCH', 'PUT']) {
        const path = m === 'POST' ? url(e.name) : url(e.name, id);
        for (const t of types) {
          const headers = { 'If-Match': '"1"' };
          if (t) headers['Content-Type'] = t;
          cases.push({
            table: 'organizations', what: `${m} ${path} as ${t ?? '(no Content-Type)'}`,
            send: () => api.request(m, path, { raw, headers }),
            status: 415, code: 'unsupported_media_type',
          });
        }
      }
    }
    await rejects(cases);
  });

  it('a body over 1 MiB is 413 body_too_large (Content-Length and chunked)', async () => {
    const big = JSON.stringify({ kind: 'other', name_ko: 'a'.repeat(1024 * 1024) });
    const id = existing.organizations.id;
    const chunks = [Buffer.from('{"x":"'), ...Array(40).fill(Buffer.alloc(65536, 'x'))];
    await rejects([
      { table: 'organizations', what: 'POST 1 MiB + JSON', send: () => api.post(url('organizations'), { raw: big, headers: J }),
        status: 413, code: 'body_too_large' },
      { table: 'organizations', what: 'PATCH 1 MiB + JSON',
        send: () => api.patch(url('organizations', id), { raw: big, headers: { ...J, 'If-Match': '"1"' } }),
        status: 413, code: 'body_too_large' },
      { table: 'organizations', what: 'PUT 1 MiB + JSON',
        send: () => api.put(url('organizations', id), { raw: big, headers: { ...J, 'If-Match': '"1"' } }),
        status: 413, code: 'body_too_large' },
      { table: 'organizations', what: 'POST 2.5 MiB chunked',
        send: () => api.post(url('organizations'), { chunks, headers: J }),
        status: 413, code: 'body_too_large' },
      { table: 'organizations', what: 'POST 1 MiB + 1 byte of whitespace',
        send: () => api.post(url('organizations'), {
          raw: JSON.stringify({ kind: 'other', name_ko: 'x' }) + ' '.repeat(1024 * 1024), headers: J }),
        status: 413, code: 'body_too_large' },
    ]);
  });

  it('a body of exactly 1 MiB is read (and its 1 MiB string is too long: 422)', async () => {
    const head = '{"kind":"other","name_ko":"';
    const body = head + 'a'.repeat(1024 * 1024 - head.length - 2) + '"}';
    assert.equal(Buffer.byteLength(body), 1024 * 1024);
    await rejects([{
      table: 'organizations', what: 'POST exactly 1 MiB', send: () => api.post(url('organizations'), { raw: body, headers: J }),
      status: 422, code: 'validation_failed', fields: [['name_ko', 'too_long']],
    }]);
  });
});

describe('fields', () => {
  for (const e of meta.entities) {
    const required = e.fields.filter((f) => f.required);

    it(`POST ${e.name} {} names every required field (${required.map((f) => f.name).join(', ')})`,
      async () => {
        await rejects([post(e.name, {}, undefined, 422, 'validation_failed',
          required.map((f) => [f.name, 'required']))]);
      });

    it(`${e.name}: a required field left out or null is 422 required (POST, PUT, PATCH)`,
      async () => {
        const id = existing[e.name].id;
        const v = await currentVersion(e.name, id);
        const cases = [];
        for (const f of required) {
          const without = { ...bases[e.name] };
          delete without[f.name];
          cases.push(post(e.name, without, `POST ${e.name} without ${f.name}`, 422,
            'validation_failed', [[f.name, 'required']]));
          cases.push(post(e.name, { ...bases[e.name], [f.name]: null }, `POST ${e.name} ${f.name}: null`,
            422, 'validation_failed', [[f.name, 'required']]));
          cases.push(put(e.name, id, without, v, `PUT ${e.name} without ${f.name}`, 422,
            'validation_failed', [[f.name, 'required']]));
          cases.push(patch(e.name, id, { [f.name]: null }, v, `PATCH ${e.name} ${f.name}: null`, 422,
            'validation_failed', [[f.name, 'required']]));
        }
        await rejects(cases);
      });

    it(`${e.name}: unknown fields are 422 unknown_field (POST, PATCH, PUT)`, async () => {
      const id = existing[e.name].id;
      const v = await currentVersion(e.name, id);
      const cases = [];
      for (const k of ['nonsense', 'Name_KO', 'owner_id', 'drop table']) {
        cases.push(post(e.name, { ...bases[e.name], [k]: 1 }, undefined, 422, 'validation_failed',
          [[k, 'unknown_field']]));
        cases.push(patch(e.name, id, { [k]: 'x' }, v, undefined, 422, 'validation_failed',
          [[k, 'unknown_field']]));
        cases.push(put(e.name, id, { ...bases[e.name], [k]: null }, v, undefined, 422,
          'validation_failed', [[k, 'unknown_field']]));
      }
      await rejects(cases);
    });

    it(`${e.name}: every field refuses values of the wrong type or form (POST, PATCH): ${
      e.fields.map((f) => `${f.name}:${f.type}`).join(' ')}`, async () => {
      const id = existing[e.name].id;
      const v = await currentVersion(e.name, id);
      const cases = [];
      for (const f of e.fields) {
        for (const bad of badValues(f)) {
          cases.push(post(e.name, { ...bases[e.name], [f.name]: bad.value }, undefined, 422,
            'validation_failed', [[f.name, bad.code]]));
          cases.push(patch(e.name, id, { [f.name]: bad.value }, v, undefined, 422,
            'validation_failed', [[f.name, bad.code]]));
        }
      }
      await rejects(cases);
    });
  }
});

const textFields = meta.entities.flatMap((e) => e.fields.filter((f) => f.type === 'text')
  .map((f) => [e, f]));

describe('text: length in code points, control characters', () => {
  it('a string one code point over the limit is 422 too_long (Hangul, emoji, ASCII)', async () => {
    const cases = [];
    for (const [e, f] of textFields) {
      const id = existing[e.name].id;
      const v = await currentVersion(e.name, id);
      for (const [unit, label] of [['가', 'Hangul'], ['😀', 'emoji'], ['a', 'ASCII']]) {
        const value = unit.repeat(f.max + 1);
        cases.push(post(e.name, { ...bases[e.name], [f.name]: value },
          `POST ${e.name}.${f.name} ${f.max + 1} ${label}`, 422, 'validation_failed', [[f.name, 'too_long']]));
        cases.push(patch(e.name, id, { [f.name]: value }, v,
          `PATCH ${e.name}.${f.name} ${f.max + 1} ${label}`, 422, 'validation_failed', [[f.name, 'too_long']]));
      }
    }
    await rejects(cases);
  });

  it('a string of exactly the limit is stored whole, counted in code points not bytes',
    async () => {
      for (const [e, f] of textFields) {
        const id = existing[e.name].id;
        for (const unit of ['가', '😀']) {
          const value = unit.repeat(f.max);
          const v = await currentVersion(e.name, id);
          const r = await api.patch(url(e.name, id), { json: { [f.name]: value },
            headers: { 'If-Match': `"${v}"` } });
          const row = ok(r, 200, `PATCH ${e.name}.${f.name} = ${f.max} × ${unit}`);
          assert.equal(row[f.name], value);
          assert.equal(ok(await api.get(url(e.name, id)))[f.name], value);
        }
      }
    });

  it('control characters are 422 invalid_character; line breaks only in multi-line fields',
    async () => {
      const cases = [];
      for (const [e, f] of textFields) {
        const id = existing[e.name].id;
        const v = await currentVersion(e.name, id);
        const bad = ['a\u0001b', 'a\u001bb', 'a\u007fb', 'a\u0008b'];
        if (!f.multiline) bad.push('a\nb', 'a\rb', 'a\tb', 'a\r\nb');
        for (const value of bad) {
          cases.push(post(e.name, { ...bases[e.name], [f.name]: value }, undefined, 422,
            'validation_failed', [[f.name, 'invalid_character']]));
          cases.push(patch(e.name, id, { [f.name]: value }, v, undefined, 422,
            'validation_failed', [[f.name, 'invalid_character']]));
        }
      }
      await rejects(cases);
    });

  it('multi-line fields keep \\n, \\r\\n and \\t', async () => {
    for (const [e, f] of textFields.filter(([, g]) => g.multiline)) {
      const id = existing[e.name].id;
      const value = '첫 줄\n둘째 줄\r\n\t셋째 줄';
      const v = await currentVersion(e.name, id);
      const row = ok(await api.patch(url(e.name, id), { json: { [f.name]: value },
        headers: { 'If-Match': `"${v}"` } }), 200, `${e.name}.${f.name}`);
      assert.equal(row[f.name], value);
    }
  });

  it('C1 control characters (U+0085 NEL, U+009B CSI) are 422 invalid_character', async () => {
    const cases = [];
    for (const [e, f] of textFields) {
      for (const value of ['a\u0085b', 'a\u009b[2Jb']) {
        cases.push(post(e.name, { ...bases[e.name], [f.name]: value }, undefined, 422,
          'validation_failed', [[f.name, 'invalid_character']]));
      }
    }
    await rejects(cases);
  });

  it('a NUL character (\\u0000) is refused with a 4xx, never stored', async () => {
    const cases = [];
    for (const [e, f] of textFields.slice(0, 6)) {
      cases.push({
        table: e.name, what: `POST ${e.name}.${f.name} with \\u0000`,
        send: () => api.post(url(e.name), { raw: JSON.stringify({ ...bases[e.name], [f.name]: 'a\u0000b' }),
          headers: J }),
        check: (r) => {
          assert.ok(r.status === 400 || r.status === 422, `${r.status} ${r.text}`);
          const p = assertProblem(r, r.status, undefined, r.status === 422 ? [[f.name]] : []);
          if (r.status === 400) assert.equal(p.code, 'malformed_json');
        },
      });
    }
    await rejects(cases);
  });

  it('a required text field that is empty is 422 on POST and PATCH', async () => {
    const cases = [];
    for (const [e, f] of textFields.filter(([, g]) => g.required)) {
      const id = existing[e.name].id;
      const v = await currentVersion(e.name, id);
      cases.push(post(e.name, { ...bases[e.name], [f.name]: '' }, `POST ${e.name}.${f.name} = ""`,
        422, 'validation_failed', [[f.name]]));
      cases.push(patch(e.name, id, { [f.name]: '' }, v, `PATCH ${e.name}.${f.name} = ""`,
        422, 'validation_failed', [[f.name]]));
    }
    await rejects(cases);
  });
});

describe('values that are well formed but wrong', () => {
  const countries = meta.entities.flatMap((e) => e.fields.filter((f) => f.type === 'country')
    .map((f) => [e, f]));

  it('country codes that ISO 3166-1 does not assign (ZY, AB) are 422 invalid_country', async () => {
    const cases = [];
    for (const [e, f] of countries) {
      for (const value of ['ZY', 'AB']) {
        cases.push(post(e.name, { ...bases[e.name], [f.name]: value }, undefined, 422,
          'validation_failed', [[f.name, 'invalid_country']]));
      }
    }
    await rejects(cases);
  });

  it('assigned country codes (KR, US, JP, DE) are accepted', async () => {
    for (const [e, f] of countries) {
      for (const value of ['KR', 'US', 'JP', 'DE']) {
        const row = ok(await api.post(url(e.name), { json: await fx.body(e.name, { overrides: { [f.name]: value } }) }),
          201, `${e.name}.${f.name}=${value}`);
        assert.equal(row[f.name], value);
      }
    }
  });

  const withDefault = meta.entities.flatMap((e) => e.fields.filter((f) => f.default !== undefined)
    .map((f) => [e, f]));

  it(`null for a field with a default is stored as the default or refused with 422, never 500 (${
    withDefault.map(([e, f]) => `${e.name}.${f.name}`).join(', ')})`, async () => {
    const wrong = [];
    for (const [e, f] of withDefault) {
      const before = await dump(api, names);
      const r = await api.post(url(e.name), { json: { ...(await fx.body(e.name)), [f.name]: null } });
      if (r.status === 201) {
        if (r.json[f.name] === null) wrong.push(`POST ${e.name} ${f.name}: null stored as null`);
      } else if (r.status !== 422 || !r.json?.errors?.some((x) => x.field === f.name)) {
        wrong.push(`POST ${e.name} ${f.name}: null → ${r.status} ${r.json?.code}`);
      }
      const id = existing[e.name].id;
      const v = await currentVersion(e.name, id);
      const p = await api.patch(url(e.name, id), { json: { [f.name]: null },
        headers: { 'If-Match': `"${v}"` } });
      if (p.status === 200) {
        if (p.json[f.name] === null) wrong.push(`PATCH ${e.name} ${f.name}: null stored as null`);
      } else if (p.status !== 422 || !p.json?.errors?.some((x) => x.field === f.name)) {
        wrong.push(`PATCH ${e.name} ${f.name}: null → ${p.status} ${p.json?.code}`);
      }
      if (r.status !== 201 && p.status !== 200) {
        const after = await dump(api, names);
        for (const n of names) assert.equal(after[n], before[n], `${e.name}.${f.name}: table ${n} changed`);
      }
      await assertAlive(api, server);
    }
    assert.deepEqual(wrong, []);
  });

  // Start/end pairs of src/core/entities.c (before/after). An itinerary item that ends before
  // it starts is kept and reported as a finding instead (itinerary.test.mjs).
  const ORDER = [
    ['events', 'start_date', 'end_date', '2024-01-12', '2024-01-09'],
    ['delegations', 'depart_date', 'return_date', '2024-01-14', '2024-01-08'],
  ];
  for (const [e, start, end, a, b] of ORDER) {
    it(`${e}: ${end} before ${start} is 422 invalid_order (POST, PATCH, PUT)`, async () => {
      const id = existing[e].id;
      const v = await currentVersion(e, id);
      const row = ok(await api.get(url(e, id)));
      const putBody = {};
      for (const f of fx.entity(e).fields) if (row[f.name] !== null) putBody[f.name] = row[f.name];
      await rejects([
        post(e, { ...bases[e], [start]: a, [end]: b }, undefined, 422, 'validation_failed',
          [[end, 'invalid_order']]),
        patch(e, id, { [start]: a, [end]: b }, v, undefined, 422, 'validation_failed',
          [[end, 'invalid_order']]),
        patch(e, id, { [end]: '2000-01-01' + (end.endsWith('_at') ? 'T00:00:00Z' : '') }, v,
          undefined, 422, 'validation_failed', [[end, 'invalid_order']]),
        put(e, id, { ...putBody, [start]: a, [end]: b }, v, undefined, 422, 'validation_failed',
          [[end, 'invalid_order']]),
      ]);
    });
    it(`${e}: ${end} equal to ${start} is accepted`, async () => {
      const row = ok(await api.post(url(e), { json: await fx.body(e, { overrides: { [start]: a, [end]: a } }) }), 201);
      assert.equal(row[end], row[start]);
    });
  }
});

describe('versions and preconditions', () => {
  it('PATCH and PUT without a version are 428 precondition_required', async () => {
    const cases = [];
    for (const e of meta.entities) {
      const id = existing[e.name].id;
      for (const m of ['PATCH', 'PUT']) {
        cases.push({
          table: e.name, what: `${m} ${e.name}/${id} without If-Match or version`,
          send: () => api.request(m, url(e.name, id), { json: m === 'PUT' ? bases[e.name] : {} }),
          status: 428, code: 'precondition_required',
        });
      }
    }
    await rejects(cases);
  });

  it('a body "version" that is not a positive integer is 422 on field version', async () => {
    const cases = [];
    for (const e of meta.entities) {
      const id = existing[e.name].id;
      for (const version of ['1', 0, -1, 1.5, null, true, [1]]) {
        cases.push({
          table: e.name, what: `PATCH ${e.name}/${id} version ${JSON.stringify(version)}`,
          send: () => api.patch(url(e.name, id), { json: { version } }),
          status: 422, code: 'validation_failed', fields: [['version', 'invalid_type']],
        });
      }
    }
    await rejects(cases);
  });

  it('an unreadable If-Match is 400 invalid_header on PATCH, PUT and DELETE', async () => {
    const cases = [];
    for (const e of meta.entities) {
      const id = existing[e.name].id;
      for (const h of ['abc', '"0"', '"-1"', '"1.5"', '"1"x', '', 'W/']) {
        for (const m of ['PATCH', 'PUT', 'DELETE']) {
          cases.push({
            table: e.name, what: `${m} ${e.name}/${id} If-Match: ${h}`,
            send: () => api.request(m, url(e.name, id), m === 'DELETE'
              ? { headers: { 'If-Match': h } }
              : { json: m === 'PUT' ? bases[e.name] : {}, headers: { 'If-Match': h } }),
            status: 400, code: 'invalid_header', fields: [['If-Match', 'invalid_version']],
          });
        }
      }
    }
    await rejects(cases);
  });

  it('a stale version is 412 version_mismatch (If-Match or body, PATCH, PUT, DELETE)',
    async () => {
      const cases = [];
      for (const e of meta.entities) {
        const id = existing[e.name].id;
        const v = await currentVersion(e.name, id);
        for (const stale of [v + 1, v + 100]) {
          cases.push(patch(e.name, id, { notes: 'stale' }, stale, undefined, 412, 'version_mismatch'));
          cases.push(put(e.name, id, bases[e.name], stale, undefined, 412, 'version_mismatch'));
          cases.push({
            table: e.name, what: `PATCH ${e.name}/${id} body version ${stale}`,
            send: () => api.patch(url(e.name, id), { json: { version: stale, notes: 'stale' } }),
            status: 412, code: 'version_mismatch',
          });
          cases.push({
            table: e.name, what: `DELETE ${e.name}/${id} If-Match ${stale}`,
            send: () => api.del(url(e.name, id), { headers: { 'If-Match': `"${stale}"` } }),
            status: 412, code: 'version_mismatch',
          });
        }
      }
      await rejects(cases);
    });

  it('an invalid Idempotency-Key is 400 invalid_header', async () => {
    const cases = [];
    for (const key of ['k'.repeat(201), 'has space', 'tab\there', '']) {
      cases.push(post('organizations', bases.organizations, `POST Idempotency-Key ${JSON.stringify(key).slice(0, 30)}`,
        400, 'invalid_header', [['Idempotency-Key', 'invalid_idempotency_key']], { 'Idempotency-Key': key }));
    }
    await rejects(cases);
  });
});

describe('ids and resources that do not exist', () => {
  const badIds = ['0', '-1', 'abc', '1.5', '1e3', '0x10', '01', '99999999999999999999',
    '999999999999', '%20', '1%20', '%2B1'];
  for (const e of meta.entities) {
    it(`${e.name}: GET, PATCH, PUT and DELETE of ids ${badIds.join(' ')} are 404`, async () => {
      const cases = [];
      for (const id of badIds) {
        cases.push({ table: e.name, what: `GET ${e.name}/${id}`, send: () => api.get(url(e.name, id)),
          status: 404, code: 'not_found' });
        cases.push({ table: e.name, what: `PATCH ${e.name}/${id}`, send: () => api.patch(url(e.name, id),
          { json: { notes: 'x' }, headers: { 'If-Match': '"1"' } }), status: 404, code: 'not_found' });
        cases.push({ table: e.name, what: `PUT ${e.name}/${id}`, send: () => api.put(url(e.name, id),
          { json: bases[e.name], headers: { 'If-Match': '"1"' } }), status: 404, code: 'not_found' });
        cases.push({ table: e.name, what: `DELETE ${e.name}/${id}`, send: () => api.del(url(e.name, id)),
          status: 404, code: 'not_found' });
      }
      await rejects(cases);
    });
  }
});

describe('paths with an encoded NUL', () => {
  it('GET, PATCH and DELETE of /{resource}/1%00 are 404, not row 1', async () => {
    const id = existing.organizations.id;
    const v = await currentVersion('organizations', id);
    await rejects([
      { table: 'organizations', what: `GET organizations/${id}%00`,
        send: () => api.get(`/api/v1/organizations/${id}%00`), status: 404, code: 'not_found' },
      { table: 'organizations', what: `PATCH organizations/${id}%00`,
        send: () => api.patch(`/api/v1/organizations/${id}%00`, { json: { city: 'NUL' },
          headers: { 'If-Match': `"${v}"` } }), status: 404, code: 'not_found' },
      { table: 'organizations', what: `GET organizations%00.csv`,
        send: () => api.get('/api/v1/organizations%00.csv'), status: 404 },
    ]);
  });
});

describe('list parameters', () => {
  const L = '/api/v1/organizations';
  const b64 = (s) => Buffer.from(s).toString('base64url');
  it('limit outside 1..500 or not a number is 400 out_of_range', async () => {
    await rejects(['0', '501', '-1', 'abc', '', '1.5', '10abc', '99999999999999999999']
      .map((v) => ({ table: 'organizations', what: `limit=${v}`, send: () => api.get(`${L}?limit=${encodeURIComponent(v)}`),
        status: 400, code: 'invalid_parameter', fields: [['limit', 'out_of_range']] })));
  });

  it('limit 1 and 500 are accepted', async () => {
    assert.equal(ok(await api.get(`${L}?limit=1`)).items.length, 1);
    assert.ok(ok(await api.get(`${L}?limit=500`)).items.length >= 1);
  });

  it('a cursor the list did not give out is 400 invalid_cursor', async () => {
    await rejects(['abc', '!!!', 'x'.repeat(2000), b64('{"a":1}'), b64('[0,"x",1]'),
      b64('[1,"x"]'), b64('"hello"'), b64('[-1,null,"x"]'), '%00']
      .map((v) => ({ table: 'organizations', what: `cursor=${v.slice(0, 30)}`, send: () => api.get(`${L}?cursor=${encodeURIComponent(v)}`),
        status: 400, code: 'invalid_parameter', fields: [['cursor', 'invalid_cursor']] })));
  });

  it('a parameter that is not a filter of the list is 400 unknown_parameter', async () => {
    await rejects(['bogus=1', 'notes=x', 'website=x', 'id=1', 'version=1', 'created_at=x',
      'Kind=company', 'kind[]=company', 'order=asc'].map((q) => ({
      table: 'organizations', what: q, send: () => api.get(`${L}?${q}`),
      status: 400, code: 'invalid_parameter', fields: [[q.split('=')[0], 'unknown_parameter']],
    })));
  });

  it('sort by an unknown or unsortable field is 400 invalid_choice', async () => {
    await rejects(['bogus', 'notes', '-', '--name_ko', '', '+name_ko', 'name_ko,city', 'kind']
      .map((v) => ({ table: 'organizations', what: `sort=${v}`, send: () => api.get(`${L}?sort=${encodeURIComponent(v)}`),
        status: 400, code: 'invalid_parameter', fields: [['sort', 'invalid_choice']] })));
  });

  it('a reference filter that is not a number is 400 invalid_type', async () => {
    await rejects(['abc', '1.5', '', '1x'].map((v) => ({
      table: 'people', what: `people?organization_id=${v}`,
      send: () => api.get(`/api/v1/people?organization_id=${encodeURIComponent(v)}`),
      status: 400, code: 'invalid_parameter', fields: [['organization_id', 'invalid_type']],
    })));
  });

  it('q over 200 characters is 400 too_long', async () => {
    await rejects([{ table: 'organizations', what: 'q=201 Hangul', send: () => api.get(`${L}?q=${encodeURIComponent('가'.repeat(201))}`),
      status: 400, code: 'invalid_parameter', fields: [['q', 'too_long']] }]);
    ok(await api.get(`${L}?q=${encodeURIComponent('가'.repeat(200))}`));
  });

  it('q or a filter with a control character is 400 invalid_character (not too_long)', async () => {
    await rejects([
      { table: 'organizations', what: 'q=a%01b', send: () => api.get(`${L}?q=a%01b`), status: 400, code: 'invalid_parameter',
        fields: [['q', 'invalid_character']] },
      { table: 'organizations', what: 'city=a%1Bb', send: () => api.get(`${L}?city=a%1Bb`), status: 400, code: 'invalid_parameter',
        fields: [['city', 'invalid_character']] },
    ]);
  });

  it('more than 256 query parameters are refused, not silently cut (the 257th is a bad filter)',
    async () => {
      const qs = `${'limit=5&'.repeat(256)}bogus=1`;
      await rejects([{ table: 'organizations', what: '256 × limit=5 then bogus=1', send: () => api.get(`${L}?${qs}`),
        check: (r) => assertProblem(r, 400, 'invalid_parameter', [], '257 parameters') }]);
    });
});
