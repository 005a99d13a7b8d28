#!/usr/bin/env node
// jair-to-instance.mjs - converts one MiniZinc data file (.dzn) of the B2B meeting scheduling
// benchmark of Bofill et al., "Constraint Solving Approaches to the Business-to-Business Meeting
// Scheduling Problem" (JAIR 74, 2022), into Roadshow's scheduler instance (docs/benchmarks.md,
// issue 5). The data files live outside the repository (../shared/bench/b2b-jair/, see its
// README.md); they are read, never copied.
//
//   node bench/schedule/jair-to-instance.mjs FILE.dzn [-o OUT.json]
//
// The mapping:
//   nBusiness          participants "p1".."pN", one common language, no tables (pool seating)
//   nTotalSlots        one session of slots with ids 0..n-1 (the file's slots are 1-based)
//   nMorningSlots      the first that many slots are the morning
//   requested [p,q,c]  meeting "m<row>" with a = p, b = q, weight 1; c = 1 morning only,
//                      2 afternoon only, 3 any slot
//   forbidden          each participant's available = all slots minus these (0 is a placeholder)
//   fixed              pinned: 0 = free, else the 1-based slot
//   nTables            pool_tables (at most that many meetings in one slot)
//   fairness           2 (the d of the paper's Table 3)
// meetingsxBusiness and nMeetingsBusiness are derived data; they are checked against requested.

import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---- a small reader for MiniZinc data files ------------------------------------------------
// Values: integers, booleans, strings, ranges a..b, sets {..} (of integers and ranges), arrays
// [..], 2-d arrays [| .. | .. |] (rows) and arrayNd(index sets.., [..]) (the flat list).

function tokenize(text) {
	const tokens = [];
	const re =
		/\s+|%[^\n]*|\/\*[\s\S]*?\*\/|(\[\||\|\]|\.\.|[[\]{}(),;=|:])|(-?\d+)|("(?:[^"\\]|\\.)*")|([A-Za-z_][A-Za-z0-9_]*)|(.)/gy;
	let m;
	while ((m = re.exec(text))) {
		if (m[1]) tokens.push({ t: 'p', v: m[1], at: m.index });
		else if (m[2]) tokens.push({ t: 'n', v: Number(m[2]), at: m.index });
		else if (m[3]) tokens.push({ t: 's', v: JSON.parse(m[3]), at: m.index });
		else if (m[4]) tokens.push({ t: 'id', v: m[4], at: m.index });
		else if (m[5]) throw new Error(`dzn: unexpected character '${m[5]}' at offset ${m.index}`);
	}
	return tokens;
}

class DznSet {
	constructor(values) {
		this.values = [...new Set(values)].sort((x, y) => x - y);
	}
}

export function parseDzn(text) {
	const tk = tokenize(text);
	let i = 0;
	const peek = () => tk[i];
	const fail = (what) => {
		const t = tk[i];
		throw new Error(`dzn: expected ${what} at ${t ? `offset ${t.at} ('${t.v}')` : 'end'}`);
	};
	const is = (v) => tk[i] && tk[i].t === 'p' && tk[i].v === v;
	const expect = (v) => {
		if (!is(v)) fail(`'${v}'`);
		i++;
	};
	function scalar() {
		const t = peek();
		if (!t) fail('a value');
		if (t.t === 'n') {
			i++;
			if (is('..')) {
				i++;
				const hi = peek();
				if (!hi || hi.t !== 'n') fail('the end of a range');
				i++;
				return range(t.v, hi.v);
			}
			return t.v;
		}
		if (t.t === 's') return i++, t.v;
		if (t.t === 'id' && (t.v === 'true' || t.v === 'false')) return i++, t.v === 'true';
		fail('a value');
	}
	function range(lo, hi) {
		const v = [];
		for (let k = lo; k <= hi; k++) v.push(k);
		return new DznSet(v);
	}
	function value() {
		if (is('{')) {
			i++;
			const v = [];
			while (!is('}')) {
				const e = scalar();
				if (e instanceof DznSet) v.push(...e.values);
				else if (typeof e === 'number') v.push(e);
				else fail('an integer in a set');
				if (is(',')) i++;
				else if (!is('}')) fail("',' or '}'");
			}
			i++;
			return new DznSet(v);
		}
		if (is('[|')) {
			i++;
			const rows = [[]];
			while (!is('|]')) {
				if (is('|')) {
					i++;
					rows.push([]);
					continue;
				}
				rows[rows.length - 1].push(value());
				if (is(',')) i++;
				else if (!is('|') && !is('|]')) fail("',', '|' or '|]'");
			}
			i++;
			// "[| a, b, | c, d, |]": a trailing '|' leaves an empty last row
			if (rows.length > 1 && rows[rows.length - 1].length === 0) rows.pop();
			if (rows.length === 1 && rows[0].length === 0) return [];
			return rows;
		}
		if (is('[')) {
			i++;
			const v = [];
			while (!is(']')) {
				v.push(value());
				if (is(',')) i++;
				else if (!is(']')) fail("',' or ']'");
			}
			i++;
			return v;
		}
		const t = peek();
		if (t && t.t === 'id' && /^array[1-6]d$/.test(t.v)) {
			i++;
			expect('(');
			const args = [];
			while (!is(')')) {
				args.push(value());
				if (is(',')) i++;
				else if (!is(')')) fail("',' or ')'");
			}
			i++;
			const flat = args[args.length - 1];
			if (!Array.isArray(flat)) fail(`a list as the last argument of ${t.v}`);
			return flat;
		}
		return scalar();
	}
	const out = {};
	while (i < tk.length) {
		const name = peek();
		if (name.t !== 'id') fail('a name');
		i++;
		expect('=');
		out[name.v] = value();
		if (i < tk.length) expect(';');
	}
	return out;
}

// ---- the conversion ------------------------------------------------------------------------

function int(d, key) {
	const v = d[key];
	if (!Number.isInteger(v) || v < 0) throw new Error(`${key}: expected a whole number`);
	return v;
}

function setValues(v, what) {
	if (v instanceof DznSet) return v.values;
	if (Array.isArray(v) && v.every(Number.isInteger)) return v;
	throw new Error(`${what}: expected a set of integers`);
}

export function convert(text, name = 'jair') {
	const d = parseDzn(text);
	const nb = int(d, 'nBusiness');
	const nslots = int(d, 'nTotalSlots');
	const nmorning = int(d, 'nMorningSlots');
	const ntables = int(d, 'nTables');
	if (nmorning > nslots) throw new Error('nMorningSlots exceeds nTotalSlots');

	// requested: rows of [p, q, code], as a 2-d array or a flat list of triples
	let req = d.requested;
	if (!Array.isArray(req)) throw new Error('requested: expected an array');
	if (req.length && !Array.isArray(req[0])) {
		if (req.length % 3) throw new Error('requested: not a list of triples');
		const rows = [];
		for (let k = 0; k < req.length; k += 3) rows.push(req.slice(k, k + 3));
		req = rows;
	}
	const nm = req.length;
	if (d.nMeetings !== undefined && d.nMeetings !== nm)
		throw new Error(`nMeetings is ${d.nMeetings} but requested has ${nm} rows`);

	const forbidden = d.forbidden ?? [];
	if (forbidden.length && forbidden.length !== nb)
		throw new Error(`forbidden has ${forbidden.length} sets for ${nb} participants`);
	const fixed = d.fixed ?? [];
	if (fixed.length && fixed.length !== nm)
		throw new Error(`fixed has ${fixed.length} entries for ${nm} meetings`);
	if (d.precedences && d.precedences.some((s) => setValues(s, 'precedences').length))
		throw new Error('precedences between meetings are not supported by the conversion');

	const allSlots = [...Array(nslots).keys()];
	const morning = allSlots.slice(0, nmorning);
	const afternoon = allSlots.slice(nmorning);

	const participants = [];
	for (let p = 0; p < nb; p++) {
		const no = new Set();
		for (const s of forbidden.length ? setValues(forbidden[p], `forbidden[${p + 1}]`) : []) {
			if (s === 0) continue; // the placeholder that keeps a set non-empty
			if (s < 1 || s > nslots) throw new Error(`forbidden[${p + 1}]: slot ${s} out of 1..${nslots}`);
			no.add(s - 1);
		}
		participants.push({
			id: `p${p + 1}`,
			kind: 'business',
			languages: ['en'],
			available: allSlots.filter((s) => !no.has(s)),
		});
	}

	const meetings = [];
	const perBusiness = Array.from({ length: nb }, () => []);
	req.forEach((row, k) => {
		if (row.length !== 3 || !row.every(Number.isInteger))
			throw new Error(`requested row ${k + 1}: expected three integers`);
		const [p, q, code] = row;
		if (p < 1 || p > nb || q < 1 || q > nb || p === q)
			throw new Error(`requested row ${k + 1}: participants ${p}, ${q} out of 1..${nb}`);
		const m = { id: `m${k + 1}`, a: `p${p}`, b: `p${q}`, weight: 1, pinned: null };
		if (code === 1) m.slots = morning;
		else if (code === 2) m.slots = afternoon;
		else if (code !== 3) throw new Error(`requested row ${k + 1}: session code ${code} is not 1, 2 or 3`);
		const f = fixed.length ? fixed[k] : 0;
		if (!Number.isInteger(f) || f < 0 || f > nslots)
			throw new Error(`fixed[${k + 1}]: ${f} is not 0 or a slot 1..${nslots}`);
		if (f) m.pinned = f - 1;
		meetings.push(m);
		perBusiness[p - 1].push(k + 1);
		perBusiness[q - 1].push(k + 1);
	});

	// the derived data must agree with requested (meetingsxBusiness is shifted by one: 1 = none)
	if (d.meetingsxBusiness) {
		d.meetingsxBusiness.forEach((s, p) => {
			const got = setValues(s, `meetingsxBusiness[${p + 1}]`).filter((x) => x !== 1).map((x) => x - 1);
			const want = [...perBusiness[p]].sort((x, y) => x - y);
			if (got.join() !== want.join())
				throw new Error(`meetingsxBusiness[${p + 1}] disagrees with requested`);
		});
	}
	if (d.nMeetingsBusiness) {
		d.nMeetingsBusiness.forEach((n, p) => {
			if (n !== perBusiness[p].length) throw new Error(`nMeetingsBusiness[${p + 1}] disagrees with requested`);
		});
	}

	return {
		name,
		source: 'Bofill et al., JAIR 74 (2022), B2B meeting scheduling benchmark',
		slots: allSlots.map((id) => ({ id, session: 0, part: id < nmorning ? 'morning' : 'afternoon' })),
		venues: [],
		participants,
		interpreters: [],
		meetings,
		pool_tables: ntables,
		fairness: 2,
	};
}

export function instanceName(file) {
	return basename(file).replace(/\.original\.dzn$|\.dzn$/, '');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const args = process.argv.slice(2);
	let out = null;
	const files = [];
	for (let k = 0; k < args.length; k++) {
		if (args[k] === '-o' || args[k] === '--out') out = args[++k];
		else files.push(args[k]);
	}
	if (files.length !== 1) {
		process.stderr.write('usage: node bench/schedule/jair-to-instance.mjs FILE.dzn [-o OUT.json]\n');
		process.exit(2);
	}
	try {
		const json = JSON.stringify(convert(readFileSync(files[0], 'utf8'), instanceName(files[0])));
		if (out) writeFileSync(out, json + '\n');
		else process.stdout.write(json + '\n');
	} catch (e) {
		process.stderr.write(`jair-to-instance: ${files[0]}: ${e.message}\n`);
		process.exit(1);
	}
}
