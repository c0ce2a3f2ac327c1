#!/usr/bin/env node
// Captures what the demo shows when there is no display: PNG screenshots of the program
// scene and of each overlay source, and a short recording of the program output.
//
//   node demo-capture.mjs --url ws://127.0.0.1:PORT --out DIR [--seconds 6]
//
// The password comes from $OLC_OBS_PASSWORD; obs-websocket-js from $OLC_NODE_DIR/node_modules.
// Prints "saved: PATH" for each file; exits 1 when OBS could not be reached or nothing was saved.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
	options: {
		url: { type: 'string', default: 'ws://127.0.0.1:4455' },
		out: { type: 'string', default: '.' },
		seconds: { type: 'string', default: '6' },
		warmup: { type: 'string', default: '12' },
	},
});
const require = createRequire(path.join(process.env.OLC_NODE_DIR || '.', 'node_modules', 'x.js'));
const { default: OBSWebSocket } = require('obs-websocket-js');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect() {
	const obs = new OBSWebSocket();
	for (let i = 0; i < 90; i++) {
		try {
			await obs.connect(opt.url, process.env.OLC_OBS_PASSWORD);
			return obs;
		} catch {
			await sleep(1000);
		}
	}
	throw new Error(`OBS did not answer on ${opt.url}`);
}

function savePng(name, imageData) {
	const file = path.join(opt.out, name);
	writeFileSync(file, Buffer.from(imageData.replace(/^data:image\/png;base64,/, ''), 'base64'));
	console.log(`saved: ${file}`);
}

const fileName = (s) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '').toLowerCase();

async function main() {
	mkdirSync(opt.out, { recursive: true });
	const obs = await connect();
	const { sceneName } = await obs.call('GetCurrentProgramScene');
	// A flash sale running, and some seconds of the demo shop's orders for the ticker and goal.
	await obs.call('CallVendorRequest', {
		vendorName: 'live-commerce',
		requestType: 'StartCountdown',
		requestData: { seconds: 300, label: '限时抢购 Flash sale' },
	});
	await sleep(Number(opt.warmup) * 1000);

	const program = await obs.call('GetSourceScreenshot', { sourceName: sceneName, imageFormat: 'png' });
	savePng('program.png', program.imageData);

	const { sceneItems } = await obs.call('GetSceneItemList', { sceneName });
	for (const item of sceneItems) {
		if (!String(item.inputKind || '').startsWith('live_commerce_'))
			continue;
		const shot = await obs.call('GetSourceScreenshot', { sourceName: item.sourceName, imageFormat: 'png' });
		savePng(`source-${fileName(item.sourceName)}.png`, shot.imageData);
	}

	await obs.call('StartRecord');
	await sleep(Number(opt.seconds) * 1000);
	const { outputPath } = await obs.call('StopRecord');
	console.log(`recorded: ${outputPath}`);
	await obs.disconnect();
}

main().catch((err) => {
	console.error(`demo capture failed: ${err.message}`);
	process.exit(1);
});
