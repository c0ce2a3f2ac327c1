#!/usr/bin/env node
// End-to-end tests of the live overlays in a real OBS: the product card, the order ticker, the
// sales goal and the flash-sale countdown, as sources in the current scene, driven over obs-websocket 5 with
// the vendor "live-commerce", their screenshots taken with GetSourceScreenshot.
//
//   node overlays.mjs --tag obs30 [--url ws://127.0.0.1:4455] [--out DIR]
//
// The session is put on the demo shop first (its simulated orders are real sales to the
// session: they move the goal), so run this before shop.mjs, which leaves OBS on a hanging shop.
// The password comes from $OLC_OBS_PASSWORD; obs-websocket-js from $OLC_NODE_DIR (see smoke.mjs).
//
// Prints "PASS e2e-TAG: name" or "FAIL e2e-TAG: name -- reason" per test, details on
// "# e2e-TAG: ..." lines (stderr), then "e2e-TAG: N passed, N failed"; exits 1 on failure.
// --obs-version: the OBS version GetVersion must report (a set-up failure otherwise).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { checkObsVersion, clientOptions, connectObs, createHarness, loadClient as loadClientFrom, oneLine, screenshotBytes, sleep, waitFor,
	zbarDecode } from './obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const opt = clientOptions('overlays.mjs --tag TAG [--url URL] [--out DIR]');
const tag = `e2e-${opt.tag}`;
const shotDir = path.join(opt.out, 'screenshots');
mkdirSync(shotDir, { recursive: true });

const VENDOR = 'live-commerce';
const GOAL_KIND = 'live_commerce_sales_goal';
const COUNTDOWN_KIND = 'live_commerce_countdown';
const GOAL_INPUT = 'Sales goal e2e';
const GOAL_REACH_INPUT = 'Sales goal reached e2e';
const COUNTDOWN_INPUT = 'Countdown e2e';
const TICKER_KIND = 'live_commerce_order_ticker';
const TICKER_INPUT = 'Order ticker e2e';

// The harness (createHarness in obs-client.mjs): set-up steps are not counted.
const { setup, test, run } = createHarness(tag);


let obs;
let sceneName;



const loadClient = () => loadClientFrom(here);
const connect = async (OBSWebSocket) => (await connectObs(OBSWebSocket, opt.url, opt['connect-timeout'])).obs;

async function vendor(requestType, requestData = {}) {
	const r = await obs.call('CallVendorRequest', { vendorName: VENDOR, requestType, requestData });
	return r.responseData ?? {};
}

async function vendorOk(requestType, requestData = {}) {
	const d = await vendor(requestType, requestData);
	if (d.ok !== true) throw new Error(`${requestType}: ${d.error ?? JSON.stringify(d)}`);
	return d;
}

const status = () => vendorOk('GetStatus');

// Vendor events with their arrival time, oldest first.
const events = [];
function onVendorEvent(e) {
	if (e.vendorName === VENDOR) events.push({ type: e.eventType, data: e.eventData ?? {}, at: performance.now() });
}

async function waitEvent(what, from, timeoutMs, pred) {
	return waitFor(what, timeoutMs, () => events.slice(from).find(pred), 10);
}

// The screenshot's PNG bytes (saved under screenshots/). Two screenshots of the same pixels
// are the same bytes: QImage writes PNGs deterministically.
async function screenshot(sourceName, file) {
	const { imageData } = await obs.call('GetSourceScreenshot', { sourceName, imageFormat: 'png' });
	const png = screenshotBytes(imageData);
	writeFileSync(path.join(shotDir, file), png);
	return png;
}

async function addInput(inputName, inputKind, inputSettings) {
	await obs.call('RemoveInput', { inputName }).catch(() => {});
	await obs.call('CreateInput', { sceneName, inputName, inputKind, inputSettings, sceneItemEnabled: true });
}

// Waits until the source has a size (its first raster is on a worker) and returns it.
async function sized(inputName) {
	return waitFor(`${inputName} to have a size`, 10000, async () => {
		const { sceneItemId } = await obs.call('GetSceneItemId', { sceneName, sourceName: inputName });
		const { sceneItemTransform: t } = await obs.call('GetSceneItemTransform', { sceneName, sceneItemId });
		return t.sourceWidth > 0 && t.sourceHeight > 0 ? `${t.sourceWidth}x${t.sourceHeight}` : null;
	}, 100);
}

// ---------------------------------------------------------------------------------------
// Setup

setup('obs answers, on the demo shop', [], async () => {
	obs = await connect(loadClient());
	await checkObsVersion(obs, opt['obs-version']);
	obs.on('VendorEvent', onVendorEvent);
	const r = await obs.call('GetCurrentProgramScene');
	sceneName = r.sceneName ?? r.currentProgramSceneName;
	const v = await vendorOk('GetVersion');
	// Only when on another shop: setting the demo shop again restarts its order numbers, and the
	// session then takes its next orders for repeats of ones it already holds.
	if ((await status()).provider !== 'demo') await vendorOk('SetConnection', { provider: 'demo' });
	const st = await waitFor('the demo shop', 10000, async () => {
		const s = await status();
		return s.state === 'ok' && s.products > 0 ? s : null;
	});
	return `OBS ${v.obs_version}, module ${v.version}; demo shop with ${st.products} products, scene "${sceneName}"`;
});

// ---------------------------------------------------------------------------------------
// The sales goal

test('goal: the screenshot changes after orders', ['obs answers, on the demo shop'], async () => {
	const before = await status();
	await addInput(GOAL_INPUT, GOAL_KIND, { kind: 'orders', target_orders: before.orders_total + 40 });
	const size = await sized(GOAL_INPUT);
	// The first raster may still be on its way: wait for two equal screenshots.
	let first = await screenshot(GOAL_INPUT, `${tag}-goal-before.png`);
	await waitFor('a steady goal screenshot', 5000, async () => {
		const again = await screenshot(GOAL_INPUT, `${tag}-goal-before.png`);
		const same = again.equals(first);
		first = again;
		return same;
	}, 300);
	const counted = (await status()).orders_total;
	// The demo shop sells every few seconds.
	const after = await waitFor('a demo order to be counted', 30000, async () => {
		const s = await status();
		return s.orders_total > counted ? s : null;
	}, 200);
	// The words change at once after a quiet spell; the bar eases for 0.9 s.
	const file = `${tag}-goal-after.png`;
	await waitFor('the goal screenshot to change', 5000, async () =>
		!(await screenshot(GOAL_INPUT, file)).equals(first), 200);
	return `${size}: ${counted} -> ${after.orders_total} orders, screenshots ${tag}-goal-before.png and ${file}`;
});

test('goal: GoalReached when the goal is passed', ['goal: the screenshot changes after orders'], async () => {
	const before = await status();
	// Two orders to go: a goal already reached when the source starts is not announced.
	const target = before.orders_total + 2;
	const from = events.length;
	await addInput(GOAL_REACH_INPUT, GOAL_KIND, { kind: 'orders', target_orders: target, step_percent: 0 });
	await sized(GOAL_REACH_INPUT);
	const ev = await waitEvent('GoalReached', from, 60000, (e) => e.type === 'GoalReached' &&
		e.data.source === GOAL_REACH_INPUT);
	const d = ev.data;
	if (d.kind !== 'orders' || d.target !== target || !(d.value >= target) || d.scope !== 'stream')
		throw new Error(`GoalReached ${JSON.stringify(d)}; want kind orders, target ${target}, value >= target, scope stream`);
	await sleep(3000);
	const again = events.slice(from).filter((e) => e.type === 'GoalReached' && e.data.source === GOAL_REACH_INPUT);
	if (again.length !== 1) throw new Error(`GoalReached came ${again.length} times`);
	await screenshot(GOAL_REACH_INPUT, `${tag}-goal-reached.png`);
	await obs.call('RemoveInput', { inputName: GOAL_REACH_INPUT }).catch(() => {});
	return `GoalReached ${JSON.stringify(d)}`;
});

// ---------------------------------------------------------------------------------------
// The flash-sale countdown

test('countdown: StartCountdown {seconds: 2} is a clear error', ['obs answers, on the demo shop'], async () => {
	await vendorOk('StopCountdown');
	const cases = [
		[{ seconds: 2 }, '"seconds" must be a whole number from 5 to 3600, not 2'],
		[{ seconds: 3601 }, '"seconds" must be a whole number from 5 to 3600, not 3601'],
		[{ seconds: 7.5 }, '"seconds" must be a whole number from 5 to 3600, not 7.5'],
		[{}, '"seconds" is required: a whole number from 5 to 3600'],
	];
	for (const [data, error] of cases) {
		const d = await vendor('StartCountdown', data);
		if (d.ok !== false || d.error !== error)
			throw new Error(`StartCountdown ${JSON.stringify(data)} answered ${JSON.stringify(d)}; want the error "${error}"`);
	}
	const g = await vendorOk('GetCountdown');
	if (g.state !== 'idle') throw new Error(`after refused starts the countdown is ${g.state}`);
});

test('countdown: StartCountdown {seconds: 5} gives CountdownEnded within 6 s', ['obs answers, on the demo shop'],
	async () => {
		await addInput(COUNTDOWN_INPUT, COUNTDOWN_KIND, { end_label: '秒杀结束 Sale ended' });
		const size = await sized(COUNTDOWN_INPUT);
		const label = '限时秒杀 Flash sale';
		const from = events.length;
		const t0 = performance.now();
		const r = await vendorOk('StartCountdown', { seconds: 5, label });
		if (r.seconds !== 5 || r.label !== label) throw new Error(`StartCountdown answered ${JSON.stringify(r)}`);
		await sleep(1500);
		const running = await screenshot(COUNTDOWN_INPUT, `${tag}-countdown-running.png`);
		const g = await vendorOk('GetCountdown');
		if (g.state !== 'running' || !(g.remaining_ms > 0 && g.remaining_ms <= 4000))
			throw new Error(`GetCountdown 1.5 s in: ${JSON.stringify(g)}`);
		const ev = await waitEvent('CountdownEnded', from, 6000 - (performance.now() - t0), (e) => e.type === 'CountdownEnded');
		const after = Math.round(ev.at - t0);
		if (ev.data.label !== label) throw new Error(`CountdownEnded ${JSON.stringify(ev.data)}; want label "${label}"`);
		if (after < 4900) throw new Error(`CountdownEnded came after ${after} ms, before the 5 s were over`);
		await sleep(1500);
		const ends = events.slice(from).filter((e) => e.type === 'CountdownEnded').length;
		if (ends !== 1) throw new Error(`CountdownEnded came ${ends} times`);
		const ended = await screenshot(COUNTDOWN_INPUT, `${tag}-countdown-ended.png`);
		if (ended.equals(running)) throw new Error('the countdown looks the same running and ended');
		const e = await vendorOk('GetCountdown');
		if (e.state !== 'ended') throw new Error(`after the end GetCountdown says ${e.state}`);
		await vendorOk('StopCountdown');
		return `${size}: CountdownEnded ${JSON.stringify(ev.data)} ${after} ms after StartCountdown`;
	});

// ---------------------------------------------------------------------------------------
// The order ticker

test('ticker: SimulateOrder gives OrderReceived and a changed screenshot', ['obs answers, on the demo shop'],
	async () => {
		// Only the featured product's orders, and test orders shown: the silver teapot sells about
		// once a minute on the demo shop, so the ticker stays empty until our orders.
		const product = 'silver-teapot';
		await vendorOk('FeatureProduct', { id: product });
		try {
			await addInput(TICKER_INPUT, TICKER_KIND, { show_test: true, featured_only: true, max_rows: 4 });
			const size = await sized(TICKER_INPUT);
			let before = await screenshot(TICKER_INPUT, `${tag}-ticker-before.png`);
			await waitFor('a steady ticker screenshot', 5000, async () => {
				const again = await screenshot(TICKER_INPUT, `${tag}-ticker-before.png`);
				const same = again.equals(before);
				before = again;
				return same;
			}, 300);
			const from = events.length;
			for (const quantity of [1, 2, 3]) await vendorOk('SimulateOrder', { id: product, quantity });
			const received = await waitFor('three OrderReceived events', 5000, () => {
				const ours = events.slice(from).filter((e) => e.type === 'OrderReceived' && e.data.test === true &&
					e.data.product_id === product);
				return ours.length >= 3 ? ours : null;
			}, 20);
			const quantities = received.map((e) => e.data.quantity).join(',');
			if (quantities !== '1,2,3' || received.some((e) => e.data.buyer !== '测**'))
				throw new Error(`OrderReceived: ${JSON.stringify(received.map((e) => e.data))}; want quantities 1,2,3 ` +
					'from the masked test buyer 测**');
			// The rows pop in over half a second.
			const file = `${tag}-ticker-after.png`;
			await waitFor('the ticker screenshot to change', 5000, async () =>
				!(await screenshot(TICKER_INPUT, file)).equals(before), 200);
			await sleep(1000);
			await screenshot(TICKER_INPUT, file);
			return `${size}: 3 OrderReceived (test, ${quantities}), screenshots ${tag}-ticker-before.png and ${file}`;
		} finally {
			await vendor('HideProduct').catch(() => {});
		}
	});

// ---------------------------------------------------------------------------------------
// The product card


// Screenshots the source until its QR decodes to want (the card slides in, and re-rasterises
// on its worker after a change); returns the file name.
async function cardShows(inputName, want, file) {
	let last = '';
	try {
		await waitFor(`the card's QR to decode to ${want}`, 15000, async () => {
			await screenshot(inputName, file);
			last = zbarDecode(path.join(shotDir, file))?.toString('utf8') ?? '';
			return last === want ? last : null;
		}, 300);
	} catch (err) {
		throw new Error(`${oneLine(err)}; last decoded ${JSON.stringify(last)} from ${file}`);
	}
	return file;
}

test('card: default settings show the featured product, and its QR decodes to its link',
	['obs answers, on the demo shop'], async () => {
		const input = 'Product card e2e';
		const { products } = await vendorOk('ListProducts');
		const [first, second] = products.filter((p) => p.url && p.url.startsWith('https://'));
		if (!first || !second) throw new Error(`two products with links wanted, got ${products.length} products`);
		await vendorOk('FeatureProduct', { id: first.id });
		try {
			await addInput(input, 'live_commerce_product_card', {});
			const size = await sized(input);
			const a = await cardShows(input, first.url, `${tag}-card-first.png`);
			await vendorOk('FeatureProduct', { id: second.id });
			const b = await cardShows(input, second.url, `${tag}-card-second.png`);
			return `${size}: ${first.id} then ${second.id}, each QR decoded to its link (${a}, ${b})`;
		} finally {
			await obs.call('RemoveInput', { inputName: input }).catch(() => {});
		}
	});

// ---------------------------------------------------------------------------------------

run({
	deadlineS: opt.deadline,
	teardown: async () => {
		if (!obs) return;
		for (const inputName of [GOAL_INPUT, GOAL_REACH_INPUT, COUNTDOWN_INPUT, TICKER_INPUT])
			await obs.call('RemoveInput', { inputName }).catch(() => {});
		await obs.disconnect().catch(() => {});
	},
});
