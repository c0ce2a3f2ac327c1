#!/usr/bin/env node
// The scene tests/bench/memory.sh measures, built step by step in a real OBS over obs-websocket:
//   rect      a 1920x1080 colour rectangle in the current scene (the baseline);
//   shop      the module on the json test shop (tests/shop-server), a product featured;
//   overlays  a product card and an order ticker added, then --orders orders placed in the
//             shop, one a second (each waited for as the module's OrderReceived).
// After each step it writes OUT/phase-NAME and waits for OUT/ack-NAME: memory.sh samples OBS's
// memory in between (this client runs in a root of its own and cannot see OBS's pid). Then it
// keeps placing an order a second until OUT/stop appears (memory.sh's last samples), and exits.
//
//   node memory.mjs --tag mem --url ws://127.0.0.1:P --out DIR [--orders 30] [--settle-ms 5000]
//
// The password comes from $OLC_OBS_PASSWORD, obs-websocket-js from $OLC_NODE_DIR (see
// tests/e2e/obs-client.mjs). Progress goes to stderr as "# memory: ..." lines.

import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { clientOptions, connectObs, loadClient, sleep, startShopServer, vendorClient, waitFor } from '../e2e/obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const opt = clientOptions('memory.mjs --tag TAG --url URL --out DIR [--orders N] [--settle-ms MS]', {
	orders: { type: 'string', default: '30' },
	'settle-ms': { type: 'string', default: '5000' },
});
const say = (s) => process.stderr.write(`# memory: ${s}\n`);
const settleMs = Number(opt['settle-ms']);

// Hands the step to memory.sh and waits for its samples (at most 10 minutes: heaptrack is slow).
async function phase(name) {
	await sleep(settleMs);
	writeFileSync(path.join(opt.out, `phase-${name}`), `${Date.now()}\n`);
	say(`phase ${name}: waiting for the samples`);
	await waitFor(`ack-${name}`, 600000, () => existsSync(path.join(opt.out, `ack-${name}`)) || stopped(), 200);
	if (stopped()) throw new Error(`stopped after ${name}`);
}
// memory.sh ends the run (OBS killed after a step for heaptrack, or a failure).
const stopped = () => existsSync(path.join(opt.out, 'stop'));

const { shop, child } = await startShopServer(null, path.join(here, '../shop-server/server.mjs'));
const base = `http://127.0.0.1:${shop.http}`;
async function control(route, body) {
	const r = await fetch(`${base}/_control/${route}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body ?? {}),
	});
	if (!r.ok) throw new Error(`shop control ${route}: ${r.status}`);
	return r.json();
}

let exitCode = 0;
try {
	const { obs } = await connectObs(loadClient(here), opt.url, opt['connect-timeout']);
	const vendor = vendorClient(obs);
	const { currentProgramSceneName: sceneName } = await obs.call('GetCurrentProgramScene');
	const { baseWidth, baseHeight } = await obs.call('GetVideoSettings');
	say(`canvas ${baseWidth}x${baseHeight}, scene ${sceneName}`);
	await obs.call('CreateInput', {
		sceneName, inputName: 'Colour rectangle', inputKind: 'color_source_v3',
		inputSettings: { color: 0xff3a2a1e, width: baseWidth, height: baseHeight }, sceneItemEnabled: true,
	});
	await phase('rect');

	await control('clear-orders');
	await vendor.ok('SetConnection', { provider: 'json', url: `${base}/json`, poll_ms: 1000 });
	await waitFor('the json shop', 20000, async () => {
		const st = await vendor.ok('GetStatus');
		return st.provider === 'json' && st.state === 'ok' && st.products > 2 ? st : null;
	});
	const products = (await vendor.ok('ListProducts')).products.filter((p) => p.price_minor > 0 && p.stock !== 0);
	await vendor.ok('FeatureProduct', { id: products[0].id });
	await phase('shop');

	await obs.call('CreateInput', { sceneName, inputName: 'Product card', inputKind: 'live_commerce_product_card',
		inputSettings: {}, sceneItemEnabled: true });
	await obs.call('CreateInput', { sceneName, inputName: 'Order ticker', inputKind: 'live_commerce_order_ticker',
		inputSettings: {}, sceneItemEnabled: true });
	let id = 9001;
	const order = async (i) => {
		const from = vendor.events.length;
		const p = products[i % Math.min(products.length, 4)];
		const [line] = (await control('order', { product_id: p.id, quantity: 1 + (i % 3), id: id++,
			buyer: `Buyer ${i}`, city: 'Hangzhou' })).order;
		await vendor.waitEvent(`OrderReceived ${line.id}`, from, 10000,
			(e) => e.type === 'OrderReceived' && String(e.data.id) === String(line.id));
	};
	const n = Number(opt.orders);
	for (let i = 0; i < n; i++) {
		const t0 = Date.now();
		await order(i);
		await sleep(Math.max(0, 1000 - (Date.now() - t0)));
	}
	say(`${n} orders placed, one a second`);
	await phase('overlays');
	for (let i = n; !existsSync(path.join(opt.out, 'stop')); i++) {
		const t0 = Date.now();
		await order(i);
		await sleep(Math.max(0, 1000 - (Date.now() - t0)));
	}
	await obs.disconnect();
} catch (err) {
	if (!stopped()) {
		say(`failed: ${err instanceof Error ? err.message : err}`);
		writeFileSync(path.join(opt.out, 'phase-failed'), `${err}\n`);
		exitCode = 1;
	}
}
child?.stdin.end();
process.exit(exitCode);
