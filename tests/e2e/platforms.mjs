#!/usr/bin/env node
// End-to-end tests of the Chinese platforms' providers (issue 11) in a real OBS: one scenario per
// platform, each described by tests/e2e/platforms/NAME.mjs and run against the test shop's module
// for that platform (tests/shop-server/platforms/NAME.mjs), which checks signatures and tokens as
// the platform does.
//
//   node platforms.mjs --tag obs30 [--url ws://127.0.0.1:4455] [--out DIR] [--only douyin,taobao]
//                      [--shop-info FILE | --shop-server PATH/server.mjs]
//
// A descriptor:
//   export default {
//     name: 'douyin',
//     connection: (shop) => ({provider, url, key, ...}),   // SetConnection; shop as the server printed it
//     expireTokens: {path: '/_control/platform/douyin/expire-tokens', body: {}},
//     ordersRequest: {path: '/douyin/order/searchList', query?: 'method', value?: 'x.y', body_includes?: 'x.y'},  // how the shop's log shows an
//                                                         // orders poll (wait-request's path and query key)
//     secrets: (shop) => [...],                           // never to reach OBS's log or collection
//     productId?: (catalogId) => '...',                   // the id ListProducts shows (default: the same)
//     productUrl?: (catalogProduct) => '...',             // the link ListProducts shows (default: not checked)
//     compareAt?: false,                                  // the platform has no struck-through price
//     cart: true,                                         // viewers buy in the platform's cart: the card's
//                                                         // automatic call to action is the cart number
//   }
// Per platform: the catalog appears with catalog.json's exact prices (product 106's lowest SKU,
// marked price_from: every platform must read its SKUs) and stock (its SKUs summed); three orders added
// at the shop give three OrderReceived events and move the counters by three; after the shop
// expired every access token, a fourth order still arrives; the product card's automatic call to
// action is the QR code of the product's link on a platform without a live-room cart, and no QR code
// (the cart number instead) on one with it, where the card set to "qr" shows the code (so the card
// did draw the product).
//
// Secrets handed to the module are appended to OUT/secrets-TAG.txt for run-obs.sh's leak check.
// Prints "PASS e2e-TAG: ..." / "FAIL e2e-TAG: ... -- why", then "e2e-TAG: N passed, N failed".

import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { assertEq, checkObsVersion, clientOptions, connectObs, createHarness, loadClient, screenshotBytes, sleep,
	startShopServer, vendorClient, waitFor, zbarDecode } from './obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const opt = clientOptions('platforms.mjs --tag TAG [--url URL] [--out DIR] [--only A,B] [--shop-info FILE | --shop-server FILE]', {
	'shop-info': { type: 'string' },
	'shop-server': { type: 'string', default: path.join(here, '..', 'shop-server', 'server.mjs') },
	only: { type: 'string' },
});
const tag = `e2e-${opt.tag}`;
const shotDir = path.join(opt.out, 'screenshots');
mkdirSync(shotDir, { recursive: true });
const CARD = 'Card platforms e2e';
const { detail, setup, test, run } = createHarness(tag);

const catalog = JSON.parse(readFileSync(path.join(path.dirname(opt['shop-server']), 'catalog.json'), 'utf8'));
const CURRENCY = catalog.currency; // CNY: two decimals
const toFen = (text) => {
	const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
	if (!m) throw new Error(`catalog.json: cannot read the price ${text}`);
	return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
};
// What a platform lists: the lowest SKU price (SKUs follow the product's price), "from" when they differ.
function expectedPrice(p) {
	const skus = p.skus?.length ? p.skus : [{ price: p.price }];
	const fen = skus.map((s) => toFen(s.price));
	return { minor: Math.min(...fen), from: new Set(fen).size > 1 };
}
const masked = (buyer) => `${[...buyer.trim()][0]}**`;

// ---- the shop server ----

let shop;
let shopChild = null;

async function control(route, body) {
	const r = await fetch(`http://127.0.0.1:${shop.http}${route}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body ?? {}),
	});
	const answer = await r.json();
	if (!r.ok) throw new Error(`shop control ${route}: ${r.status} ${JSON.stringify(answer)}`);
	return answer;
}

// ---- the descriptors ----

async function loadDescriptors() {
	const dir = path.join(here, 'platforms');
	if (!existsSync(dir)) return [];
	const only = opt.only ? new Set(opt.only.split(',')) : null;
	const all = [];
	for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
		const d = (await import(pathToFileURL(path.join(dir, file)).href)).default;
		if (!only || only.has(d.name)) all.push(d);
	}
	return all;
}

// ---- OBS ----

let obs;
let vendor;

function checkCatalog(d, list) {
	assertEq('currency', list.currency, CURRENCY);
	const got = list.products ?? [];
	if (got.length !== catalog.products.length) {
		throw new Error(`${got.length} products (${got.map((p) => p.id).join(', ')}), want ${catalog.products.length}`);
	}
	const idOf = d.productId ?? ((id) => String(id));
	for (const p of catalog.products) {
		const g = got.find((x) => x.id === idOf(p.id));
		if (!g) throw new Error(`product ${idOf(p.id)} missing; got ids ${got.map((x) => x.id).join(', ')}`);
		const price = expectedPrice(p);
		const shown = { title: g.title, price_minor: g.price_minor, currency: g.currency };
		const want = { title: p.title, price_minor: price.minor, currency: CURRENCY };
		if (p.stock !== null) shown.stock = g.stock, want.stock = p.stock;
		// Always compared: product 106's SKUs differ, so every platform must mark it "from".
		shown.price_from = g.price_from ?? null;
		want.price_from = price.from;
		if (d.compareAt !== false) {
			shown.compare_at_minor = g.compare_at_minor ?? null;
			want.compare_at_minor = p.compare_at_price === null ? null : toFen(p.compare_at_price);
		}
		if (d.productUrl) shown.url = g.url, want.url = d.productUrl(p);
		assertEq(`product ${p.id}`, shown, want);
	}
}

const ORDERS = [
	{ product_id: 103, quantity: 2, buyer: '王芳', city: '喀什' },
	{ product_id: 106, quantity: 1, buyer: 'Dawa', city: '拉萨' },
	{ product_id: 101, quantity: 3, buyer: '张伟', city: '成都' },
];
const priceOf = (id) => expectedPrice(catalog.products.find((p) => p.id === id)).minor;

setup('obs and the shop server answer', [], async () => {
	({ shop, child: shopChild } = await startShopServer(opt['shop-info'], opt['shop-server']));
	obs = (await connectObs(loadClient(here), opt.url, opt['connect-timeout'])).obs;
	await checkObsVersion(obs, opt['obs-version']);
	vendor = vendorClient(obs);
	const v = await vendor.ok('GetVersion');
	const { currentProgramSceneName: sceneName } = await obs.call('GetCurrentProgramScene');
	await obs.call('RemoveInput', { inputName: CARD }).catch(() => {});
	await obs.call('CreateInput', { sceneName, inputName: CARD, inputKind: 'live_commerce_product_card',
		inputSettings: { transition: 'none' } });
	return `OBS ${v.obs_version}, module ${v.version}; shop on port ${shop.http}; card in ${sceneName}`;
});

// What a QR code on the card says (null: none), from a screenshot of the card alone.
async function cardCode(file) {
	const { imageData } = await obs.call('GetSourceScreenshot', { sourceName: CARD, imageFormat: 'png', imageWidth: 560 });
	writeFileSync(path.join(shotDir, file), screenshotBytes(imageData));
	const got = zbarDecode(path.join(shotDir, file));
	return got === null ? null : got.toString('utf8');
}

const descriptors = await loadDescriptors();
for (const d of descriptors) {
	const connected = `${d.name}: the catalog appears with the shop's exact prices and stock`;
	const ordered = `${d.name}: three orders give three OrderReceived events and counters`;

	test(connected, ['obs and the shop server answer'], async () => {
		appendFileSync(path.join(opt.out, `secrets-${opt.tag}.txt`), `${d.secrets(shop).join('\n')}\n`);
		await control('/_control/reset');
		const t0 = performance.now();
		await vendor.ok('SetConnection', d.connection(shop));
		const st = await waitFor(`GetStatus ok on ${d.name} with ${catalog.products.length} products`, 20000, async () => {
			const s = await vendor.ok('GetStatus');
			return s.provider === d.name && s.state === 'ok' && !s.error && s.products === catalog.products.length ? s : null;
		}, 50);
		checkCatalog(d, await vendor.ok('ListProducts'));
		return `state ok after ${Math.round(performance.now() - t0)} ms, ${st.products} products`;
	});

	test(`${d.name}: the card's automatic call to action is ${d.cart ? 'the cart number, not a QR code' : 'the QR code'}`,
		[connected], async () => {
			const p = catalog.products.find((x) => x.id === 103);
			const id = (d.productId ?? String)(103);
			await vendor.ok('FeatureProduct', { id });
			const link = (await vendor.ok('ListProducts')).products.find((x) => x.id === id)?.url;
			if (!link) throw new Error(`product ${id} has no link to encode`);
			// Set to "qr", the card draws the product's link: it has drawn this product.
			await obs.call('SetInputSettings', { inputName: CARD, inputSettings: { call_to_action: 'qr' } });
			await waitFor(`the card's QR code of ${p.title}`, 10000, async () =>
				(await cardCode(`${tag}-${d.name}-qr.png`)) === link, 200);
			await obs.call('SetInputSettings', { inputName: CARD, inputSettings: { call_to_action: 'auto' } });
			if (!d.cart) {
				await sleep(1000);
				const got = await cardCode(`${tag}-${d.name}-auto.png`);
				if (got !== link) throw new Error(`automatic: decoded ${JSON.stringify(got)}, want the link ${link}`);
				return `automatic: the QR code of ${link}`;
			}
			// The cart number replaces the code once the card has redrawn (a raster on its worker).
			const file = `${tag}-${d.name}-auto.png`;
			await waitFor('the card without a QR code', 10000, async () => (await cardCode(file)) === null, 200);
			await sleep(1000);
			const again = await cardCode(file);
			if (again !== null) throw new Error(`automatic: a QR code came back: ${JSON.stringify(again)}`);
			return `automatic: no QR code (the cart number), ${file}`;
		});

	// Adds the orders at the shop and waits for one OrderReceived per order; returns the events.
	async function orderAndWait(orders, timeoutMs) {
		const from = vendor.events.length;
		for (const o of orders) await control('/_control/order', o);
		return waitFor(`${orders.length} OrderReceived`, timeoutMs, () => {
			const got = vendor.events.slice(from).filter((e) => e.type === 'OrderReceived');
			return got.length >= orders.length ? got : null;
		}, 20);
	}

	test(ordered, [connected], async () => {
		// The first orders poll only sets the baseline: wait until a second one has been answered.
		const first = await control('/_control/wait-request', { ...d.ordersRequest, closed: true, timeout_ms: 15000 });
		await control('/_control/wait-request', { ...d.ordersRequest, closed: true, after_seq: first.seq, timeout_ms: 15000 });
		const before = await vendor.ok('GetStatus');
		const t0 = performance.now();
		const got = await orderAndWait(ORDERS, 20000);
		await new Promise((r) => setTimeout(r, 1500)); // a repeat would come within a poll or two
		const all = vendor.events.filter((e) => e.type === 'OrderReceived' && e.at >= got[0].at);
		if (all.length !== ORDERS.length) throw new Error(`${all.length} OrderReceived events, want ${ORDERS.length}`);
		const idOf = d.productId ?? ((id) => String(id));
		for (const o of ORDERS) {
			const e = all.find((x) => x.data.product_id === idOf(o.product_id));
			if (!e) throw new Error(`no OrderReceived for product ${o.product_id}`);
			assertEq(`order of ${o.product_id}`, { quantity: e.data.quantity, buyer: e.data.buyer, city: e.data.city,
				total_minor: e.data.total_minor, currency: e.data.currency, test: e.data.test },
			{ quantity: o.quantity, buyer: masked(o.buyer), city: o.city, total_minor: priceOf(o.product_id) * o.quantity,
				currency: CURRENCY, test: false });
		}
		const after = await vendor.ok('GetStatus');
		const revenue = ORDERS.reduce((sum, o) => sum + priceOf(o.product_id) * o.quantity, 0);
		assertEq('counters grew by', { orders: after.orders_total - before.orders_total,
			units: after.units_total - before.units_total, revenue_minor: after.revenue_minor - before.revenue_minor },
		{ orders: 3, units: 6, revenue_minor: revenue });
		return `3 orders in ${Math.round(got[got.length - 1].at - t0)} ms`;
	});

	test(`${d.name}: an order still arrives after the shop expired the access token`, [ordered], async () => {
		await control(d.expireTokens.path, d.expireTokens.body);
		const t0 = performance.now();
		const [e] = await orderAndWait([{ product_id: 103, quantity: 1, buyer: '李娜', city: '和田' }], 30000);
		if (e.data.product_id !== (d.productId ?? String)(103)) throw new Error(`product_id ${e.data.product_id}`);
		const st = await waitFor('GetStatus ok again', 10000, async () => {
			const s = await vendor.ok('GetStatus');
			return s.state === 'ok' && !s.error ? s : null;
		});
		return `the order arrived ${Math.round(e.at - t0)} ms after the expiry; state ${st.state}`;
	});
}
if (descriptors.length === 0) detail('no platform descriptors in tests/e2e/platforms/');

run({
	deadlineS: opt.deadline,
	teardown: async () => {
		await obs?.call('RemoveInput', { inputName: CARD }).catch(() => {});
		if (vendor) await vendor.call('SetConnection', { provider: 'demo' }).catch(() => {});
		await obs?.disconnect();
		shopChild?.kill();
	},
});
