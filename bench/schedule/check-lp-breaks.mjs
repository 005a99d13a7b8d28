#!/usr/bin/env node
// check-lp-breaks.mjs - checks the integer program of `roadshow schedule --emit-lp` against the
// brute force of tests/lib/schedule-brute.mjs: on tiny random instances (at most 7 meetings,
// 6 slots; few buyers with many meetings, one or two sessions, booths of 1-3 tables and the pool, two venues with walks of 1-2
// slots, caps, meeting slot lists, interpreters, pins, weights 0-3, and a fairness bound on some), CBC's
// proven optimum must have the brute force's weight and breaks, its objective must be
// M * weight - breaks (the program's own count of breaks is right, not just the schedule), and
// its schedule must pass the checker. An instance whose pins cannot all be kept together must
// be infeasible as a program (the program keeps pins as hard constraints; the brute force then
// drops the fewest); a pin at a slot closed to its meeting is left out by both.
//
//   node bench/schedule/check-lp-breaks.mjs [--bin PATH] [--count N] [--seed S] [--keep DIR]
//
// Exit status 1 on any disagreement.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { brute } from '../../tests/lib/schedule-brute.mjs';
import { check, commonSlots, has, needsInterpreter, normalize, serves } from '../../tests/lib/schedule-check.mjs';
import { cbcVersion, emitLp, runCbc, toSchedule } from './cbc.mjs';
import { rng } from './generate.mjs';
import { parseArgs } from './run-jair.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function tiny(r, k) {
	const nslots = 3 + r.int(4); // 3..6
	const twoSessions = nslots >= 4 && r() < 0.4;
	const cut = twoSessions ? 2 + r.int(nslots - 3) : nslots;
	const slots = Array.from({ length: nslots }, (_, t) => ({ id: 10 + t * 10, session: t < cut ? 0 : 1, start: `2024-01-09T${String(9 + t).padStart(2, '0')}:00:00-08:00` }));
	const ids = slots.map((s) => s.id);
	const avail = (p) => ids.filter(() => r() < p);
	const langs = [['en'], ['en'], ['en'], ['ko'], ['es']];
	const ne = 2 + r.int(4), nb = 1 + r.int(2); // few buyers with many meetings: breaks
	const participants = [];
	for (let e = 0; e < ne; e++)
		participants.push({ id: `e${e + 1}`, kind: 'exhibitor', venue: r() < 0.5 ? 'A' : 'B', tables: r.pick([[1, 5], [2, 3], [3, 1], [0, 1]]), languages: langs[r.int(langs.length)], available: avail(0.75) });
	for (let b = 0; b < nb; b++) {
		const p = { id: `b${b + 1}`, kind: 'buyer', languages: langs[r.int(langs.length)], available: avail(0.75) };
		if (r() < 0.15) p.cap = 1 + r.int(2);
		participants.push(p);
	}
	const interpreters = [];
	for (let i = 0, n = r.int(3); i < n; i++) interpreters.push({ id: `i${i + 1}`, languages: [r.pick([['ko-en', 1], ['es-en', 1], ['ko-es', 1]])], available: avail(0.7) });
	const nm = 3 + r.int(5); // 3..7
	const meetings = [], seen = new Set();
	for (let tries = 0; meetings.length < nm && tries < 100; tries++) {
		const a = participants[r.int(ne)];
		const b = r() < 0.15 ? participants[r.int(ne)] : participants[ne + r.int(nb)];
		const key = [a.id, b.id].sort().join('|');
		if (a === b || seen.has(key)) continue;
		seen.add(key);
		const m = { id: `m${meetings.length + 1}`, a: a.id, b: b.id, weight: r.pick([[0, 0.5], [1, 3], [2, 1], [3, 1]]), pinned: null };
		if (r() < 0.15) m.slots = ids.filter(() => r() < 0.6);
		if (r() < 0.07) m.pinned = ids[r.int(ids.length)];
		meetings.push(m);
	}
	const inst = {
		name: `tiny-${k}`,
		slots,
		venues: ['A', 'B'],
		walk: [{ from: 'A', to: 'B', slots: 1 + r.int(2) }],
		participants,
		interpreters,
		meetings,
	};
	if (participants.some((p) => p.tables === 0)) inst.pool_tables = 1 + r.int(2);
	if (r() < 0.3) inst.fairness = r.int(2);
	return inst;
}

async function main() {
	const o = parseArgs(process.argv.slice(2), { bin: process.env.ROADSHOW_BIN || join(root, 'build/roadshow'), count: '40', seed: '1', keep: '' });
	if (!cbcVersion()) {
		process.stdout.write('cbc is not installed (scripts/deps --bench): check skipped\n');
		process.exit(0);
	}
	const work = o.keep ? (mkdirSync(o.keep, { recursive: true }), o.keep) : mkdtempSync(join(tmpdir(), 'roadshow-lpcheck-'));
	const r = rng(`check-lp-breaks/${o.seed}`);
	let agree = 0, infeasible = 0, bad = 0, withBreaks = 0, fair = 0;
	for (let k = 1; k <= Number(o.count); k++) {
		const inst = tiny(r, k);
		const file = join(work, `${inst.name}.json`);
		writeFileSync(file, JSON.stringify(inst) + '\n');
		const br = brute(inst);
		const { multiplier } = emitLp(o.bin, file, join(work, `${inst.name}.lp`));
		const c = runCbc(join(work, `${inst.name}.lp`), { seconds: 60 });
		// the pinned weight that can be kept at all: a pin at a slot closed to its meeting (a
		// side away, outside its slots, no interpreter then) is left out by both
		const N = normalize(inst);
		const keepable = (m) =>
			commonSlots(N, m).includes(m.pinned) && (!needsInterpreter(N, m) || [...N.interpreters.values()].some((ip) => has(ip.available, m.pinned) && serves(N, ip, m)));
		const pinnedTotal = N.meetings.reduce((s, m) => s + (m.pinned !== null && keepable(m) ? m.weight : 0), 0);
		const fails = [];
		if (br.pinned_weight < pinnedTotal) {
			if (c.status !== 'infeasible') fails.push(`pins cannot all be kept (brute force keeps weight ${br.pinned_weight} of ${pinnedTotal}) but CBC says ${c.status}`);
			else infeasible++;
		} else if (c.status !== 'optimal') fails.push(`CBC: ${c.status}`);
		else {
			const s = toSchedule(inst, c.values);
			const v = check(inst, s);
			const lpBreaks = multiplier * v.weight - c.objective;
			if (!v.ok) fails.push(`CBC's schedule is invalid: ${v.violations[0]}`);
			if (v.weight !== br.weight) fails.push(`weight: CBC ${v.weight}, brute force ${br.weight}`);
			if (v.breaks !== br.breaks) fails.push(`breaks: CBC ${v.breaks}, brute force ${br.breaks}`);
			if (Math.abs(lpBreaks - v.breaks) > 1e-6) fails.push(`the program counts ${lpBreaks} breaks, the schedule has ${v.breaks}`);
			if (!fails.length) agree++;
			if (br.breaks > 0) withBreaks++;
			if (inst.fairness !== undefined) fair++;
		}
		if (fails.length) bad++;
		process.stderr.write(`${inst.name}: ${inst.meetings.length} meetings, ${inst.slots.length} slots${inst.fairness !== undefined ? `, fairness ${inst.fairness}` : ''}: brute force weight ${br.weight} breaks ${br.breaks}; CBC ${c.status}${c.objective != null ? ` ${c.objective}` : ''}${fails.length ? ' — ' + fails.join('; ') : ' — agree'}\n`);
	}
	if (!o.keep) rmSync(work, { recursive: true, force: true });
	process.stdout.write(
		`${o.count} tiny instances: ${agree} with CBC's optimum equal to the brute force (weight and breaks; ${withBreaks} with breaks > 0, ${fair} under a fairness bound), ` +
			`${infeasible} whose pins conflict (the brute force keeps fewer) infeasible as programs, as they should be, ${bad} disagreeing.\n`,
	);
	process.exit(bad ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
