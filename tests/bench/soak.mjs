// The soak's client (tests/bench/soak.sh starts OBS, the test shop and this, and samples OBS's
// memory from outside): puts a product card, an order ticker and a sales goal in the current
// scene, connects the json shop (long-poll), features a product, then places RATE orders a
// second at the shop for MINUTES minutes, spread over the catalog, restocking every minute so
// the card never turns sold out. Each minute it prints one line: orders placed, the orders OBS
// counted, OBS's rendered and skipped frames.
//
//   node soak.mjs --url ws://127.0.0.1:PORT --shop-info FILE --minutes M --rate R
// The websocket password comes from $OLC_OBS_PASSWORD; obs-websocket-js from $OLC_NODE_DIR.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connectObs, loadClient, sleep, vendorClient, waitFor } from '../e2e/obs-client.mjs';

const { values: opt } = parseArgs({
	options: {
		url: { type: 'string' },
		'shop-info': { type: 'string' },
		minutes: { type: 'string', default: '60' },
		rate: { type: 'string', default: '50' },
	},
});
const minutes = Number(opt.minutes);
const rate = Number(opt.rate);
if (!opt.url || !opt['shop-info'] || !(minutes > 0) || !(rate > 0 && rate <= 1000)) {
	console.error('usage: node soak.mjs --url URL --shop-info FILE [--minutes M] [--rate R (1..1000)]');
	process.exit(2);
}
const shop = JSON.parse(readFileSync(opt['shop-info'], 'utf8').split('\n')[0]);
const base = `http://127.0.0.1:${shop.http}`;

async function control(route, body) {
	const r = await fetch(`${base}/_control/${route}`, {
		method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
	});
	if (!r.ok) throw new Error(`shop control ${route}: HTTP ${r.status}`);
}

const { obs } = await connectObs(loadClient(), opt.url, 60);
const vendor = vendorClient(obs);
const { currentProgramSceneName: sceneName } = await obs.call('GetCurrentProgramScene');
const inputs = [
	['soak card', 'live_commerce_product_card'],
	['soak ticker', 'live_commerce_order_ticker'],
	['soak goal', 'live_commerce_sales_goal'],
];
for (const [inputName, inputKind] of inputs) {
	await obs.call('CreateInput', { sceneName, inputName, inputKind, inputSettings: {}, sceneItemEnabled: true });
}
const catalog = await (await fetch(`${base}/json/products`)).json();
const ids = catalog.products.map((p) => String(p.id));
await vendor.ok('SetConnection', { provider: 'json', url: `${base}/json`, poll_ms: 1000 });
await waitFor('the json shop', 30000, async () => {
	const s = await vendor.ok('GetStatus');
	return s.state === 'ok' && s.products === ids.length;
});
await vendor.ok('FeatureProduct', { id: ids[0] });

const restock = async () => {
	for (const id of ids) await control('product', { id, stock: 1000000 });
	await control('clear-requests', {});
};
await restock();

const stats = async () => obs.call('GetStats');
const first = await stats();
const t0 = performance.now();
let placed = 0;
let failed = 0;
const buyers = ['张伟', '李娜', 'Dawa Tsering', 'ئايگۈل', '王芳', 'Zhang Wei'];
const cities = ['成都', '拉萨', '和田', '大理', '昆明', ''];
console.log(`soak: ${rate} orders/s for ${minutes} min on ${ids.length} products; card, ticker and goal in "${sceneName}"`);
for (let minute = 1; minute <= minutes; minute++) {
	const end = t0 + minute * 60000;
	while (performance.now() < end) {
		// Paced against the clock, so a slow answer is caught up rather than lost.
		const due = Math.floor(((performance.now() - t0) / 1000) * rate);
		const batch = [];
		while (placed + batch.length < due) {
			const n = placed + batch.length;
			batch.push(control('order', { product_id: ids[n % ids.length], quantity: 1 + (n % 3),
				buyer: buyers[n % buyers.length], city: cities[n % cities.length] }).catch(() => { failed++; }));
		}
		await Promise.all(batch);
		placed += batch.length;
		await sleep(Math.max(1, 1000 / rate));
	}
	await restock();
	const s = await vendor.ok('GetStatus');
	const st = await stats();
	console.log(`SOAK minute ${minute}: placed ${placed} (${failed} refused by the shop), OBS counted ` +
		`${s.orders_total} orders, state ${s.state}; frames rendered ${st.renderTotalFrames - first.renderTotalFrames}, ` +
		`skipped ${st.renderSkippedFrames - first.renderSkippedFrames}; OBS says ${st.memoryUsage.toFixed(1)} MB`);
}
await obs.disconnect();
process.exit(0);
