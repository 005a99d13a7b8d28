// overload.test.mjs - the server keeps answering under abuse: thousands of idle connections
// and slow-loris clients do not starve others; one address cannot take more than its share of
// connections; a body over the limit is refused without being read whole. The attackers
// connect from other loopback addresses (127.0.0.2 and up: all of 127/8 is this machine) so
// that the per-address limit tells them from the well-behaved client on 127.0.0.1.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { client, ok, assertAlive, until } from './helpers.mjs';

const PER_ADDRESS = 512; // HTTP_MAX_PER_ADDRESS in src/http/server.c
const THREADS = 64; // HTTP_THREADS in src/http/server.c: each thread that accepts may overshoot the per-address count by one

const server = await startServer();
after(() => server.stop());
const api = client(server.base);
const port = Number(new URL(server.base).port);

// How many descriptors this process may open: the idle crowd is sized to fit.
const fdLimit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || 1024;
const IDLE = Math.max(100, Math.min(2000, fdLimit - 400));

const sockets = [];
after(() => { for (const s of sockets) s.destroy(); });

// A socket from localAddress; resolves once connected. Records whether the server closed it.
function open(localAddress) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress });
    s.closedByServer = false;
    s.on('end', () => { s.closedByServer = true; });
    s.on('close', () => { s.closedByServer = true; });
    s.on('error', () => {});
    s.once('connect', () => resolve(s));
    s.once('error', reject);
    sockets.push(s);
  });
}


const metric = async (name) => {
  const t = (await api.get('/metrics')).text;
  const m = t.match(new RegExp(`^${name} (\\d+)$`, 'm'));
  assert.ok(m, `${name} in /metrics`);
  return Number(m[1]);
};

// The well-behaved client: reads, a write, the UI, each answered correctly.
async function wellBehaved() {
  for (let i = 0; i < 10; i++) {
    await assertAlive(api, server);
    assert.ok(Array.isArray(ok(await api.get('/api/v1/organizations')).items));
  }
  ok(await api.post('/api/v1/organizations', { json: { kind: 'other', name_ko: `부하 시험 ${Date.now()}` } }), 201);
  assert.equal((await api.get('/')).status, 200);
}

// A raw exchange: writes head then up to `send` bytes of body (as fast as the socket takes
// them), stops when the server closes; returns what came back and how much was written.
function rawUpload(head, body, send) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    sockets.push(s);
    let answer = '';
    let written = 0;
    let done = false;
    const finish = () => { if (!done) { done = true; resolve({ answer, written }); } };
    s.on('data', (d) => { answer += d; });
    s.on('error', () => {}); // a reset after the answer, or instead of one
    s.on('close', finish);
    s.once('connect', () => {
      // the head goes with the first piece, in one write
      const first = send > 0 ? body(0) : Buffer.alloc(0);
      written = first.length;
      s.write(Buffer.concat([Buffer.from(head), first]));
      const pump = () => {
        while (!done && written < send) {
          const piece = body(written);
          written += piece.length;
          if (!s.write(piece)) { s.once('drain', pump); return; }
        }
      };
      pump();
    });
  });
}

describe('idle connections and slow-loris clients', () => {
  it(`with ${IDLE} idle connections and 5 slow-loris clients open, others are still answered`, async () => {
    const before = await metric('roadshow_http_connections_open');
    const idle = [];
    for (let i = 0; i < IDLE; i++) idle.push(open(`127.0.0.${2 + (i % 8)}`));
    const crowd = await Promise.all(idle);
    // slow loris: a request head that never ends, a byte at a time
    const loris = await Promise.all([10, 11, 12, 13, 14].map((n) => open(`127.0.0.${n}`)));
    for (const s of loris) s.write('GET /api/v1/organizations HTTP/1.1\r\nHost: x\r\n');
    let n = 0;
    const drip = setInterval(() => { for (const s of loris) s.write('X-Slow: loris\r\n'[n % 15]); n++; }, 50);
    try {
      await until(async () => (await metric('roadshow_http_connections_open')) >= before + IDLE + 5,
        'the server to hold every connection');
      await wellBehaved();
      assert.equal(crowd.filter((s) => s.closedByServer).length, 0, 'idle connections were closed');
      assert.equal(loris.filter((s) => s.closedByServer).length, 0, 'slow clients were closed');
    } finally {
      clearInterval(drip);
      for (const s of [...crowd, ...loris]) s.destroy();
    }
    // (the test client's keep-alive pool may have grown meanwhile)
    await until(async () => (await metric('roadshow_http_connections_open')) <= before + 16, 'the connections to be gone');
  });

  it(`one address gets at most ${PER_ADDRESS} connections; the rest are closed at once, and others are still answered`, async () => {
    const refusedBefore = await metric('roadshow_http_connections_refused_total');
    const tries = PER_ADDRESS + 100;
    const mine = [];
    for (let i = 0; i < tries; i++) mine.push(open('127.0.0.20'));
    const all = await Promise.all(mine);
    await until(async () => (await metric('roadshow_http_connections_refused_total')) - refusedBefore >= 100 - THREADS,
      'the server to refuse the connections over the limit', 60000); // (a slow machine, ASan: a wait, not a measure)
    const refused = (await metric('roadshow_http_connections_refused_total')) - refusedBefore;
    await until(() => all.filter((s) => s.closedByServer).length === refused, 'the refused sockets to see their close');
    assert.ok(tries - refused <= PER_ADDRESS + THREADS, `${tries - refused} connections kept from one address`);
    await wellBehaved();
    for (const s of all) s.destroy();
  });
});

describe('bodies over the limit', () => {
  const JSON_POST = (extra) => 'POST /api/v1/organizations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
    + `X-Request-Id: overload-413\r\n${extra}\r\n`;

  it('a 50 MB Content-Length is answered 413 after a small part of it, and the connection is closed', async () => {
    // the head and the first KiB of the 50 MB in one write, then the client waits (one that
    // went on writing into a connection the server has closed could see a reset instead)
    const { answer, written } = await rawUpload(JSON_POST('Content-Length: 52428800\r\n'), () => Buffer.alloc(1024, 'x'), 1024);
    assert.equal(written, 1024);
    assert.match(answer, /^HTTP\/1\.1 413 /, answer.slice(0, 200));
    assert.match(answer, /\r\nConnection: close\r\n/i);
    assert.match(answer, /\r\nX-Request-Id: overload-413\r\n/i);
    assert.match(answer, /"code":"body_too_large"/);
    await assertAlive(api, server);
  });

  it('so is one that asks for 100 Continue, before a byte of it is sent', async () => {
    const { answer, written } = await rawUpload(JSON_POST('Content-Length: 2000000\r\nExpect: 100-continue\r\n'), () => Buffer.alloc(0), 0);
    assert.equal(written, 0);
    assert.match(answer, /^HTTP\/1\.1 413 /, answer.slice(0, 200));
    assert.doesNotMatch(answer, /100 Continue/);
  });

  it('a chunked body that keeps growing is cut off, long before it ends', async () => {
    const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(65536, 'x'), Buffer.from('\r\n')]);
    const limit = 64 * 1024 * 1024;
    const { answer, written } = await rawUpload(JSON_POST('Transfer-Encoding: chunked\r\n'), () => chunk, limit);
    assert.ok(written < limit, 'the server read all 64 MiB');
    assert.ok(answer === '' || /^HTTP\/1\.1 413 /.test(answer), answer.slice(0, 200));
    await assertAlive(api, server);
    assert.ok((await metric('roadshow_http_requests_aborted_total')) >= 1);
  });

  it('the server is still up and answering afterwards', async () => {
    await wellBehaved();
    assert.equal((await api.get('/readyz')).status, 200);
  });
});
