#!/usr/bin/env node
// One phase of the restart scenarios (tests/e2e/restart.sh): what the plugin shows right after
// OBS started on a home prepared for it, or (--phase exit) countdown requests sent without pause
// while OBS quits.
//
//   node restart.mjs --tag obs30 --phase PHASE --name NAME [--url ws://127.0.0.1:4455] [--out DIR]
//                    [--shop-info FILE] [--shop-url URL] [--save]
//
// Phases:
//   saved        started on a saved json connection to the test shop (--shop-info): the catalog is
//                the shop's; a deck is loaded; both are kept in OUT/restart-saved/seen.json
//   offline      the same home again with the shop gone (--shop-url was its address): the catalog
//                and deck of seen.json come from the cache, and the state says the shop is away
//   broken       started on a broken connection.json (NAME: not-json or wrong-types): the demo
//                shop, config_error says why, the file is untouched; --save then saves a new
//                connection, which replaces it
//   unwritable   the plugin's config folder cannot be made: SetConnection uses the connection
//                and says it is not saved, and why
//   exit         countdown requests, several in flight at any time, until OBS closes the
//                connection; OUT/restart-NAME/exit-ready appears once they are flowing
//
// The password comes from $OLC_OBS_PASSWORD; obs-websocket-js from $OLC_NODE_DIR (see smoke.mjs).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { assertEq, canonical, checkObsVersion, clientOptions, connectObs, createHarness, loadClient, oneLine, vendorClient, waitFor } from './obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const opt = clientOptions('restart.mjs --tag TAG --phase PHASE --name NAME [--url URL] [--out DIR] ...', {
	phase: { type: 'string' },
	name: { type: 'string' },
	'shop-info': { type: 'string' },
	'shop-url': { type: 'string' },
	save: { type: 'boolean', default: false },
});
if (!opt.phase || !opt.name) {
	console.error('usage: restart.mjs --tag TAG --phase PHASE --name NAME [--url URL] [--out DIR] ...');
	process.exit(2);
}
const tag = `e2e-${opt.tag}`;
const { test, run } = createHarness(tag);
const dir = path.join(opt.out, `restart-${opt.name}`);
mkdirSync(dir, { recursive: true });
const connFile = path.join(dir, 'home/.config/obs-studio/plugin_config/obs-live-commerce/connection.json');
const seenFile = path.join(opt.out, 'restart-saved', 'seen.json');
const catalog = JSON.parse(readFileSync(path.join(here, '..', 'shop-server', 'catalog.json'), 'utf8'));

let obs;
let vendor;
const name = (what) => `restart ${opt.name}: ${what}`;
// Each scenario runs two phases (its own, then exit): their first tests need names of their own.
const FIRST = `OBS answers (${opt.phase} phase)`;

test(name(FIRST), [], async () => {
	obs = (await connectObs(loadClient(here), opt.url, opt['connect-timeout'])).obs;
	await checkObsVersion(obs, opt['obs-version']);
	vendor = vendorClient(obs);
	const v = await vendor.ok('GetVersion');
	return `OBS ${v.obs_version}`;
});

// The products as the module lists them, in the order it lists them.
const listed = async () => (await vendor.ok('ListProducts')).products;

// A plain-words error: one line of words, not a trace.
function plain(what, text) {
	if (typeof text !== 'string' || !/[a-z]{3,} [a-z]{2,}/i.test(text) || /[\r\n]/.test(text) || text.length > 300) {
		throw new Error(`${what} ${JSON.stringify(text)} is not an error in plain words`);
	}
}

if (opt.phase === 'saved') {
	test(name('the plugin starts on the saved json connection'), [name(FIRST)], async () => {
		const st = await waitFor('GetStatus json ok with the whole catalog', 15000, async () => {
			const s = await vendor.ok('GetStatus');
			return s.provider === 'json' && s.state === 'ok' && s.products === catalog.products.length ? s : null;
		}, 100);
		if (st.config_error !== undefined) throw new Error(`config_error ${JSON.stringify(st.config_error)}`);
		const products = await listed();
		assertEq('product ids and titles', products.map((p) => [p.id, p.title]).sort(),
			catalog.products.map((p) => [String(p.id), p.title]).sort());
		return `${st.products} products from the shop`;
	});

	test(name('a deck is loaded and the catalog kept for the offline start'),
		[name('the plugin starts on the saved json connection')], async () => {
			const ids = catalog.products.slice(0, 2).map((p) => String(p.id));
			const deck = { version: 1, name: 'Restart e2e', currency: catalog.currency,
				items: [{ number: 1, product_id: ids[0] }, { number: 2, product_id: ids[1], coupon: 'AGAIN5' }] };
			await vendor.ok('LoadDeck', { deck });
			assertEq('GetDeck', (await vendor.ok('GetDeck')).deck, deck);
			writeFileSync(seenFile, JSON.stringify({ products: await listed(), deck }));
			return seenFile;
		});
}

if (opt.phase === 'offline') {
	const seen = JSON.parse(readFileSync(seenFile, 'utf8'));
	let first;
	test(name('the cached catalog and deck are shown with the shop gone'), [name(FIRST)], async () => {
		first = await vendor.ok('GetStatus');
		assertEq('ListProducts', await listed(), seen.products);
		assertEq('GetDeck', (await vendor.ok('GetDeck')).deck, seen.deck);
		if (first.provider !== 'json') throw new Error(`provider ${first.provider}`);
		return `first GetStatus: state ${first.state}, ${first.products} products`;
	});

	test(name('the status says the shop cannot be reached, and keeps the catalog'),
		[name('the cached catalog and deck are shown with the shop gone')], async () => {
			const st = await waitFor('an error in GetStatus', 15000, async () => {
				const s = await vendor.ok('GetStatus');
				return s.error !== undefined ? s : null;
			}, 100);
			plain('GetStatus error', st.error);
			if (!['offline', 'stale', 'error'].includes(st.state)) throw new Error(`state ${st.state} with an error`);
			if (!(st.last_success_ms > 0)) throw new Error(`last_success_ms ${st.last_success_ms}: the cache's age is lost`);
			assertEq('ListProducts after the error', await listed(), seen.products);
			return `state ${st.state}, error ${JSON.stringify(st.error)} (shop was ${opt['shop-url']})`;
		});
}

if (opt.phase === 'broken') {
	const original = readFileSync(path.join(dir, 'connection.json.orig'));
	const why = { 'not-json': /connection\.json.*not JSON/, 'wrong-types': /connection\.json.*"provider" must be text/ }[opt.name];
	test(name('OBS starts on the demo shop and GetStatus says why'), [name(FIRST)], async () => {
		const st = await waitFor('GetStatus demo ok', 15000, async () => {
			const s = await vendor.ok('GetStatus');
			return s.provider === 'demo' && s.state === 'ok' ? s : null;
		}, 100);
		plain('config_error', st.config_error);
		if (!why.test(st.config_error)) throw new Error(`config_error ${JSON.stringify(st.config_error)} does not match ${why}`);
		if (!readFileSync(connFile).equals(original)) throw new Error('connection.json was rewritten');
		return JSON.stringify(st.config_error);
	});

	if (opt.save) {
		test(name('a new connection replaces the broken file'), [name('OBS starts on the demo shop and GetStatus says why')],
			async () => {
				const r = await vendor.ok('SetConnection', { provider: 'demo', poll_ms: 1000 });
				assertEq('SetConnection answer', { saved: r.saved, save_error: r.save_error }, { saved: true });
				const saved = JSON.parse(readFileSync(connFile, 'utf8'));
				assertEq('connection.json', { provider: saved.provider, poll_ms: saved.poll_ms }, { provider: 'demo', poll_ms: 1000 });
				const st = await vendor.ok('GetStatus');
				if (st.config_error !== undefined) throw new Error(`config_error still ${JSON.stringify(st.config_error)}`);
				return canonical(saved);
			});
	}
}

if (opt.phase === 'unwritable') {
	test(name('SetConnection uses the connection and says it is not saved, and why'), [name(FIRST)], async () => {
		const r = await vendor.call('SetConnection', { provider: 'demo', poll_ms: 1500 });
		if (r.ok !== true || r.saved !== false) throw new Error(`SetConnection answered ${canonical(r)}; want ok, saved false`);
		plain('save_error', r.save_error);
		if (!/connection\.json/.test(r.save_error) || !/not a directory/i.test(r.save_error))
			throw new Error(`save_error ${JSON.stringify(r.save_error)} does not name the file and the reason`);
		const st = await waitFor('GetStatus demo ok', 10000, async () => {
			const s = await vendor.ok('GetStatus');
			return s.provider === 'demo' && s.state === 'ok' ? s : null;
		}, 100);
		assertEq('GetStatus config_error', st.config_error, r.save_error);
		return JSON.stringify(r.save_error);
	});
}

if (opt.phase === 'exit') {
	test(name('countdown requests are answered until OBS closes the connection'), [name(FIRST)], async () => {
		const counts = { ok: 0, refused: 0, failed: 0 };
		let closed = false;
		const gone = new Promise((resolve) => obs.once('ConnectionClosed', () => {
			closed = true;
			resolve();
		}));
		const requests = [['StartCountdown', { seconds: 300, label: 'exit' }], ['GetCountdown', {}], ['StopCountdown', {}]];
		const odd = [];
		const loop = async (k) => {
			for (let i = k; !closed; i++) {
				const [type, data] = requests[i % requests.length];
				try {
					const d = await vendor.call(type, data);
					if (d.ok === true) counts.ok++;
					else if (d.ok === false && typeof d.error === 'string') counts.refused++;
					else odd.push(`${type} answered ${canonical(d)}`);
				} catch (err) {
					counts.failed++; // obs-websocket refuses while OBS shuts down, or the socket closed
					if (closed) return;
					if (!/not ready|closed|not connected|socket/i.test(oneLine(err))) odd.push(`${type}: ${oneLine(err)}`);
				}
				if (counts.ok === 30) writeFileSync(path.join(dir, 'exit-ready'), '');
			}
		};
		// obs-websocket-js leaves calls unanswered when the socket closes: the close ends the test.
		await Promise.race([Promise.all([0, 1, 2, 3, 4, 5].map(loop)), gone]);
		if (counts.ok < 30) throw new Error(`only ${counts.ok} requests answered before OBS quit`);
		if (odd.length) throw new Error(odd.slice(0, 3).join('; '));
		return `${counts.ok} answered, ${counts.refused} refused by the module, ${counts.failed} refused by obs-websocket`;
	});
}

run({
	deadlineS: opt.deadline,
	teardown: async () => {
		if (obs && opt.phase !== 'exit') await obs.disconnect();
	},
});
