#!/usr/bin/env node
// End-to-end tests of the obs-websocket vendor "live-commerce" itself, in a real OBS on the demo
// shop: every request refuses every wrongly typed, out-of-range or oversized field with an error
// naming the field, and changes nothing when it does; GetDeck, NextProduct and PreviousProduct
// answer the deck and the featured products they should.
//
//   node vendor.mjs --tag obs30 [--url ws://127.0.0.1:4455] [--out DIR]
//
// The password comes from $OLC_OBS_PASSWORD; obs-websocket-js from $OLC_NODE_DIR (see smoke.mjs).
// Run it before shop.mjs, which leaves OBS on a hanging shop.
//
// The requests and their fields are written out here from the README, not taken from the module:
// a field the module stops checking, or a request it loses, must fail here.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { assertEq, canonical, checkObsVersion, clientOptions, connectObs, createHarness, loadClient, vendorClient, waitFor } from './obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const opt = clientOptions('vendor.mjs --tag TAG [--url URL] [--out DIR]');
const tag = `e2e-${opt.tag}`;
const { test, detail, run } = createHarness(tag);

let obs;
let vendor; // vendorClient(obs)
let products; // the demo shop's ListProducts
let deck; // the deck the tests load: the demo shop's first four products as #11, #12, #13, #14

// ---------------------------------------------------------------------------------------
// What every request takes (README, "obs-websocket vendor live-commerce"). base: valid values
// for the other fields, so that the one wrong field is the only thing wrong.

const MB = 'x'.repeat(1 << 20);
// 2^63 goes out as 9223372036854775808 and arrives in obs-websocket as an unsigned 64-bit
// integer; 2^64 and above arrive as doubles.
const HUGE_INT = 2 ** 63;

const NOT_WHOLE = [['text', '3'], ['an object', { n: 3 }], ['a list', [{ n: 3 }]], ['true', true], ['2^32 + 1', 4294967297],
	['1e300', 1e300], ['2^63', HUGE_INT], ['-1', -1], ['-(2^32 - 1)', -4294967295], ['1.5', 1.5], ['0.5', 0.5]];
const NOT_TEXT = [['a number', 5], ['a fraction', 1.5], ['an object', { s: 'a' }], ['a list', [{ s: 'a' }]],
	['true', true], ['1 MB of text', MB]];
const NOT_OBJECT = [['text', 'deck'], ['a number', 5], ['a list', [{ name: 'x' }]], ['true', true], ['1 MB of text', MB]];

const NOT_SESSION = [...NOT_WHOLE.filter(([what]) => what !== '2^32 + 1'), ['0', 0], ['4102444800001', 4102444800001]];

function requests() {
	const first = products[0].id;
	return {
		GetVersion: { base: {}, fields: {} },
		GetStatus: { base: {}, fields: {} },
		ListProducts: { base: {}, fields: {} },
		GetDeck: { base: {}, fields: {} },
		NextProduct: { base: {}, fields: {} },
		PreviousProduct: { base: {}, fields: {} },
		HideProduct: { base: {}, fields: {} },
		StopCountdown: { base: {}, fields: {} },
		GetCountdown: { base: {}, fields: {} },
		SetConnection: {
			base: { provider: 'demo' },
			fields: { provider: NOT_TEXT, url: NOT_TEXT, key: NOT_TEXT, secret: NOT_TEXT, token: NOT_TEXT,
				api_version: NOT_TEXT, poll_ms: [...NOT_WHOLE, ['0', 0], ['99', 99], ['600001', 600001]] },
		},
		LoadDeck: { base: {}, fields: { path: NOT_TEXT, deck: NOT_OBJECT } },
		FeatureProduct: {
			base: {},
			fields: {
				id: NOT_TEXT,
				number: [...NOT_WHOLE, ['0', 0], ['10000', 10000]],
				ids: [['text', first], ['a number', 5], ['an object', { id: first }], ['true', true], ['no items', []],
					['4 items', products.slice(0, 4).map((p) => ({ id: p.id }))], ['an item with a number id', [{ id: 5 }]],
					['an item with 1 MB of id', [{ id: MB }]], ['an item with another field', [{ id: first, number: 2 }]]],
			},
		},
		SimulateOrder: {
			base: { id: first },
			fields: { id: NOT_TEXT, quantity: [...NOT_WHOLE, ['0', 0], ['1000', 1000]] },
		},
		StartSalesSession: { base: {}, fields: {} },
		StopSalesSession: { base: {}, fields: {} },
		// A session is named by its start in Unix ms: 2^32 + 1 is one (in 1970).
		GetReport: { base: {}, fields: { session: NOT_SESSION } },
		ExportReport: {
			base: { path: '/nonexistent-folder/report.csv', format: 'csv' },
			fields: { path: NOT_TEXT, format: [...NOT_TEXT, ['5 bytes', 'jsonl']],
				session: NOT_SESSION },
		},
		StartCountdown: {
			base: { seconds: 60 },
			fields: { seconds: [...NOT_WHOLE, ['4', 4], ['3601', 3601]], label: NOT_TEXT, product_id: NOT_TEXT,
				number: [...NOT_WHOLE, ['0', 0], ['10000', 10000]] },
		},
	};
}

// What the module holds, to compare before and after the refused requests.
async function state() {
	const st = await vendor.ok('GetStatus');
	const d = await vendor.ok('GetDeck');
	const c = await vendor.ok('GetCountdown');
	return { provider: st.provider, featured: st.featured, deck: d.deck, countdown: c.state, label: c.label ?? '' };
}

const quoted = (field) => `"${field}"`;

// ---------------------------------------------------------------------------------------

test('obs answers, on the demo shop with a deck', [], async () => {
	obs = (await connectObs(loadClient(here), opt.url, opt['connect-timeout'])).obs;
	await checkObsVersion(obs, opt['obs-version']);
	vendor = vendorClient(obs);
	if ((await vendor.ok('GetStatus')).provider !== 'demo') await vendor.ok('SetConnection', { provider: 'demo' });
	await waitFor('the demo shop', 10000, async () => {
		const s = await vendor.ok('GetStatus');
		return s.state === 'ok' && s.products >= 4;
	});
	products = (await vendor.ok('ListProducts')).products;
	deck = {
		version: 1, name: 'Vendor e2e', currency: 'CNY',
		items: products.slice(0, 4).map((p, i) => ({ number: 11 + i, product_id: p.id })),
	};
	deck.items[1].title = '今日特价 Stream price';
	deck.items[1].price = '9.90';
	deck.items[2].coupon = 'LIVE10';
	await vendor.ok('LoadDeck', { deck });
	return `${products.length} products; deck items ${deck.items.map((i) => `#${i.number} ${i.product_id}`).join(', ')}`;
});

test('GetDeck answers the loaded deck', ['obs answers, on the demo shop with a deck'], async () => {
	const d = await vendor.ok('GetDeck');
	assertEq('GetDeck deck', d.deck, deck);
	return canonical(d.deck);
});

// The featured product after each step, from the response, GetStatus and the ProductFeatured event.
async function step(requestType, wantId) {
	const from = vendor.events.length;
	const r = await vendor.ok(requestType);
	assertEq(`${requestType} featured`, r.featured, [{ id: wantId }]);
	assertEq(`GetStatus featured after ${requestType}`, (await vendor.ok('GetStatus')).featured, [{ id: wantId }]);
	await vendor.waitEvent(`ProductFeatured [${wantId}] after ${requestType}`, from, 5000,
		(e) => e.type === 'ProductFeatured' && canonical(e.data.ids) === canonical([{ id: wantId }]));
	return wantId;
}

test('NextProduct and PreviousProduct step through the deck and wrap', ['GetDeck answers the loaded deck'], async () => {
	const id = (n) => deck.items[n].product_id;
	const r = await vendor.ok('FeatureProduct', { number: 11 });
	assertEq('FeatureProduct {number: 11} featured', r.featured, [{ id: id(0) }]);
	const seen = [id(0)];
	for (const n of [1, 2, 3, 0]) seen.push(await step('NextProduct', id(n)));
	for (const n of [3, 2]) seen.push(await step('PreviousProduct', id(n)));
	// The card shows the deck's overrides of the item it was stepped to.
	const listed = (await vendor.ok('ListProducts')).products.find((p) => p.id === id(2));
	assertEq('ListProducts item #13', { number: listed.number, coupon: listed.coupon }, { number: 13, coupon: 'LIVE10' });
	return seen.join(' -> ');
});

test('every request refuses wrong, huge, fractional and oversized fields, naming the field, and changes nothing',
	['NextProduct and PreviousProduct step through the deck and wrap'], async () => {
		await vendor.ok('FeatureProduct', { number: 12 });
		await vendor.ok('StopCountdown');
		const before = await state();
		const from = vendor.events.length;
		const problems = [];
		let sent = 0;
		const expectRefused = async (requestType, data, field, what) => {
			sent++;
			let d;
			try {
				d = await vendor.call(requestType, data);
			} catch (err) {
				problems.push(`${requestType} with ${what}: the call failed: ${err.message}`);
				return;
			}
			const shown = canonical(d).slice(0, 160);
			if (d.ok !== false) problems.push(`${requestType} with ${what}: answered ${shown}`);
			else if (typeof d.error !== 'string' || !d.error.includes(quoted(field)))
				problems.push(`${requestType} with ${what}: the error ${shown} does not name ${quoted(field)}`);
			else if (d.error.length > 300) problems.push(`${requestType} with ${what}: a ${d.error.length}-character error`);
		};
		for (const [requestType, spec] of Object.entries(requests())) {
			// A field the request does not have (a typo, or another request's field).
			await expectRefused(requestType, { ...spec.base, nonsense: 1 }, 'nonsense', '"nonsense": 1');
			if (!('id' in spec.fields)) await expectRefused(requestType, { ...spec.base, id: products[0].id }, 'id', 'a stray "id"');
			for (const [field, values] of Object.entries(spec.fields)) {
				for (const [what, value] of values) {
					await expectRefused(requestType, { ...spec.base, [field]: value }, field, `"${field}" ${what}`);
				}
			}
		}
		// Fields that need each other or exclude each other.
		await expectRefused('StartCountdown', { label: 'x' }, 'seconds', 'no "seconds"');
		await expectRefused('SetConnection', { url: 'https://shop.example.cn' }, 'provider', 'no "provider"');
		await expectRefused('FeatureProduct', { id: products[0].id, number: 11 }, 'number', 'both "id" and "number"');
		await expectRefused('LoadDeck', { path: '/nonexistent.json', deck }, 'deck', 'both "path" and "deck"');
		await expectRefused('StartCountdown', { seconds: 60, product_id: products[0].id, number: 11 }, 'number',
			'both "product_id" and "number"');

		const after = await state();
		try {
			assertEq('after the refused requests', after, before);
		} catch (err) {
			problems.push(err.message);
		}
		const changed = vendor.events.slice(from).filter((e) => e.type === 'ProductFeatured' ||
			e.type === 'ConnectionChanged' || (e.type === 'OrderReceived' && e.data.test === true));
		if (changed.length) problems.push(`events: ${changed.map((e) => `${e.type} ${canonical(e.data)}`).join('; ')}`);
		if (problems.length) {
			for (const p of problems) detail(`refused-requests: ${p}`);
			throw new Error(`${problems.length} of ${sent} requests: ${problems.slice(0, 4).join('; ')}`);
		}
		return `${sent} requests refused; featured ${canonical(after.featured)}, countdown ${after.countdown}`;
	});

test('fields at their limits are accepted', ['obs answers, on the demo shop with a deck'], async () => {
	const label = `${'限'.repeat(66)}ab`; // 200 bytes of UTF-8: the label's limit
	const c = await vendor.ok('StartCountdown', { seconds: 3600, label, number: 14 });
	assertEq('StartCountdown answer', { seconds: c.seconds, label: c.label, product_id: c.product_id },
		{ seconds: 3600, label, product_id: deck.items[3].product_id });
	await vendor.ok('StopCountdown');
	const from = vendor.events.length;
	await vendor.ok('SimulateOrder', { id: deck.items[0].product_id, quantity: 999 });
	const ev = await vendor.waitEvent('OrderReceived', from, 5000, (e) => e.type === 'OrderReceived' && e.data.test);
	assertEq('OrderReceived', { product_id: ev.data.product_id, quantity: ev.data.quantity },
		{ product_id: deck.items[0].product_id, quantity: 999 });
	return `label of ${Buffer.byteLength(label)} bytes, quantity 999`;
});

run({
	deadlineS: opt.deadline,
	teardown: async () => {
		if (!obs) return;
		await vendor.call('StopCountdown').catch(() => {});
		await obs.disconnect().catch(() => {});
	},
});
