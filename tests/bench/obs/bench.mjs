#!/usr/bin/env node
// The real-OBS benchmark: our overlays in OBS 30.2 on a 1920x1080 canvas (llvmpipe under Xvfb in
// the Debian 13 root), driven over obs-websocket, against the test shop's json shape
// (tests/shop-server/server.mjs, started here as a child). tests/bench/obs/run.sh starts OBS and
// runs this in the trixie root; it prints one BENCH line per number (the contract in the README's
// "Performance and reliability"), INFO and NOTE lines for the table, "#" lines for people.
//
//   node bench.mjs --url ws://127.0.0.1:PORT --obs-pid PID --proc /olc/hostproc
//                  --files-here DIR --files-obs DIR [--window 6] [--sections "obs-process obs-overlay latency rush"]
//
// --obs-pid is OBS's pid as the host sees it and --proc the host's /proc bound into this root (OBS
// runs in another pid namespace): its CPU (utime + stime of /proc/PID/stat) and memory
// (/proc/PID/smaps_rollup) are read there. --files-here and --files-obs are one directory, as this
// client and OBS see it: OBS writes the overlays' screenshots there and shows them again with its
// own image source.
//
// Sections (in this order; each one left out prints nothing):
//   obs-process  30 s of one colour rectangle (color_source_v3, the canvas' size), then 30 s with the
//                product card and the order ticker added and an order a second: CPU-seconds of OBS
//                over each window, PSS (anon, file, total) at the end of each.
//   obs-overlay  per overlay three windows of --window s, one after the other: the empty scene, the
//                overlay, OBS's image source showing the overlay's own pixels (a screenshot of it at
//                its own size, in the same place). Render time: GetStats averageFrameRenderTime
//                sampled every second, the median; CPU: OBS's CPU time over the window in % of one
//                core. "Added" is the window minus the empty scene's. Rows with orders get one a
//                second in all three windows, so the shop session's own work cancels out.
//   latency      the ticker alone; per sample the shop's long-poll is held, an order is written
//                (POST /_control/order), and the ticker is screenshot back to back (small) until
//                its pixels change.
//   rush         card + ticker + goal while the shop takes 500 orders a second for 60 s: OBS's
//                skipped and rendered frames (GetStats deltas), PSS before and after.
// Exits 1 if a section could not run to the end (the numbers it printed stay valid).

import { mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { checkObsVersion, connectObs, loadClient, longPollHeld, oneLine, screenshotBytes, shopControl, sleep, startShopServer,
	waitFor } from '../../e2e/obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
	options: {
		url: { type: 'string', default: 'ws://127.0.0.1:4455' },
		'obs-pid': { type: 'string' },
		proc: { type: 'string', default: '/proc' },
		'files-here': { type: 'string' },
		'files-obs': { type: 'string' },
		window: { type: 'string', default: '6' },
		'process-window': { type: 'string', default: '30' },
		'rush-seconds': { type: 'string', default: '60' },
		'rush-per-second': { type: 'string', default: '500' },
		'latency-samples': { type: 'string', default: '20' },
		sections: { type: 'string', default: 'obs-process obs-overlay latency rush' },
		'obs-version': { type: 'string' },
		'shop-server': { type: 'string', default: path.join(here, '..', '..', 'shop-server', 'server.mjs') },
	},
});
if (!opt['obs-pid'] || !opt['files-here'] || !opt['files-obs']) {
	console.error('usage: bench.mjs --url URL --obs-pid PID --proc DIR --files-here DIR --files-obs DIR [--window S]');
	process.exit(2);
}
const sections = opt.sections.split(/\s+/).filter(Boolean);
const WINDOW_S = Number(opt.window);
const PROCESS_WINDOW_S = Number(opt['process-window']);
mkdirSync(opt['files-here'], { recursive: true });

const VENDOR = 'live-commerce';
const KIND = {
	card: 'live_commerce_product_card',
	ticker: 'live_commerce_order_ticker',
	goal: 'live_commerce_sales_goal',
	countdown: 'live_commerce_countdown',
	qr: 'live_commerce_qr_code',
};
// Product 104 of the test catalog has no stock limit: thousands of orders never run it out.
const ORDER_PRODUCT = 104;
const FEATURED = 101;

// ---------------------------------------------------------------------------------------
// Output

const round = (v, digits = 3) => Number(v.toFixed(digits));
function bench(section, row, metric, value, unit) {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		console.log(`# ${section} / ${row} / ${metric}: no number (${value})`);
		return;
	}
	console.log(`BENCH ${JSON.stringify({ section, row, metric, value: round(value), unit })}`);
}
const info = (key, value) => console.log(`INFO ${JSON.stringify({ key, value })}`);
const note = (section, text) => console.log(`NOTE ${JSON.stringify({ section, text })}`);
const say = (text) => console.log(`# obs-bench: ${text}`);
const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	if (!s.length) return NaN;
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
	const s = [...xs].sort((a, b) => a - b);
	if (!s.length) return NaN;
	// Nearest rank: the smallest sample with at least q of them at or below it.
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

// ---------------------------------------------------------------------------------------
// OBS's process, read from the host's /proc

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
const procDir = path.join(opt.proc, opt['obs-pid']);

// utime + stime of OBS (every thread), in seconds.
function obsCpuS() {
	const stat = readFileSync(path.join(procDir, 'stat'), 'utf8');
	// Fields after "(comm)", which may hold spaces: state is the first, utime the 12th, stime the 13th.
	const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

// PSS of OBS in MB (MiB, as the kernel's kB are KiB): total, anonymous, file-backed.
function obsPss() {
	const text = readFileSync(path.join(procDir, 'smaps_rollup'), 'utf8');
	const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
	return { pss: kb('Pss') / 1024, anon: kb('Pss_Anon') / 1024, file: kb('Pss_File') / 1024 };
}

// ---------------------------------------------------------------------------------------
// OBS and the shop

let obs;
let sceneName;
let shop;

async function vendorOk(requestType, requestData = {}) {
	const r = await obs.call('CallVendorRequest', { vendorName: VENDOR, requestType, requestData });
	const d = r.responseData ?? {};
	if (d.ok !== true) throw new Error(`${requestType}: ${d.error ?? JSON.stringify(d)}`);
	return d;
}

// shop is set once the server has started.
const control = (route, body) => shopControl(shop.base)(route, body);

const order = () => control('order', { product_id: ORDER_PRODUCT, quantity: 1, buyer: 'Bench', city: '大理' });

async function removeInput(inputName) {
	await obs.call('RemoveInput', { inputName }).catch(() => {});
}

// Removes every input of the scene: each window starts from the empty scene.
async function clearScene() {
	const { sceneItems } = await obs.call('GetSceneItemList', { sceneName });
	for (const item of sceneItems) await removeInput(item.sourceName);
	// Removal is finished on the graphics thread; a frame or two.
	await sleep(300);
}

// Waits until the source has a size (its first raster is on a worker); returns {id, w, h}.
async function sized(inputName) {
	return waitFor(`${inputName} to have a size`, 15000, async () => {
		const { sceneItemId } = await obs.call('GetSceneItemId', { sceneName, sourceName: inputName });
		const { sceneItemTransform: t } = await obs.call('GetSceneItemTransform', { sceneName, sceneItemId });
		return t.sourceWidth > 0 && t.sourceHeight > 0 ? { id: sceneItemId, w: t.sourceWidth, h: t.sourceHeight } : null;
	}, 100);
}

// Where each overlay sits on the 1920x1080 canvas, as a streamer would lay them out: the anchor
// corner and a 40 px margin.
function placeAt(anchor, w, h) {
	const m = 40;
	const x = anchor.includes('r') ? 1920 - w - m : anchor.includes('c') ? (1920 - w) / 2 : m;
	const y = anchor.includes('b') ? 1080 - h - m : m;
	return { positionX: Math.max(0, Math.round(x)), positionY: Math.max(0, Math.round(y)) };
}

// Creates the inputs, waits for their sizes, places them; returns [{name, id, w, h, pos}].
async function addInputs(specs) {
	const placed = [];
	for (const s of specs) {
		await removeInput(s.name);
		await obs.call('CreateInput', { sceneName, inputName: s.name, inputKind: s.kind, inputSettings: s.settings,
			sceneItemEnabled: true });
	}
	for (const s of specs) {
		const { id, w, h } = await sized(s.name);
		const pos = s.pos ?? placeAt(s.anchor ?? 'tl', w, h);
		await obs.call('SetSceneItemTransform', { sceneName, sceneItemId: id, sceneItemTransform: pos });
		placed.push({ name: s.name, id, w, h, pos });
	}
	return placed;
}

// One measuring window of `seconds`: OBS's render time (GetStats averageFrameRenderTime each
// second, the median), its CPU over the window, frames rendered and skipped. everySecond runs at
// each second's start (an order, for rows that take orders).
async function measure(seconds, everySecond) {
	const s0 = await obs.call('GetStats');
	const c0 = obsCpuS();
	const t0 = performance.now();
	const renderMs = [];
	for (let i = 0; i < seconds; i++) {
		if (everySecond) await everySecond();
		const wait = t0 + (i + 1) * 1000 - performance.now();
		if (wait > 0) await sleep(wait);
		renderMs.push((await obs.call('GetStats')).averageFrameRenderTime);
	}
	const c1 = obsCpuS();
	const t1 = performance.now();
	const s1 = await obs.call('GetStats');
	const cpuS = c1 - c0;
	return {
		renderMs: median(renderMs),
		cpuS,
		cpuPct: (100 * cpuS) / ((t1 - t0) / 1000),
		seconds: (t1 - t0) / 1000,
		// renderTotalFrames counts every frame interval, the ones the renderer missed (skipped) too.
		rendered: (s1.renderTotalFrames - s0.renderTotalFrames) - (s1.renderSkippedFrames - s0.renderSkippedFrames),
		skipped: s1.renderSkippedFrames - s0.renderSkippedFrames,
		fps: s1.activeFps,
	};
}

// The overlays as in a stream: the card bottom left, the ticker top right, the goal top centre,
// the countdown top left, the QR code bottom right.
const SPEC = {
	card: { name: 'Bench card', kind: KIND.card, settings: {}, anchor: 'bl' },
	ticker: { name: 'Bench ticker', kind: KIND.ticker, settings: { max_rows: 4 }, anchor: 'tr' },
	goal: { name: 'Bench goal', kind: KIND.goal, settings: { kind: 'orders', target_orders: 100000 }, anchor: 'tc' },
	countdown: { name: 'Bench countdown', kind: KIND.countdown, settings: {}, anchor: 'tl' },
	qr: { name: 'Bench QR', kind: KIND.qr, settings: {}, anchor: 'br' },
};

const OVERLAYS = [
	{ row: 'product card', specs: [SPEC.card] },
	{ row: 'order ticker', specs: [SPEC.ticker], orders: true },
	{ row: 'sales goal', specs: [SPEC.goal] },
	{ row: 'countdown', specs: [SPEC.countdown], countdown: true },
	{ row: 'QR code', specs: [SPEC.qr] },
	{ row: 'card + ticker', specs: [SPEC.card, SPEC.ticker], orders: true },
];

// Settles an overlay after it got its size: the card slides in, rows pop in, photos load.
const SETTLE_MS = 2500;

async function connectShop() {
	({ shop } = await startShopServer(null, opt['shop-server']));
	shop.base = `http://127.0.0.1:${shop.http}`;
	await control('reset', {});
	await useJsonShop();
	await vendorOk('FeatureProduct', { id: String(FEATURED) });
}

// The json shape with its long-poll for orders, at the provider's default poll interval (5 s)
// unless pollMs is given. The interval spaces the module's requests: after a long-poll was
// answered with orders, the next one starts pollMs later.
async function useJsonShop(pollMs) {
	await vendorOk('SetConnection', { provider: 'json', url: `${shop.base}/json`, ...(pollMs ? { poll_ms: pollMs } : {}) });
	const products = JSON.parse(readFileSync(path.join(path.dirname(opt['shop-server']), 'catalog.json'), 'utf8'))
		.products.length;
	await waitFor('the json shop to be read', 20000, async () => {
		const s = await vendorOk('GetStatus');
		return s.provider === 'json' && s.state === 'ok' && s.products === products;
	}, 100);
}

// ---------------------------------------------------------------------------------------
// Sections

async function obsProcess() {
	const section = 'obs-process';
	await clearScene();
	await addInputs([{ name: 'Bench colour', kind: 'color_source_v3', settings: { color: 0xff303040 }, pos: { positionX: 0, positionY: 0 } }]);
	await sleep(1500);
	say(`${section}: ${PROCESS_WINDOW_S} s of one colour rectangle (1920x1080)`);
	const a = await measure(PROCESS_WINDOW_S);
	const pa = obsPss();
	const rowA = 'colour rectangle';
	bench(section, rowA, 'cpu s', a.cpuS, 's');
	bench(section, rowA, 'PSS anon MB', pa.anon, 'MB');
	bench(section, rowA, 'PSS file MB', pa.file, 'MB');
	bench(section, rowA, 'PSS MB', pa.pss, 'MB');

	await addInputs([SPEC.card, SPEC.ticker]);
	await sleep(SETTLE_MS);
	say(`${section}: ${PROCESS_WINDOW_S} s of the colour rectangle, card and ticker, an order a second`);
	const b = await measure(PROCESS_WINDOW_S, order);
	const pb = obsPss();
	const rowB = 'colour rectangle + card + ticker (1 order/s)';
	bench(section, rowB, 'cpu s', b.cpuS, 's');
	bench(section, rowB, 'PSS anon MB', pb.anon, 'MB');
	bench(section, rowB, 'PSS file MB', pb.file, 'MB');
	bench(section, rowB, 'PSS MB', pb.pss, 'MB');
	say(`${section}: render ${a.renderMs.toFixed(2)} -> ${b.renderMs.toFixed(2)} ms, ${a.fps.toFixed(1)} -> ` +
		`${b.fps.toFixed(1)} fps`);
	note(section, fpsNote([a, b]));
	await clearScene();
}

// What OBS managed: a canvas that does not reach its 30 fps (a busy machine, llvmpipe starved of
// CPU) renders fewer frames, and every cost per second shrinks with them.
function fpsNote(windows) {
	const rendered = windows.map((w) => w.rendered / w.seconds);
	const low = Math.min(...rendered);
	return `OBS rendered ${low.toFixed(1)} to ${Math.max(...rendered).toFixed(1)} frames a second in these windows ` +
		`(30 wanted)${low < 27 ? ': below 27 the machine was too busy and these numbers understate every cost' : ''}`;
}

async function obsOverlay() {
	const section = 'obs-overlay';
	note(section, `render ms: GetStats averageFrameRenderTime sampled every second over ${WINDOW_S} s, the median, ` +
		`minus the empty scene's in the same run; cpu %: OBS's utime+stime over the window (% of one core), minus the ` +
		'empty scene\'s; the image source shows a screenshot of the overlay at its own size in the same place');
	const windows = [];
	for (const o of OVERLAYS) {
		const tick = o.orders ? order : undefined;
		try {
			await clearScene();
			if (o.countdown) await vendorOk('StartCountdown', { seconds: 3600, label: '限时秒杀 Flash sale' });
			const empty = await measure(WINDOW_S, tick);
			const placed = await addInputs(o.specs);
			await sleep(SETTLE_MS);
			// The overlay's own pixels, now: OBS writes the PNG itself, at the source's own size.
			const files = [];
			for (const p of placed) {
				const file = `${p.name.replace(/[^A-Za-z0-9]+/g, '-')}.png`;
				await obs.call('SaveSourceScreenshot', { sourceName: p.name, imageFormat: 'png',
					imageFilePath: path.posix.join(opt['files-obs'], file) });
				files.push(file);
			}
			const ours = await measure(WINDOW_S, tick);
			await clearScene();
			await addInputs(placed.map((p, i) => ({ name: `${p.name} image`, kind: 'image_source',
				settings: { file: path.posix.join(opt['files-obs'], files[i]) }, pos: p.pos })));
			await sleep(1000);
			const image = await measure(WINDOW_S, tick);
			await clearScene();
			if (o.countdown) await vendorOk('StopCountdown');
			windows.push(empty, ours, image);
			const oursCpu = ours.cpuPct - empty.cpuPct;
			const imageCpu = image.cpuPct - empty.cpuPct;
			bench(section, o.row, 'render ms', ours.renderMs - empty.renderMs, 'ms');
			bench(section, o.row, 'cpu %', oursCpu, '%');
			bench(section, o.row, 'image source render ms', image.renderMs - empty.renderMs, 'ms');
			bench(section, o.row, 'image source cpu %', imageCpu, '%');
			// A ratio of two differences means something only when both are above the noise floor of zero.
			if (imageCpu > 0 && oursCpu > 0) bench(section, o.row, 'ratio cpu', oursCpu / imageCpu, '×');
			else say(`${o.row}: ours added ${oursCpu.toFixed(2)} %, the image source ${imageCpu.toFixed(2)} %: no ratio`);
			say(`${o.row} (${placed.map((p) => `${p.w}x${p.h}`).join(' + ')}): empty ${empty.renderMs.toFixed(2)} ms ` +
				`${empty.cpuPct.toFixed(1)} %, ours ${ours.renderMs.toFixed(2)} ms ${ours.cpuPct.toFixed(1)} %, image ` +
				`${image.renderMs.toFixed(2)} ms ${image.cpuPct.toFixed(1)} %`);
		} catch (err) {
			say(`${o.row}: ${oneLine(err)}`);
			failed.push(`${section}: ${o.row}`);
			await vendorOk('StopCountdown').catch(() => {});
		}
	}
	if (windows.length) note(section, fpsNote(windows));
	await clearScene();
}

const CITIES = ['成都', '拉萨', '昆明', '西安', '杭州', '厦门', '重庆'];

async function latency() {
	const section = 'latency';
	const row = 'order to screen (json long-poll)';
	await clearScene();
	// An order after a calm spell shows at once (the batcher's first orders of a window are single
	// rows). The 1 s batch window (default 5 s) makes every sample's order such an order without
	// waiting 5 s between them; rows stay until pushed out, so none fades during a sample.
	const [ticker] = await addInputs([{ ...SPEC.ticker, name: 'Bench latency ticker',
		settings: { max_rows: 4, row_seconds: 0, batch_seconds: 1 } }]);
	// Small screenshots: fast to take and to encode; any changed pixel still changes the bytes.
	const shotW = Math.min(320, ticker.w);
	const shot = async () => {
		const sent = performance.now();
		const { imageData } = await obs.call('GetSourceScreenshot', { sourceName: ticker.name, imageFormat: 'png',
			imageWidth: shotW });
		return { sent, got: performance.now(), png: screenshotBytes(imageData) };
	};
	// A 1 s poll interval: the next long-poll starts 1 s after an answered one (5 s by default), so
	// samples come faster; an order that finds a long-poll held is answered at once either way.
	await control('clear-requests', {});
	await useJsonShop(1000);
	const samples = [];
	const spans = [];
	const want = Number(opt['latency-samples']);
	let misses = 0;
	while (samples.length < want && misses < 5) {
		// Steady: two equal screenshots 300 ms apart (the last row has popped in).
		let prev = await shot();
		await waitFor('a steady ticker', 10000, async () => {
			await sleep(300);
			const again = await shot();
			const same = again.png.equals(prev.png);
			prev = again;
			return same;
		}, 0);
		// The order finds the module waiting on its long-poll.
		await longPollHeld(control);
		// Past the last order's batch window too.
		await sleep(1100);
		const steady = (await shot()).png;
		// Screenshots back to back while the order is written, until one differs.
		let answered = null;
		// An order that looks unlike the rows on screen (a masked buyer, the same product and city would
		// draw a row identical to the one it pushes out): quantities 2 to 9 in turn, never the 1 of the
		// other sections' orders, and the city of the sample.
		const n = samples.length + misses;
		const written = control('order', { product_id: ORDER_PRODUCT, quantity: 2 + (n % 8), buyer: `Bench ${n}`,
			city: CITIES[n % CITIES.length] }).then(() => { answered = performance.now(); });
		let last = null;
		let changed = null;
		const until = performance.now() + 5000;
		while (performance.now() < until) {
			const s = await shot();
			if (answered !== null && !s.png.equals(steady)) {
				changed = s;
				break;
			}
			last = s;
		}
		await written;
		if (!changed || !last) {
			misses++;
			say(`${section}: no change within 5 s of an order (${misses} of at most 5)`);
			continue;
		}
		// The change was rendered after the last unchanged screenshot was asked for (and after the write
		// was answered) and at the latest when the changed one came back: the middle of that span.
		const from = Math.max(last.sent, answered);
		samples.push((from + changed.got) / 2 - answered);
		spans.push(changed.got - from);
	}
	bench(section, row, 'p50 ms', quantile(samples, 0.5), 'ms');
	bench(section, row, 'p95 ms', quantile(samples, 0.95), 'ms');
	bench(section, row, 'samples', samples.length, '');
	note(section, `each sample is the middle of the span between the last screenshot without the order and the first ` +
		`with it (GetSourceScreenshot of the ticker, ${shotW} px wide, back to back); that span, the resolution, was ` +
		`${median(spans).toFixed(0)} ms at the median (±${(median(spans) / 2).toFixed(0)} ms); one order after a calm ` +
		'spell, meeting a held long-poll (poll interval 1 s and the ticker\'s batch window 1 s here, so that ' +
		'samples need not be 5 s apart; a burst\'s orders wait for their batch window, 5 s by default)');
	if (misses) failed.push(`${section}: ${misses} order(s) never showed`);
	await clearScene();
	await useJsonShop();
}

async function rush() {
	const section = 'rush';
	const perSecond = Number(opt['rush-per-second']);
	const seconds = Number(opt['rush-seconds']);
	const row = `${perSecond} orders/s for ${seconds} s (real OBS)`;
	await clearScene();
	await addInputs([SPEC.card, SPEC.ticker, SPEC.goal]);
	await sleep(SETTLE_MS);
	const before = obsPss();
	const counted0 = (await vendorOk('GetStatus')).orders_total;
	await control('rush', { per_second: perSecond, seconds, product_id: ORDER_PRODUCT });
	const m = await measure(seconds);
	const { rush: r } = await control('rush', {});
	const after = obsPss();
	bench(section, row, 'skipped frames', m.skipped, 'frames');
	bench(section, row, 'rendered frames', m.rendered, 'frames');
	bench(section, row, 'PSS MB before', before.pss, 'MB');
	bench(section, row, 'PSS MB after', after.pss, 'MB');
	const st = await vendorOk('GetStatus');
	say(`${section}: the shop took ${r.added} orders; the session counted ${st.orders_total - counted0} of them by the ` +
		`end; render ` +
		`${m.renderMs.toFixed(2)} ms, ${m.cpuPct.toFixed(0)} % CPU, ${m.fps.toFixed(1)} fps at the end`);
	await clearScene();
}

// ---------------------------------------------------------------------------------------

const failed = [];
const deadline = setTimeout(() => {
	console.log('# obs-bench: deadline passed (15 min)');
	process.exit(1);
}, 15 * 60 * 1000);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(1));

try {
	({ obs } = await connectObs(loadClient(path.join(here, '..', '..', 'e2e')), opt.url, 60));
	const v = await checkObsVersion(obs, opt['obs-version']);
	info('OBS version', v.obsVersion);
	const mv = await vendorOk('GetVersion');
	info('module version', mv.version);
	const vs = await obs.call('GetVideoSettings');
	info('canvas', `${vs.baseWidth}x${vs.baseHeight} at ${vs.fpsNumerator / vs.fpsDenominator} fps`);
	const r = await obs.call('GetCurrentProgramScene');
	sceneName = r.sceneName ?? r.currentProgramSceneName;
	await connectShop();
	say(`OBS ${v.obsVersion} (pid ${opt['obs-pid']}), module ${mv.version}, json shop on ${shop.base}`);
} catch (err) {
	console.log(`# obs-bench: set-up failed: ${oneLine(err)}`);
	process.exit(1);
}

const run = { 'obs-process': obsProcess, 'obs-overlay': obsOverlay, latency, rush };
for (const s of sections) {
	if (!run[s]) {
		say(`unknown section ${s}`);
		failed.push(s);
		continue;
	}
	const t0 = performance.now();
	try {
		await run[s]();
	} catch (err) {
		say(`${s}: ${oneLine(err)}`);
		failed.push(s);
	}
	say(`${s} took ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
clearTimeout(deadline);
await obs.disconnect().catch(() => {});
if (failed.length) say(`not measured to the end: ${failed.join('; ')}`);
process.exit(failed.length ? 1 : 0);
