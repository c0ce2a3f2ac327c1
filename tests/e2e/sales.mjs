#!/usr/bin/env node
// End-to-end tests of sales sessions and the report in a real OBS: recording starts a sales
// session (OBS's own StartRecord; the frontend's event starts it) and stopping ends it; orders
// placed in the test shop (tests/shop-server/server.mjs, json provider) while products are
// featured give GetReport exact sums, per product while featured and overall; a SimulateOrder
// (a test order) is not counted; ExportReport writes the CSV, JSON and PNG files, checked here
// byte by byte and by their headers; the journal file is in OBS's config folder.
//
//   node sales.mjs --tag obs30 [--url ws://127.0.0.1:4455] [--out DIR] --shop-info FILE
//                  [--obs-home /olc/home] [--home-here /olc/out/home]
//
// --obs-home is OBS's $HOME as OBS sees it (run-obs.sh: /olc/home), --home-here the same folder
// as this client sees it (/olc/out/home): files the module writes there are read back from here.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { assertEq, checkObsVersion, clientOptions, connectObs, createHarness, loadClient, sleep, vendorClient, waitFor } from './obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const opt = clientOptions('sales.mjs --tag TAG [--url URL] [--out DIR] --shop-info FILE', {
	'shop-info': { type: 'string' },
	'obs-home': { type: 'string', default: '/olc/home' },
	'home-here': { type: 'string', default: '/olc/out/home' },
});
const tag = `e2e-${opt.tag}`;
const { test, detail, run } = createHarness(tag);

let obs;
let vendor;
let shop; // {base, ...} as the server printed it
let products; // ListProducts
let a; // the two products the session features: {id, price_minor}
let b;
let session; // the newest session of GetReport
let recorded = false;

async function control(route, body) {
	const r = await fetch(`${shop.base}/_control/${route}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body ?? {}),
	});
	const answer = await r.json();
	if (!r.ok) throw new Error(`shop control ${route}: ${r.status} ${JSON.stringify(answer)}`);
	return answer;
}

// Places an order in the shop and waits until the module has it (its OrderReceived). Its ids start at
// 9001: the session keeps the order lines it has seen (a repeat is ignored), and shop.mjs, which runs
// next on the same OBS, resets the shop, whose own ids then start again at 1001.
let nextOrderId = 9001;
async function shopOrder(product, quantity) {
	const from = vendor.events.length;
	const [line] = (await control('order', { product_id: product.id, quantity, id: nextOrderId++ })).order; // the json shape's lines
	await vendor.waitEvent(`OrderReceived ${line.id}`, from, 10000,
		(e) => e.type === 'OrderReceived' && !e.data.test && String(e.data.id) === String(line.id));
	return line;
}

const report = async () => (await vendor.ok('GetReport')).sessions;

test('obs answers, on the test shop', [], async () => {
	obs = (await connectObs(loadClient(here), opt.url, opt['connect-timeout'])).obs;
	await checkObsVersion(obs, opt['obs-version']);
	vendor = vendorClient(obs);
	shop = JSON.parse(readFileSync(opt['shop-info'], 'utf8').split('\n')[0]);
	shop.base = `http://127.0.0.1:${shop.http}`;
	await control('clear-orders');
	await vendor.ok('SetConnection', { provider: 'json', url: `${shop.base}/json`, poll_ms: 300 });
	await waitFor('GetStatus ok on the json shop', 15000, async () => {
		const st = await vendor.ok('GetStatus');
		return st.provider === 'json' && st.state === 'ok' && st.products > 2 ? st : null;
	});
	products = (await vendor.ok('ListProducts')).products;
	[a, b] = products.filter((p) => p.price_minor > 0 && p.stock !== 0).slice(0, 2);
	if (!a || !b) throw new Error('the test shop has no two products with a price and stock');
	// The first poll only sets where orders start: let it pass before any order.
	await sleep(1000);
	return `${products.length} products; featuring ${a.id} (${a.price_minor}) and ${b.id} (${b.price_minor})`;
});

test('recording starts a sales session', ['obs answers, on the test shop'], async () => {
	const before = (await report()).length;
	await obs.call('StartRecord');
	recorded = true;
	const started = await waitFor('GetReport running', 10000, async () => {
		const r = await vendor.ok('GetReport');
		return r.running && r.sessions.length === before + 1 ? r : null;
	});
	if (started.journal_error) throw new Error(`journal error: ${started.journal_error}`);
	return `session ${started.sessions.at(-1).start_ms}`;
});

test('orders while featured and overall are counted exactly', ['recording starts a sales session'], async () => {
	// A is on screen; two orders of A (2 + 1 units) arrive; a test order is not counted.
	await vendor.ok('FeatureProduct', { id: a.id });
	await sleep(1200); // the shop dates orders to the second
	await shopOrder(a, 2);
	await shopOrder(a, 1);
	await vendor.ok('SimulateOrder', { id: a.id, quantity: 5 });
	await sleep(1200);
	// B comes up; one order of B and one of A (not on screen any more).
	await vendor.ok('FeatureProduct', { id: b.id });
	await sleep(1200);
	await shopOrder(b, 1);
	await shopOrder(a, 4);
	await sleep(500);
	const r = (await report()).at(-1);
	const pa = r.products.find((p) => p.product_id === a.id);
	const pb = r.products.find((p) => p.product_id === b.id);
	if (!pa || !pb) throw new Error(`the report lacks a product: ${JSON.stringify(r.products)}`);
	assertEq('session total', r.total, { orders: 4, units: 8, revenue_minor: 7 * a.price_minor + b.price_minor });
	assertEq(`${a.id} while featured`, pa.while_featured, { orders: 2, units: 3, revenue_minor: 3 * a.price_minor });
	assertEq(`${a.id} overall`, pa.overall, { orders: 3, units: 7, revenue_minor: 7 * a.price_minor });
	assertEq(`${b.id} while featured`, pb.while_featured, { orders: 1, units: 1, revenue_minor: b.price_minor });
	assertEq(`${b.id} overall`, pb.overall, { orders: 1, units: 1, revenue_minor: b.price_minor });
	if (!(pa.featured_ms >= 2000 && pb.featured_ms >= 1000)) throw new Error(`featured_ms ${pa.featured_ms}, ${pb.featured_ms}`);
	return `total ${JSON.stringify(r.total)}; ${a.id} on screen ${pa.featured_ms} ms`;
});

test('stopping the recording ends the session', ['recording starts a sales session'], async () => {
	await obs.call('StopRecord');
	recorded = false;
	const r = await waitFor('GetReport not running', 15000, async () => {
		const d = await vendor.ok('GetReport');
		return !d.running ? d : null;
	});
	session = r.sessions.at(-1);
	if (!(session.end_ms > session.start_ms)) throw new Error(`end_ms ${session.end_ms}, start_ms ${session.start_ms}`);
	const journal = path.join(opt['home-here'], '.config/obs-studio/plugin_config/obs-live-commerce/sales/journal.jsonl');
	if (!existsSync(journal)) throw new Error(`no journal at ${journal}`);
	const lines = readFileSync(journal, 'utf8').trim().split('\n');
	const last = JSON.parse(lines.at(-1).split('\t')[0]);
	assertEq('the journal\'s last record', { t: last.t, s: last.s }, { t: 'end', s: session.start_ms });
	return `${lines.length} journal lines; session of ${session.end_ms - session.start_ms} ms`;
});

test('ExportReport writes csv, json and png', ['stopping the recording ends the session', 'orders while featured and overall are counted exactly'], async () => {
	const files = {};
	for (const format of ['csv', 'json', 'png']) {
		const name = `sales-report-${opt.tag}.${format}`;
		const d = await vendor.ok('ExportReport', { path: `${opt['obs-home']}/${name}`, format, session: session.start_ms });
		assertEq('ExportReport answer', { format: d.format }, { format });
		files[format] = readFileSync(path.join(opt['home-here'], name));
	}
	const csv = files.csv.toString('utf8');
	if (!csv.startsWith('\uFEFF"session_start","session_end","currency","number","product_id","title"'))
		throw new Error(`csv header: ${csv.slice(0, 80)}`);
	const rows = csv.slice(1).split('\r\n').filter(Boolean).map((line) => line.split('","').map((c) => c.replace(/^"|"$/g, '')));
	const total = rows.find((row) => row[5] === 'TOTAL');
	const money = (minor) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
	assertEq('csv TOTAL row (orders, units, revenue)', total?.slice(10), ['4', '8', money(7 * a.price_minor + b.price_minor)]);
	const json = JSON.parse(files.json.toString('utf8'));
	assertEq('json session total', json.sessions[0].total, session.total);
	const png = files.png;
	assertEq('png signature', png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
	assertEq('png size', [png.readUInt32BE(16), png.readUInt32BE(20)], [1600, 1000]);
	const refused = await vendor.call('ExportReport', { path: `${opt['obs-home']}/x.txt`, format: 'xlsx' });
	assertEq('an unknown format', { ok: refused.ok, error: refused.error }, { ok: false, error: 'the report\'s format must be csv, json or png' });
	return `csv ${files.csv.length} bytes, json ${files.json.length} bytes, png ${png.length} bytes`;
});

run({
	deadlineS: opt.deadline,
	teardown: async () => {
		if (!obs) return;
		if (recorded) await obs.call('StopRecord').catch(() => {});
		await obs.disconnect().catch(() => {});
	},
});
