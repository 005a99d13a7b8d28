#!/usr/bin/env node
// first-fit.mjs - the baseline of issue 5: each meeting, in the order of the file (pinned ones
// first), goes into the first slot (in id order) that both sides have free, under every hard
// constraint of the instance format (tables, the pool, walks, caps, interpreters: the first
// free one that serves). What hosted tools document as their "quick schedule". No improvement.
//
//   node bench/schedule/first-fit.mjs INSTANCE.json [-o OUT.json]
//
// The output has the format of `roadshow schedule` (assignments, unscheduled with a reason,
// objective) so that the same checker validates it.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function firstFit(inst) {
	const slots = [...inst.slots].sort((x, y) => x.id - y.id);
	const T = slots.length;
	const idx = new Map(slots.map((s, i) => [s.id, i]));
	const session = slots.map((s) => s.session);
	const walk = new Map();
	for (const w of inst.walk ?? []) {
		walk.set(`${w.from}|${w.to}`, w.slots);
		walk.set(`${w.to}|${w.from}`, w.slots);
	}
	const walkOf = (v, w) => (v == null || w == null || v === w ? 0 : walk.get(`${v}|${w}`) ?? 0);
	const flags = (list) => {
		if (!Array.isArray(list)) return null;
		const f = new Uint8Array(T);
		for (const id of list) if (idx.has(id)) f[idx.get(id)] = 1;
		return f;
	};
	const P = new Map();
	for (const p of inst.participants)
		P.set(p.id, {
			id: p.id,
			tables: p.tables ?? 0,
			venue: p.venue ?? null,
			cap: typeof p.cap === 'number' ? p.cap : Infinity,
			langs: new Set(p.languages ?? []),
			avail: flags(p.available),
			count: new Uint16Array(T), // meetings per slot, hosted or visiting
			hosted: new Uint16Array(T), // booth tables in use per slot
			venueAt: new Array(T).fill(null), // the venue of its meeting per slot (one-table sides)
			n: 0,
		});
	const I = (inst.interpreters ?? []).map((i) => ({
		id: i.id,
		pairs: (i.languages ?? []).map((s) => [s.slice(0, s.indexOf('-')), s.slice(s.indexOf('-') + 1)]),
		avail: flags(i.available),
		busy: new Uint8Array(T),
	}));
	const pool = new Uint32Array(T);
	const poolTables = inst.pool_tables ?? 0;
	const ok = (f, t) => f === null || f[t] === 1;
	const perSlot = (p) => Math.max(1, p.tables);

	// the walking rule for p (at most one table) if it also met at slot t at venue v
	function walkOk(p, t, v) {
		if (p.tables > 1) return true;
		let lo = t, hi = t;
		while (lo > 0 && session[lo - 1] === session[t]) lo--;
		while (hi < T - 1 && session[hi + 1] === session[t]) hi++;
		const busy = (k) => k === t || p.count[k] > 0;
		const venueAt = (k) => (k === t ? v : p.venueAt[k]);
		// consecutive meetings suffice when walks obey the triangle inequality; every pair is
		// checked so that no instance can trip the baseline
		const mine = [];
		for (let k = lo; k <= hi; k++) if (busy(k)) mine.push(k);
		for (let x = 0; x < mine.length; x++)
			for (let y = x + 1; y < mine.length; y++) {
				const need = walkOf(venueAt(mine[x]), venueAt(mine[y]));
				if (!need) continue;
				let free = 0;
				for (let k = mine[x] + 1; k < mine[y]; k++) if (!busy(k)) free++;
				if (free < need) return false;
			}
		return true;
	}

	const order = inst.meetings.map((m, k) => k);
	order.sort((x, y) => (inst.meetings[x].pinned == null) - (inst.meetings[y].pinned == null) || x - y);
	const assignments = new Array(inst.meetings.length).fill(null);
	const reasons = new Array(inst.meetings.length).fill(null);
	for (const k of order) {
		const m = inst.meetings[k];
		const a = P.get(m.a), b = P.get(m.b);
		const allowed = flags(m.slots);
		const needs = ![...a.langs].some((l) => b.langs.has(l));
		const servers = needs ? I.filter((i) => i.pairs.some(([x, y]) => (a.langs.has(x) && b.langs.has(y)) || (a.langs.has(y) && b.langs.has(x)))) : [];
		const v = a.venue;
		let sawInterp = false, placed = false;
		const anyCommon = slots.some((_, t) => ok(allowed, t) && ok(a.avail, t) && ok(b.avail, t));
		const candidates = m.pinned != null ? (idx.has(m.pinned) ? [idx.get(m.pinned)] : []) : [...Array(T).keys()];
		const capped = a.n >= a.cap || b.n >= b.cap;
		for (const t of capped ? [] : candidates) {
			if (!ok(allowed, t) || !ok(a.avail, t) || !ok(b.avail, t)) continue;
			if (a.count[t] >= perSlot(a) || b.count[t] >= perSlot(b)) continue;
			if (a.tables >= 1 ? a.hosted[t] >= a.tables : pool[t] >= poolTables) continue;
			if (!walkOk(a, t, v) || !walkOk(b, t, v)) continue;
			let interp = null;
			if (needs) {
				interp = servers.find((i) => ok(i.avail, t) && !i.busy[t]) ?? null;
				if (!interp) {
					sawInterp = true;
					continue;
				}
				interp.busy[t] = 1;
			}
			const table = a.tables >= 1 ? a.hosted[t]++ : pool[t]++;
			for (const p of [a, b]) {
				p.count[t]++;
				p.venueAt[t] = v;
				p.n++;
			}
			assignments[k] = { meeting: m.id, slot: slots[t].id, table, interpreter: interp ? interp.id : null };
			placed = true;
			break;
		}
		// the reason: caps only grow, so 'cap' stays true to the end
		if (!placed)
			reasons[k] = m.pinned != null ? 'pin_conflict' : !anyCommon ? 'no_common_slot' : capped ? 'cap' : sawInterp ? 'no_interpreter' : 'capacity';
	}

	// the objective, computed here (the checker recomputes it independently)
	let weight = 0;
	for (const [k, m] of inst.meetings.entries()) if (assignments[k]) weight += m.weight ?? 1;
	let breaks = 0, maxBreaks = 0;
	for (const p of P.values()) {
		if (!p.n) continue;
		let b = 0;
		for (let i = 0; i < T;) {
			let j = i, seen = false, idle = false;
			while (j < T && session[j] === session[i]) {
				if (p.count[j]) {
					if (seen && idle) b++;
					seen = true;
					idle = false;
				} else idle = true;
				j++;
			}
			i = j;
		}
		breaks += b;
		maxBreaks = Math.max(maxBreaks, b);
	}
	return {
		assignments: assignments.filter(Boolean),
		unscheduled: inst.meetings.flatMap((m, k) => (assignments[k] ? [] : [{ meeting: m.id, reason: reasons[k] }])),
		objective: { weight, breaks, max_breaks: maxBreaks },
	};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const args = process.argv.slice(2);
	const o = args.indexOf('-o');
	const out = o >= 0 ? args.splice(o, 2)[1] : null;
	if (args.length !== 1) {
		process.stderr.write('usage: node bench/schedule/first-fit.mjs INSTANCE.json [-o OUT.json]\n');
		process.exit(2);
	}
	const json = JSON.stringify(firstFit(JSON.parse(readFileSync(args[0], 'utf8'))), null, 1) + '\n';
	if (out) writeFileSync(out, json);
	else process.stdout.write(json);
}
