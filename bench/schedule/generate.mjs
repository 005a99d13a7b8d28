#!/usr/bin/env node
// generate.mjs - fixed-seed generator of the three instance families of issue 5 ("Quality and
// speed") for `roadshow schedule --instance`: the same seed gives the same files, byte for byte.
//
//   node bench/schedule/generate.mjs [--out DIR] [--families small,ces,national] [--seed N]
//
// writes DIR/<family>-<k>.json (DIR defaults to a new temporary directory) and prints the paths.
//
// small     5 instances of 40, 80, 120, 160, 200 meetings; 1 day of 8 slots up to 80 meetings,
//           2 days above; about m/4 exhibitors and m/2 buyers; 2 venues, 1 slot's walk.
// ces       600 exhibitors, 3,000 buyers, 12,000 accepted meetings, 4 days × 16 slots of 30
//           minutes, 2 venues (LVCC, VENETIAN; 1 slot's walk), 40 interpreters; about 15 % of the
//           meetings have sides with no common language.
// national  5,000 exhibitors, 30,000 buyers, 150,000 meetings, the CES layout, 500 interpreters.
//
// Everywhere: availability per day is "a day off with probability 0.12, else one unavailable
// block of 0..(slots/2 - 1) slots", about 70 % of the slots (interpreters too, so they are
// scarce, as the issue describes); booths have 1 table (75 %), 2 (20 %) or 3 (5 %); exhibitors'
// popularity is Zipf-like (rank^-0.6) and no side is asked for more than 80 % of its free
// table-slots; 3 % of meetings have another exhibitor as the visitor; one request per pair;
// weight 3 ("must meet") for 25 % of meetings, else 1; 1 % pinned to a slot both sides have
// free (never one that needs an interpreter, never two pins on one side's slot beyond its
// tables); 10 % of buyers with two or more requests are capped one below their requests.
// Languages: exhibitors en (80 %), ko+en / ja+en (10 %), ko, ja or zh only (10 %); buyers en
// (90 %), es+en (5 %), es only (5 %); interpreters one pair of ko-en, ja-en, zh-en, es-en
// (weighted by the demand), a quarter of them a second pair.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// mulberry32 seeded through a string hash: small, fast, and the same everywhere
export function rng(seedText) {
	let h = 2166136261;
	for (const c of String(seedText)) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
	let s = h >>> 0;
	const next = () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	next.int = (n) => Math.floor(next() * n); // 0..n-1
	next.pick = (weighted) => {
		// [[value, weight], ...]
		let total = 0;
		for (const [, w] of weighted) total += w;
		let x = next() * total;
		for (const [v, w] of weighted) if ((x -= w) < 0) return v;
		return weighted[weighted.length - 1][0];
	};
	return next;
}

export const FAMILIES = {
	small: [40, 80, 120, 160, 200].map((m) => ({
		meetings: m,
		exhibitors: Math.max(6, Math.round(m / 4)),
		buyers: Math.round(m / 2),
		days: m <= 80 ? 1 : 2,
		slotsPerDay: 8,
		interpreters: Math.max(2, Math.round((m * 0.15) / 6)),
	})),
	ces: [{ meetings: 12000, exhibitors: 600, buyers: 3000, days: 4, slotsPerDay: 16, interpreters: 40 }],
	national: [{ meetings: 150000, exhibitors: 5000, buyers: 30000, days: 4, slotsPerDay: 16, interpreters: 500 }],
};

function availability(r, days, perDay) {
	const out = [];
	for (let d = 0; d < days; d++) {
		if (r() < 0.12) continue; // a day off
		const len = r.int(Math.max(1, Math.floor(perDay / 2))); // 0..perDay/2-1 slots away
		const at = r.int(perDay - len + 1);
		for (let k = 0; k < perDay; k++) if (k < at || k >= at + len) out.push(d * perDay + k);
	}
	return out;
}

const pad = (n) => String(n).padStart(2, '0');

export function generate(family, index = 0, seed = 1) {
	const spec = FAMILIES[family]?.[index];
	if (!spec) throw new Error(`no instance ${family}-${index}`);
	const r = rng(`${family}/${index}/${seed}`);
	const { days, slotsPerDay } = spec;
	const nslots = days * slotsPerDay;
	const slots = [];
	for (let d = 0; d < days; d++)
		for (let k = 0; k < slotsPerDay; k++) {
			const min = 9 * 60 + 30 * k;
			slots.push({ id: d * slotsPerDay + k, session: d, start: `2024-01-${pad(9 + d)}T${pad(Math.floor(min / 60))}:${pad(min % 60)}:00-08:00` });
		}
	const venues = ['LVCC', 'VENETIAN'];

	const exhibitors = [];
	for (let e = 0; e < spec.exhibitors; e++) {
		const languages = r.pick([
			[['en'], 80],
			[['ko', 'en'], 5],
			[['ja', 'en'], 5],
			[['ko'], 4],
			[['ja'], 3.5],
			[['zh'], 2.5],
		]);
		exhibitors.push({
			id: `e${e + 1}`,
			kind: 'exhibitor',
			venue: r() < 0.6 ? 'LVCC' : 'VENETIAN',
			tables: r.pick([
				[1, 75],
				[2, 20],
				[3, 5],
			]),
			languages,
			available: availability(r, days, slotsPerDay),
		});
	}
	const buyers = [];
	for (let b = 0; b < spec.buyers; b++)
		buyers.push({
			id: `b${b + 1}`,
			kind: 'buyer',
			languages: r.pick([
				[['en'], 90],
				[['es', 'en'], 5],
				[['es'], 5],
			]),
			available: availability(r, days, slotsPerDay),
		});
	const pairs = [
		['ko-en', 25],
		['ja-en', 22],
		['zh-en', 16],
		['es-en', 37],
	];
	const interpreters = [];
	for (let i = 0; i < spec.interpreters; i++) {
		const langs = [r.pick(pairs)];
		if (r() < 0.25) {
			const second = r.pick(pairs.filter(([p]) => p !== langs[0]));
			langs.push(second);
		}
		interpreters.push({ id: `i${i + 1}`, languages: langs, available: availability(r, days, slotsPerDay) });
	}

	// requests: an exhibitor by popularity, a visitor uniformly; each side below 80 % of its
	// free table-slots; one request per pair
	const load = new Map();
	const room = (p) => Math.floor(0.8 * (p.tables || 1) * p.available.length);
	const popularity = exhibitors.map((e, k) => [k, 1 / Math.pow(k + 1, 0.6)]);
	// cumulative weights for a fast pick among many exhibitors
	const cum = [];
	let tot = 0;
	for (const [, w] of popularity) cum.push((tot += w));
	const pickExhibitor = () => {
		const x = r() * tot;
		let lo = 0, hi = cum.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cum[mid] > x) hi = mid;
			else lo = mid + 1;
		}
		return exhibitors[lo];
	};
	const seen = new Set();
	const meetings = [];
	let attempts = 0;
	while (meetings.length < spec.meetings && attempts++ < spec.meetings * 200) {
		const a = pickExhibitor();
		const b = r() < 0.03 ? exhibitors[r.int(exhibitors.length)] : buyers[r.int(buyers.length)];
		if (a === b) continue;
		const key = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
		if (seen.has(key)) continue;
		if ((load.get(a.id) || 0) >= room(a) || (load.get(b.id) || 0) >= room(b)) continue;
		seen.add(key);
		load.set(a.id, (load.get(a.id) || 0) + 1);
		load.set(b.id, (load.get(b.id) || 0) + 1);
		meetings.push({ id: `m${meetings.length + 1}`, a: a.id, b: b.id, weight: r() < 0.25 ? 3 : 1, pinned: null });
	}

	// pins: 1 %, in a slot both sides have free, within both sides' tables; never a meeting
	// that needs an interpreter
	const byId = new Map([...exhibitors, ...buyers].map((p) => [p.id, p]));
	const pinsAt = new Map();
	const speaks = (p) => new Set(p.languages);
	for (const m of meetings) {
		if (r() >= 0.01) continue;
		const a = byId.get(m.a), b = byId.get(m.b);
		const la = speaks(a);
		if (!b.languages.some((l) => la.has(l))) continue;
		const bset = new Set(b.available);
		const common = a.available.filter((s) => bset.has(s));
		if (!common.length) continue;
		const s = common[r.int(common.length)];
		const ka = `${a.id}@${s}`, kb = `${b.id}@${s}`;
		if ((pinsAt.get(ka) || 0) >= (a.tables || 1) || (pinsAt.get(kb) || 0) >= (b.tables || 1)) continue;
		pinsAt.set(ka, (pinsAt.get(ka) || 0) + 1);
		pinsAt.set(kb, (pinsAt.get(kb) || 0) + 1);
		m.pinned = s;
	}

	// caps: 10 % of buyers with two or more requests, one below their requests
	for (const b of buyers) {
		const n = load.get(b.id) || 0;
		if (n >= 2 && r() < 0.1) b.cap = n - 1;
	}

	return {
		name: `${family}-${index + 1}`,
		generator: `bench/schedule/generate.mjs family ${family} #${index + 1} seed ${seed}`,
		slots,
		venues,
		walk: [{ from: 'LVCC', to: 'VENETIAN', slots: 1 }],
		participants: [...exhibitors, ...buyers],
		interpreters,
		meetings,
	};
}

export function writeFamilies(dir, families, seed = 1) {
	mkdirSync(dir, { recursive: true });
	const files = [];
	for (const f of families) {
		if (!FAMILIES[f]) throw new Error(`unknown family '${f}' (small, ces, national)`);
		FAMILIES[f].forEach((_, k) => {
			const inst = generate(f, k, seed);
			const file = join(dir, `${inst.name}.json`);
			writeFileSync(file, JSON.stringify(inst) + '\n');
			files.push({ family: f, name: inst.name, file, instance: inst });
		});
	}
	return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const args = process.argv.slice(2);
	let dir = null, families = ['small', 'ces', 'national'], seed = 1;
	for (let k = 0; k < args.length; k++) {
		if (args[k] === '--out') dir = args[++k];
		else if (args[k] === '--families') families = args[++k].split(',');
		else if (args[k] === '--seed') seed = Number(args[++k]);
		else {
			process.stderr.write('usage: node bench/schedule/generate.mjs [--out DIR] [--families small,ces,national] [--seed N]\n');
			process.exit(2);
		}
	}
	dir ??= mkdtempSync(join(tmpdir(), 'roadshow-sched-'));
	for (const f of writeFamilies(dir, families, seed)) {
		const i = f.instance;
		process.stdout.write(`${f.file}\t${i.participants.length} participants, ${i.meetings.length} meetings, ${i.slots.length} slots, ${i.interpreters.length} interpreters\n`);
	}
}
