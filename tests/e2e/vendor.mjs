#!/usr/bin/env node
// End-to-end tests of the obs-websocket vendor "live-commerce" itself, in a real OBS on the demo
// shop: every request refuses every wrongly typed, out-of-range or oversized field with an error
// naming the field, and changes nothing when it does; GetDeck, NextProduct and PreviousProduct
// answer the deck and the featured products they should.
//
//   node vendor.mjs --tag obs30 [--url ws://127.0.0.1:4455] [--out DIR]
//
// The password comes from $OLC_OBS_PASSWORD; obs-websocket-js from $OLC_NODE_DIR (see smoke.mjs).
// Run it before shop.mjs, which leaves OBS on a hanging shop. The named-deck requests import
// CSV files as WPS (GB18030) and Excel (UTF-8 with a byte order mark) write them, written here.
//
// The requests and their fields are written out here from the README, not taken from the module:
// a field the module stops checking, or a request it loses, must fail here.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { assertEq, canonical, checkObsVersion, clientOptions, connectObs, createHarness, loadClient, screenshotBytes, sleep, useDemoShop,
	vendorClient, waitFor } from './obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// --deck-dir: a folder for the deck files this client writes; --obs-deck-dir: the same folder as
// OBS sees it (OBS runs in a root of its own; run-obs.sh passes both).
const opt = clientOptions('vendor.mjs --tag TAG [--url URL] [--out DIR] [--deck-dir DIR --obs-deck-dir DIR]', {
	'deck-dir': { type: 'string' },
	'obs-deck-dir': { type: 'string' },
});
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
		ListDecks: { base: {}, fields: {} },
		SelectDeck: { base: { name: 'Vendor e2e' }, fields: { name: [...NOT_TEXT, ['empty text', '']] } },
		ImportDeck: { base: { path: '/nonexistent.csv' }, fields: { path: NOT_TEXT, name: [...NOT_TEXT, ['empty text', '']] } },
		ExportDeck: {
			base: { path: '/nonexistent/x.csv', format: 'csv' },
			fields: { path: NOT_TEXT, format: [...NOT_TEXT, ['empty text', ''], ['"xlsx!"', 'xlsx!']], name: NOT_TEXT },
		},
		RevealPrice: { base: {}, fields: {} },
		MarkSoldOut: { base: {}, fields: { id: NOT_TEXT } },
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
	products = await useDemoShop(vendor);
	deck = {
		version: 2, name: 'Vendor e2e', currency: 'CNY',
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

// ---------------------------------------------------------------------------------------
// Named decks: CSV files as cooperatives keep them, imported, selected, exported.

const deckDir = path.resolve(opt['deck-dir'] ?? path.join(opt.out, 'vendor-decks'));
const obsDeckDir = opt['obs-deck-dir'] ?? deckDir;
const atObs = (name) => path.join(obsDeckDir, name);

// text as GB18030 bytes (what WPS saves as "CSV" on Chinese Windows), by glibc's iconv.
function gb18030(text) {
	const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text, 'utf8') });
	if (r.status !== 0) throw new Error(`iconv: ${r.stderr}`);
	return r.stdout;
}

// What ListProducts (the words the card is built from) says of a product.
async function shown(id) {
	const p = (await vendor.ok('ListProducts')).products.find((x) => x.id === id);
	return { number: p.number, title: p.title, price_minor: p.price_minor, coupon: p.coupon };
}

test('ImportDeck reads WPS (GB18030) and Excel (UTF-8 BOM) CSVs alike, and SelectDeck puts the deck on the card',
	['obs answers, on the demo shop with a deck'], async () => {
		mkdirSync(deckDir, { recursive: true });
		const [a, b] = [products[0].id, products[1].id];
		const rows = '编号,商品ID,标题,直播价,优惠券,标签,讲解要点,隐藏价格\r\n' +
			`7,${a},"松茸 500g, ""特级""",168.00,SPRING10,新品、包邮,"今早采的\n给特写",否\r\n` +
			`8,${b},木耳 250g,39.90,,,,是\r\n`;
		writeFileSync(path.join(deckDir, 'wps.csv'), gb18030(rows));
		writeFileSync(path.join(deckDir, 'excel.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows, 'utf8')]));
		const wps = await vendor.ok('ImportDeck', { path: atObs('wps.csv'), name: '春季 WPS' });
		const excel = await vendor.ok('ImportDeck', { path: atObs('excel.csv') });
		assertEq('ImportDeck answers', [wps.name, wps.items, excel.name, excel.items], ['春季 WPS', 2, 'excel', 2]);
		const list = await vendor.ok('ListDecks');
		for (const n of ['春季 WPS', 'excel']) {
			if (!list.decks.some((d) => d.name === n)) throw new Error(`ListDecks ${canonical(list)} lacks ${n}`);
		}
		await vendor.ok('SelectDeck', { name: '春季 WPS' });
		assertEq('ListDecks active', (await vendor.ok('ListDecks')).active, '春季 WPS');
		const fromWps = (await vendor.ok('GetDeck')).deck;
		await vendor.ok('SelectDeck', { name: 'excel' });
		const fromExcel = (await vendor.ok('GetDeck')).deck;
		assertEq('the two files as decks', { ...fromWps, name: '' }, { ...fromExcel, name: '' });
		assertEq('deck item #7', fromExcel.items[0], { number: 7, product_id: a, title: '松茸 500g, "特级"', price: '168.00',
			coupon: 'SPRING10', tags: [{ tag: '新品' }, { tag: '包邮' }], notes: '今早采的\n给特写' });
		assertEq('deck item #8', fromExcel.items[1], { number: 8, product_id: b, title: '木耳 250g', price: '39.90', hide_price: true });
		assertEq('the card of #7', await shown(a), { number: 7, title: '松茸 500g, "特级"', price_minor: 16800, coupon: 'SPRING10' });
		const r = await vendor.ok('FeatureProduct', { number: 8 });
		assertEq('FeatureProduct #8', r.featured, [{ id: b }]);
		return `${canonical(fromExcel.items[0])}`;
	});

// A product card in the scene: its pixels once two screenshots in a row agree (the raster is drawn
// on a worker), as rgb24 rows (ffmpeg decodes the PNG). Only the top 70% is kept: photo, title,
// price and badge; the stock line below moves on its own as the demo shop sells.
function pngSize(png) {
	return { w: png.readUInt32BE(16), h: png.readUInt32BE(20) };
}
function topRows(png) {
	const { w, h } = pngSize(png);
	const r = spawnSync('ffmpeg', ['-loglevel', 'error', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
		{ input: png, maxBuffer: w * h * 3 + 1024, timeout: 30000 });
	if (r.status !== 0 || r.stdout.length !== w * h * 3) throw new Error(`ffmpeg could not decode the card: ${r.stderr}`);
	return r.stdout.subarray(0, w * 3 * Math.floor(h * 0.7));
}
async function cardPixels(inputName, file) {
	let last = null;
	const png = await waitFor(`${inputName} to settle`, 10000, async () => {
		const { imageData } = await obs.call('GetSourceScreenshot', { sourceName: inputName, imageFormat: 'png' });
		const got = screenshotBytes(imageData);
		const same = last && got.equals(last) && got.length > 1000;
		last = got;
		return same ? got : null;
	}, 300);
	writeFileSync(path.join(opt.out, file), png);
	return topRows(png);
}

test('SelectDeck changes what the product card draws, and selecting the first deck again draws it again',
	['ImportDeck reads WPS (GB18030) and Excel (UTF-8 BOM) CSVs alike, and SelectDeck puts the deck on the card'], async () => {
		const a = products[0].id;
		writeFileSync(path.join(deckDir, 'evening.csv'), `number,id,title,stream_price,coupon\r\n7,${a},松茸 今晚特价,99.00,EVENING\r\n`);
		await vendor.ok('ImportDeck', { path: atObs('evening.csv') });
		const scene = (await obs.call('GetCurrentProgramScene')).currentProgramSceneName;
		await obs.call('CreateInput', { sceneName: scene, inputName: 'Deck card', inputKind: 'live_commerce_product_card',
			inputSettings: { transition: 'none' }, sceneItemEnabled: true });
		const draw = async (deckName, file) => {
			await vendor.ok('SelectDeck', { name: deckName });
			await vendor.ok('FeatureProduct', { number: 7 });
			await sleep(300);
			return cardPixels('Deck card', file);
		};
		const excel = await draw('excel', 'deck-card-excel.png');
		const evening = await draw('evening', 'deck-card-evening.png');
		if (evening.equals(excel)) throw new Error('the card draws the same title and price for two decks with other titles and prices');
		const again = await draw('excel', 'deck-card-excel-again.png');
		if (!again.equals(excel)) throw new Error('selecting the first deck again did not draw its title and price again');
		await obs.call('RemoveInput', { inputName: 'Deck card' });
		return `#7's title and price drawn from deck "excel" and "evening": different; "excel" again: the same (top ${excel.length} bytes of pixels)`;
	});

test('a bad CSV is refused row by row and changes no deck', ['SelectDeck changes what the product card draws, and selecting the first deck again draws it again'],
	async () => {
		const before = (await vendor.ok('GetDeck')).deck;
		const decksBefore = await vendor.ok('ListDecks');
		const bad = 'number,id,stream_price,hide_price\n1,p1,12.345,no\n2,p2,9.90,maybe\n1,p3,,\n';
		writeFileSync(path.join(deckDir, 'excel.csv'), bad);
		const d = await vendor.call('ImportDeck', { path: atObs('excel.csv') });
		assertEq('ImportDeck ok', d.ok, false);
		assertEq('ImportDeck errors', d.errors, [
			{ row: 2, error: 'row 2: stream price "12.345" has more decimals than CNY allows (2)' },
			{ row: 3, error: 'row 3: hide price "maybe" is not yes or no (是/否)' },
			{ row: 4, error: 'row 4: number 1 is used by row 2 too' },
		]);
		assertEq('GetDeck after the bad file', (await vendor.ok('GetDeck')).deck, before);
		assertEq('ListDecks after the bad file', await vendor.ok('ListDecks'), decksBefore);
		return d.error;
	});

test('ExportDeck writes CSV (UTF-8 BOM) and JSON that import back to the same deck',
	['a bad CSV is refused row by row and changes no deck'], async () => {
		const csvPath = path.join(deckDir, 'out.csv');
		const jsonPath = path.join(deckDir, 'out.json');
		await vendor.ok('ExportDeck', { path: atObs('out.csv'), format: 'csv', name: '春季 WPS' });
		await vendor.ok('ExportDeck', { path: atObs('out.json'), format: 'json', name: '春季 WPS' });
		const bytes = readFileSync(csvPath);
		assertEq('the CSV starts with a byte order mark', [...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
		await vendor.ok('SelectDeck', { name: '春季 WPS' });
		const original = (await vendor.ok('GetDeck')).deck;
		await vendor.ok('ImportDeck', { path: atObs('out.csv'), name: 'back from CSV' });
		await vendor.ok('SelectDeck', { name: 'back from CSV' });
		assertEq('the deck back from CSV', { ...(await vendor.ok('GetDeck')).deck, name: '' }, { ...original, name: '' });
		// The file holds tags as texts; GetDeck carries them as [{tag}] (obs-websocket's lists are of objects).
		const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
		const asSent = { ...json, items: json.items.map((i) => (i.tags ? { ...i, tags: i.tags.map((tag) => ({ tag })) } : i)) };
		assertEq('the JSON file', asSent, original);
		// The card follows the deck loaded before for the rest of this file's tests.
		await vendor.ok('LoadDeck', { deck });
		return `${bytes.length} bytes of CSV`;
	});

run({
	deadlineS: opt.deadline,
	teardown: async () => {
		if (!obs) return;
		await vendor.call('StopCountdown').catch(() => {});
		await obs.disconnect().catch(() => {});
	},
});
