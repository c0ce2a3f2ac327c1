#!/usr/bin/env node
// One phase of the restart scenarios (tests/e2e/restart.sh): what the plugin shows right after
// OBS started on a home prepared for it, or (--phase exit) countdown requests sent without pause
// while OBS quits.
//
//   node restart.mjs --tag obs30 --phase PHASE --name NAME [--url ws://127.0.0.1:4455] [--out DIR]
//                    [--shop-info FILE] [--shop-url URL] [--save] [--products N]
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
//   write-cache  no OBS (a set-up step): writes NAME's home a connection.json and a catalog cache
//                of --products N products (100000), both belonging to the saved connection, whose
//                cache file gives the header (shop identity, provider, currency, fetch time)
//   big-cache    started on that home with the shop gone: GetStatus reaches the N cached products
//                (how long after connecting is printed) and ListProducts lists them as written
//   live         started with live.json's sold-out advance on (2 s) and a json shop file of three
//                products, the second out of stock: MarkSoldOut stamps the featured card sold out
//                (StockChanged, a changed screenshot), 2 s later the next deck item in stock is
//                featured (the sold-out one skipped); RevealPrice turns a hidden-price card into
//                the same pixels as a card that never hid it
//   kuaishou-rotate   (--shop-info) connects kuaishou to the test shop, whose short-lived tokens make
//                the plugin refresh several times (each refresh rotates the refresh token); each new
//                pair reaches connection.json; an order arrives
//   kuaishou-saved    no OBS, after that OBS quit: connection.json holds the newest refresh token,
//                and the shop refuses the first one by now
//   kuaishou-again    OBS started again on that home: the saved pair works (the access token is
//                expired on purpose, so the saved refresh token is used once more) and orders arrive
//   exit         countdown requests, several in flight at any time, until OBS closes the
//                connection; OUT/restart-NAME/exit-ready appears once they are flowing
//
// The password comes from $OLC_OBS_PASSWORD; obs-websocket-js from $OLC_NODE_DIR (see smoke.mjs).

import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { assertEq, canonical, checkObsVersion, clientOptions, connectObs, createHarness, loadClient, oneLine, screenshotBytes, sleep, vendorClient, waitFor } from './obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const opt = clientOptions('restart.mjs --tag TAG --phase PHASE --name NAME [--url URL] [--out DIR] ...', {
	phase: { type: 'string' },
	name: { type: 'string' },
	'shop-info': { type: 'string' },
	'shop-url': { type: 'string' },
	save: { type: 'boolean', default: false },
	products: { type: 'string', default: '100000' },
});
if (!opt.phase || !opt.name) {
	console.error('usage: restart.mjs --tag TAG --phase PHASE --name NAME [--url URL] [--out DIR] ...');
	process.exit(2);
}
const tag = `e2e-${opt.tag}`;
const { test, setup, run } = createHarness(tag);
const dir = path.join(opt.out, `restart-${opt.name}`);
mkdirSync(dir, { recursive: true });
const configDir = (scenario) => path.join(opt.out, `restart-${scenario}`, 'home/.config/obs-studio/plugin_config/obs-live-commerce');
const connFile = path.join(configDir(opt.name), 'connection.json');
const seenFile = path.join(opt.out, 'restart-saved', 'seen.json');
const catalog = JSON.parse(readFileSync(path.join(here, '..', 'shop-server', 'catalog.json'), 'utf8'));

let obs;
let vendor;
const name = (what) => `restart ${opt.name}: ${what}`;
// Each scenario runs two phases (its own, then exit): their first tests need names of their own.
const FIRST = `OBS answers (${opt.phase} phase)`;

if (opt.phase !== 'write-cache' && opt.phase !== 'kuaishou-saved') test(name(FIRST), [], async () => {
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
			const deck = { version: 2, name: 'Restart e2e', currency: catalog.currency,
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

if (opt.phase === 'live') {
	let scene;
	const shot = async (sourceName, file) => {
		const { imageData } = await obs.call('GetSourceScreenshot', { sourceName, imageFormat: 'png' });
		const png = screenshotBytes(imageData);
		writeFileSync(path.join(dir, file), png);
		return png;
	};
	const addCard = async (inputName, inputSettings) => {
		await obs.call('CreateInput', { sceneName: scene, inputName, inputKind: 'live_commerce_product_card', inputSettings,
			sceneItemEnabled: true });
		// Its first raster is on a worker: wait for a size, then for two equal screenshots in a row.
		let last = null;
		return waitFor(`${inputName} to settle`, 10000, async () => {
			const png = await shot(inputName, `${inputName}.png`);
			const same = last && png.equals(last) && png.length > 1000;
			last = png;
			return same ? png : null;
		}, 400);
	};
	const stockOf = async (id) => (await listed()).find((p) => p.id === id)?.stock;

	test(name('the saved options are in use: a deck over the shop file, its first item featured'), [name(FIRST)], async () => {
		await waitFor('the shop file\'s 3 products', 15000, async () => (await vendor.ok('GetStatus')).products === 3, 100);
		scene = (await obs.call('GetCurrentProgramScene')).currentProgramSceneName;
		await vendor.ok('LoadDeck', { deck: { version: 1, name: 'Live e2e', currency: 'CNY', items: [
			{ number: 1, product_id: 'live-a' }, { number: 2, product_id: 'live-b' }, { number: 3, product_id: 'live-c' }] } });
		const r = await vendor.ok('FeatureProduct', { number: 1 });
		assertEq('featured', r.featured, [{ id: 'live-a' }]);
		return `scene "${scene}"; stock ${await stockOf('live-a')}, ${await stockOf('live-b')}, ${await stockOf('live-c')}`;
	});

	test(name('MarkSoldOut stamps the featured card sold out; 2 s later the next item in stock is featured'),
		[name('the saved options are in use: a deck over the shop file, its first item featured')], async () => {
			const before = await addCard('Live card', { transition: 'none' });
			const from = vendor.events.length;
			const t0 = performance.now();
			await vendor.ok('MarkSoldOut', {});
			const stock = await vendor.waitEvent('StockChanged {live-a, 0}', from, 5000,
				(e) => e.type === 'StockChanged' && e.data.id === 'live-a' && e.data.stock === 0);
			if (await stockOf('live-a') !== 0) throw new Error(`ListProducts still lists stock ${await stockOf('live-a')}`);
			const sold = await waitFor('the card to change', 5000, async () => {
				const png = await shot('Live card', 'live-card-sold-out.png');
				return png.equals(before) ? null : png;
			}, 100);
			const next = await vendor.waitEvent('ProductFeatured [live-c]', from, 8000,
				(e) => e.type === 'ProductFeatured' && canonical(e.data.ids) === canonical([{ id: 'live-c' }]));
			const waited = next.at - stock.at;
			// The option says 2 s: not before (1.8 s, timer slack), and not much after.
			if (waited < 1800 || waited > 5000) throw new Error(`featured ${Math.round(waited)} ms after the sell-out, not about 2000`);
			const skipped = vendor.events.slice(from).filter((e) => e.type === 'ProductFeatured');
			assertEq('ProductFeatured events', skipped.map((e) => e.data.ids), [[{ id: 'live-c' }]]);
			await sleep(300);
			const after = await shot('Live card', 'live-card-next.png');
			if (after.equals(sold)) throw new Error('the card still shows the sold-out product');
			return `sold out shown, #3 featured ${Math.round(waited)} ms later (#2 is out of stock); ${Math.round(performance.now() - t0)} ms in all`;
		});

	test(name('RevealPrice turns a hidden price into the same pixels as a card that never hid it'),
		[name('MarkSoldOut stamps the featured card sold out; 2 s later the next item in stock is featured')], async () => {
			const plainCard = await addCard('Plain card', { product: 'live-c', transition: 'none' });
			const hidden = await addCard('Hidden card', { product: 'live-c', transition: 'none', hide_price: true });
			if (hidden.equals(plainCard)) throw new Error('the hidden-price card shows the price');
			await vendor.ok('RevealPrice');
			await waitFor('the revealed card to equal the plain one', 5000, async () =>
				(await shot('Hidden card', 'hidden-card-revealed.png')).equals(plainCard), 100);
			return 'revealed';
		});

	test(name('switching OBS to a scene tied to a deck item features that item; an untied scene changes nothing'),
		[name('RevealPrice turns a hidden price into the same pixels as a card that never hid it')], async () => {
			const tied = '牦牛奶酪 close-up';
			await vendor.ok('LoadDeck', { deck: { version: 2, name: 'Live e2e scenes', currency: 'CNY', items: [
				{ number: 1, product_id: 'live-a' }, { number: 3, product_id: 'live-c', scene: tied }] } });
			await vendor.ok('FeatureProduct', { number: 1 });
			await obs.call('CreateScene', { sceneName: tied });
			const from = vendor.events.length;
			const t0 = performance.now();
			await obs.call('SetCurrentProgramScene', { sceneName: tied });
			const ev = await vendor.waitEvent('ProductFeatured [live-c]', from, 5000,
				(e) => e.type === 'ProductFeatured' && canonical(e.data.ids) === canonical([{ id: 'live-c' }]));
			assertEq('GetStatus featured', (await vendor.ok('GetStatus')).featured, [{ id: 'live-c' }]);
			// Back to the scene no item is tied to: what is featured stays.
			await obs.call('SetCurrentProgramScene', { sceneName: scene });
			await sleep(500);
			assertEq('featured after the untied scene', (await vendor.ok('GetStatus')).featured, [{ id: 'live-c' }]);
			return `#3 featured ${Math.round(ev.at - t0)} ms after the switch to "${tied}"`;
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

// Product i (from 0) of the big cached catalog: Chinese names, prices, old prices and stock that
// vary, unique ids. The same i always gives the same product, so big-cache knows what to expect.
const PLACES = ['云南', '贵州', '新疆', '四川', '福建', '西藏', '甘肃', '广西', '湖南', '黑龙江'];
const GOODS = ['野生松茸', '普洱茶饼', '手工银壶', '玫瑰花酱', '核桃', '红枣', '蜂蜜', '腊肉', '米粉', '木耳', '枸杞', '茶油'];
function bigProduct(i, currency) {
	const id = `c100k-${String(i + 1).padStart(6, '0')}`;
	const minor = 990 + ((i * 7919) % 200000);
	const decimal = (m) => `${Math.floor(m / 100)}.${String(m % 100).padStart(2, '0')}`;
	const old = i % 5 === 0 ? minor + 1000 : null;
	return {
		id,
		title: `${PLACES[i % PLACES.length]}${GOODS[Math.floor(i / PLACES.length) % GOODS.length]} 第${i + 1}号`,
		currency,
		price: decimal(minor),
		compare_at_price: old === null ? null : decimal(old),
		compare_at_currency: old === null ? null : currency,
		stock: i % 7 === 0 ? null : (i * 31) % 500,
		url: `https://shop.example.cn/products/${id}`,
		image: null,
		tags: [`${PLACES[i % PLACES.length]} ${i % 3 === 0 ? '特产' : '山货'}`],
		// The lowest of SKUs with different prices, as the platforms' providers cache it.
		...(i % 4 === 1 ? { price_from: true } : {}),
	};
}

// What ListProducts answers for a cached product (no deck: none is cached in this home).
function listedProduct(p) {
	const minor = (d) => Number(d.replace('.', ''));
	const l = { id: p.id, title: p.title, price_minor: minor(p.price), currency: p.currency, url: p.url,
		price_from: p.price_from === true, tags: p.tags.map((tag) => ({ tag })) };
	if (p.compare_at_price !== null) l.compare_at_minor = minor(p.compare_at_price);
	if (p.stock !== null) l.stock = p.stock;
	return l;
}

const bigCount = Number(opt.products);

// When this start's module load began, in ms of the day, from the module's "loaded in X ms" line in
// the OBS log being written (OBS stamps its lines with the local time of day); null if not there.
function moduleLoadBegan() {
	const logs = path.join(dir, 'home/.config/obs-studio/logs');
	const newest = readdirSync(logs).filter((f) => f.endsWith('.txt')).sort().pop(); // "YYYY-MM-DD HH-MM-SS.txt"
	const m = newest && /^(\d\d):(\d\d):(\d\d)\.(\d{3}): \[obs-live-commerce\] loaded in ([\d.]+) ms/m
		.exec(readFileSync(path.join(logs, newest), 'utf8'));
	return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]) - Number(m[5]) : null;
}
const msOfDay = (d) => ((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 + d.getMilliseconds();

if (opt.phase === 'write-cache') {
	setup(`write a catalog cache of ${bigCount} products`, [], async () => {
		if (!Number.isInteger(bigCount) || bigCount < 1) throw new Error(`--products ${opt.products}`);
		// The saved start's cache is the session's own text (catalog_cache_text in
		// plugin/core/session.c: jansson, JSON_INDENT(1), keys in order). Its header makes this
		// catalog the saved connection's, and the cache is written as the session writes it.
		const savedCache = path.join(configDir('saved'), 'cache', 'catalog.json');
		const savedText = readFileSync(savedCache, 'utf8');
		const saved = JSON.parse(savedText);
		if (JSON.stringify(saved, null, 1) !== savedText) {
			throw new Error(`${savedCache} is not laid out as JSON.stringify(_, null, 1) lays it out: the cache format changed`);
		}
		const products = Array.from({ length: bigCount }, (_, i) => bigProduct(i, saved.currency));
		const { version, shop, provider, fetched_at_ms, currency } = saved;
		const text = JSON.stringify({ version, shop, provider, fetched_at_ms, currency, products }, null, 1);
		mkdirSync(path.join(configDir(opt.name), 'cache'), { recursive: true });
		const file = path.join(configDir(opt.name), 'cache', 'catalog.json');
		writeFileSync(file, text);
		copyFileSync(path.join(configDir('saved'), 'connection.json'), connFile);
		return `${file}: ${(statSync(file).size / 1e6).toFixed(1)} MB, shop ${shop} (${provider}, ${currency})`;
	});
}

if (opt.phase === 'big-cache') {
	const { currency } = JSON.parse(readFileSync(path.join(configDir('saved'), 'cache', 'catalog.json'), 'utf8'));
	let connected;
	test(name(`GetStatus reaches the ${bigCount} cached products`), [name(FIRST)], async () => {
		connected = performance.now();
		const first = await vendor.ok('GetStatus');
		const st = first.products === bigCount ? first : await waitFor(`GetStatus with ${bigCount} products`, 60000, async () => {
			const s = await vendor.ok('GetStatus');
			return s.products === bigCount ? s : null;
		}, 50);
		const ms = Math.round(performance.now() - connected);
		const seen = msOfDay(new Date());
		if (st.provider !== 'json') throw new Error(`provider ${st.provider}`);
		const began = moduleLoadBegan();
		const sinceLoad = began === null ? '?' : Math.round((seen - began + 86400000) % 86400000);
		return `${bigCount} products listed ${ms} ms after connecting, ${sinceLoad} ms after module load began` +
			` (first GetStatus: ${first.products} products, state ${first.state}; polled every 50 ms)`;
	});

	test(name(`ListProducts lists the ${bigCount} cached products as written`),
		[name(`GetStatus reaches the ${bigCount} cached products`)], async () => {
			const t0 = performance.now();
			const products = await listed();
			const ms = Math.round(performance.now() - t0);
			if (products.length !== bigCount) throw new Error(`${products.length} products listed`);
			for (let i = 0; i < bigCount; i++) {
				const want = listedProduct(bigProduct(i, currency));
				if (canonical(products[i]) !== canonical(want)) {
					throw new Error(`product ${i}: got ${canonical(products[i])}, want ${canonical(want)}`);
				}
			}
			return `ListProducts answered in ${ms} ms`;
		});
}

// Kuaishou rotates the refresh token on every refresh, and the old one soon stops working: the new
// pair must reach connection.json before it is used, or a restart locks the shop out.
const KS = 'kuaishou';
const ksConnFile = path.join(configDir(KS), 'connection.json');
const ksShop = () => {
	const info = JSON.parse(readFileSync(opt['shop-info'], 'utf8'));
	const base = `http://127.0.0.1:${info.http}`;
	const control = async (route, body = {}) => {
		const r = await fetch(`${base}/_control/${route}`, { method: 'POST', body: JSON.stringify(body) });
		const answer = await r.json();
		if (r.status !== 200) throw new Error(`${route} answered ${r.status}: ${canonical(answer)}`);
		return answer;
	};
	return { info, base, control, credentials: info.credentials.kuaishou };
};
const ksSaved = () => JSON.parse(readFileSync(ksConnFile, 'utf8'));
// An order after the first order poll that follows seq, so that it is a new order to the plugin.
const ksNewOrder = async (shop, seq, quantity) => {
	await shop.control('wait-request', { path: '/kuaishou/open/order/cursor/list', after_seq: seq, closed: true,
		timeout_ms: 15000 });
	const from = vendor.events.length;
	const t0 = performance.now();
	await shop.control('order', { product_id: 103, quantity, buyer: '卓玛', city: '拉萨' });
	const ev = await vendor.waitEvent('OrderReceived', from, 15000, (e) => e.type === 'OrderReceived');
	assertEq('OrderReceived', { product_id: ev.data.product_id, quantity: ev.data.quantity, total_minor: ev.data.total_minor },
		{ product_id: '103', quantity, total_minor: 3990 * quantity });
	return Math.round(ev.at - t0);
};
const ksLastSeq = async (shop) => {
	const log = await (await fetch(`${shop.base}/_control/requests`)).json();
	return log.length ? log[log.length - 1].seq : 0;
};

if (opt.phase === 'kuaishou-rotate') {
	let shop;
	test(name('kuaishou connects to the test shop, signed'), [name(FIRST)], async () => {
		shop = ksShop();
		// Short-lived access tokens, and a rotated refresh token dead 3 s after its successor came.
		await shop.control('platform/kuaishou/config', { access_lifetime_s: 4, refresh_grace_ms: 3000 });
		const c = shop.credentials;
		const r = await vendor.ok('SetConnection', { provider: 'kuaishou', url: `${shop.base}/kuaishou`, key: c.app_key,
			secret: c.app_secret, sign_secret: c.sign_secret, token: c.access_token, refresh_token: c.refresh_token,
			poll_ms: 300 });
		assertEq('SetConnection saved', r.saved, true);
		const st = await waitFor('GetStatus kuaishou ok with the whole catalog', 15000, async () => {
			const s = await vendor.ok('GetStatus');
			return s.provider === 'kuaishou' && s.state === 'ok' && s.products === catalog.products.length ? s : null;
		}, 100);
		assertEq('connection.json refresh_token before any refresh', ksSaved().refresh_token, c.refresh_token);
		// Fen from Kuaishou, exact: product 106 shows its lowest SKU (128.50 of 128.50 and 168.00).
		const cents = (text) => Math.round(Number(text) * 100);
		const list = await vendor.ok('ListProducts');
		assertEq('prices', list.products.map((p) => [p.id, p.price_minor, p.currency]).sort(),
			catalog.products.map((p) => [String(p.id), cents(p.price), 'CNY']).sort());
		return `${st.products} products, prices exact`;
	});

	test(name('the shop rotates the tokens; each new pair is in connection.json'),
		[name('kuaishou connects to the test shop, signed')], async () => {
			// The pasted token's expiry is unknown to the plugin: expiring it starts the rotations, and
			// the new tokens (4 s) are renewed when half their life is gone.
			await shop.control('platform/kuaishou/expire-tokens');
			await waitFor('three refreshes', 20000, async () =>
				Number((await shop.control('platform/kuaishou/tokens')).refreshes) >= 3, 100);
			// Long-lived tokens from the next refresh on, so that none is under way while OBS quits.
			await shop.control('platform/kuaishou/config', { access_lifetime_s: 3600 });
			const before = (await shop.control('platform/kuaishou/tokens')).refreshes;
			const newest = await waitFor('one more refresh', 10000, async () => {
				const t = await shop.control('platform/kuaishou/tokens');
				return t.refreshes > before ? t : null;
			}, 100);
			const saved = await waitFor('connection.json to hold the newest pair', 5000, async () => {
				const c = ksSaved();
				return c.refresh_token === newest.refresh_token ? c : null;
			}, 50);
			assertEq('connection.json access token', saved.token, newest.access_token);
			const ms = await ksNewOrder(shop, await ksLastSeq(shop), 1);
			const st = await vendor.ok('GetStatus');
			if (st.error !== undefined || st.config_error !== undefined) {
				throw new Error(`GetStatus error ${JSON.stringify(st.error)}, config_error ${JSON.stringify(st.config_error)}`);
			}
			writeFileSync(path.join(dir, 'rotated.json'), JSON.stringify({ first: shop.credentials.refresh_token,
				saved: newest.refresh_token }));
			return `${newest.refreshes} refreshes; the order came ${ms} ms after it was placed`;
		});
}

if (opt.phase === 'kuaishou-saved') {
	// No OBS: OBS has quit, and has not started again yet.
	test(name('after the quit, connection.json holds the new refresh token and the shop refuses the old one'), [],
		async () => {
			const shop = ksShop();
			const tokens = await shop.control('platform/kuaishou/tokens');
			const saved = ksSaved();
			assertEq('saved refresh token is the newest', saved.refresh_token === tokens.refresh_token, true);
			if (saved.refresh_token === shop.credentials.refresh_token) throw new Error('the first refresh token is still saved');
			const first = await shop.control('platform/kuaishou/check-refresh', { refresh_token: shop.credentials.refresh_token });
			const now = await shop.control('platform/kuaishou/check-refresh', { refresh_token: saved.refresh_token });
			assertEq('the shop takes the first / the saved refresh token', [first.valid, now.valid], [false, true]);
			return `${tokens.refreshes} refreshes before the quit`;
		});
}

if (opt.phase === 'kuaishou-again') {
	let shop;
	test(name('OBS starts again on the saved rotated pair'), [name(FIRST)], async () => {
		shop = ksShop();
		const st = await waitFor('GetStatus kuaishou ok with the whole catalog', 20000, async () => {
			const s = await vendor.ok('GetStatus');
			return s.provider === 'kuaishou' && s.state === 'ok' && s.products === catalog.products.length ? s : null;
		}, 100);
		if (st.config_error !== undefined) throw new Error(`config_error ${JSON.stringify(st.config_error)}`);
		return `${st.products} products`;
	});

	test(name('the saved refresh token refreshes once more, and orders arrive'),
		[name('OBS starts again on the saved rotated pair')], async () => {
			const before = await shop.control('platform/kuaishou/tokens');
			await shop.control('platform/kuaishou/expire-tokens');
			const seq = await ksLastSeq(shop);
			const after = await waitFor('a refresh with the saved refresh token', 15000, async () => {
				const t = await shop.control('platform/kuaishou/tokens');
				return t.refreshes > before.refreshes ? t : null;
			}, 100);
			await waitFor('connection.json to hold the newest pair', 5000, async () =>
				ksSaved().refresh_token === after.refresh_token, 50);
			const ms = await ksNewOrder(shop, seq, 2);
			const st = await vendor.ok('GetStatus');
			if (st.error !== undefined) throw new Error(`GetStatus error ${JSON.stringify(st.error)}`);
			return `refreshed with the saved token; the order came ${ms} ms after it was placed`;
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
