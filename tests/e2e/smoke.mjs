#!/usr/bin/env node
// End-to-end smoke test of obs-live-commerce in a real OBS, driven over obs-websocket 5
// with obs-websocket-js, the reference client.
//
//   node smoke.mjs --tag obs30 [--url ws://127.0.0.1:4455] [--out DIR] [--baseline-only]
//                  [--obs-version 30.2]
//
// The password comes from $OLC_OBS_PASSWORD (never the command line: it would show in ps).
// obs-websocket-js is resolved from $OLC_NODE_DIR/node_modules when set (run-obs.sh
// installs it under build/e2e, outside the tracked tree), else next to this file.
// zbarimg must be on PATH for the QR tests.
//
// --obs-version: the OBS version GetVersion must report (a set-up failure otherwise).
// Prints one line per test, "PASS e2e-TAG: name" or "FAIL e2e-TAG: name -- reason",
// then "e2e-TAG: N passed, N failed", and exits 1 if anything failed (see createHarness in
// obs-client.mjs; set-up steps are not counted).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkObsVersion, clientOptions, connectObs, createHarness, loadClient as loadClientFrom, oneLine, screenshotBytes, sleep,
	zbarDecode } from './obs-client.mjs';
import { inflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

const opt = clientOptions('smoke.mjs --tag TAG [--url URL] [--out DIR] [--baseline-only]',
	{ 'baseline-only': { type: 'boolean', default: false } });
const tag = `e2e-${opt.tag}`;
const shotDir = path.join(opt.out, 'screenshots');
mkdirSync(shotDir, { recursive: true });

const QR_KIND = 'live_commerce_qr_code';
const VENDOR = 'live-commerce';
// Non-ASCII query values, long enough for a QR version well above 1: what a shop link
// with a Chinese product name and city looks like before percent-encoding.
const URL_1 = 'https://shop.example.cn/p/42?name=松茸&city=香格里拉&ref=live&utm_source=obs&utm_campaign=直播间-秋季上新';
const URL_2 = 'https://shop.example.cn/p/43?name=普洱茶饼&city=西双版纳&ref=live&coupon=满100减20';

const { setup, test, run } = createHarness(tag);


async function retry(what, attempts, delayMs, fn) {
	let last;
	for (let i = 0; i < attempts; i++) {
		try {
			return await fn(i);
		} catch (err) {
			last = err;
			await sleep(delayMs);
		}
	}
	throw new Error(`${what} (after ${attempts} tries): ${oneLine(last)}`);
}

// ---------------------------------------------------------------------------------------
// PNG decoding, enough for what obs-websocket's QImage::save writes: 8-bit grey, RGB or
// RGBA, non-interlaced. Returns RGBA pixels.

function decodePng(buf) {
	const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	if (buf.length < 8 || !buf.subarray(0, 8).equals(sig)) throw new Error('not a PNG');
	let pos = 8;
	let width = 0;
	let height = 0;
	let depth = 0;
	let ctype = 0;
	let interlace = 0;
	const idat = [];
	while (pos + 8 <= buf.length) {
		const len = buf.readUInt32BE(pos);
		const type = buf.toString('latin1', pos + 4, pos + 8);
		const data = buf.subarray(pos + 8, pos + 8 + len);
		if (type === 'IHDR') {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
			depth = data[8];
			ctype = data[9];
			interlace = data[12];
		} else if (type === 'IDAT') {
			idat.push(data);
		} else if (type === 'IEND') {
			break;
		}
		pos += 12 + len;
	}
	const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[ctype];
	if (depth !== 8 || !channels || interlace !== 0)
		throw new Error(`unsupported PNG: depth ${depth}, colour type ${ctype}, interlace ${interlace}`);
	const raw = inflateSync(Buffer.concat(idat));
	const stride = width * channels;
	if (raw.length < (stride + 1) * height) throw new Error('PNG data too short');
	const pix = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		const row = pix.subarray(y * stride, (y + 1) * stride);
		const prev = y > 0 ? pix.subarray((y - 1) * stride, y * stride) : null;
		for (let x = 0; x < stride; x++) {
			const a = x >= channels ? row[x - channels] : 0;
			const b = prev ? prev[x] : 0;
			const c = prev && x >= channels ? prev[x - channels] : 0;
			let v;
			switch (filter) {
				case 0: v = 0; break;
				case 1: v = a; break;
				case 2: v = b; break;
				case 3: v = (a + b) >> 1; break;
				case 4: {
					const p = a + b - c;
					const pa = Math.abs(p - a);
					const pb = Math.abs(p - b);
					const pc = Math.abs(p - c);
					v = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
					break;
				}
				default: throw new Error(`bad PNG filter ${filter}`);
			}
			row[x] = (src[x] + v) & 0xff;
		}
	}
	const rgba = Buffer.alloc(width * height * 4);
	for (let i = 0; i < width * height; i++) {
		const s = pix.subarray(i * channels, (i + 1) * channels);
		const [r, g, b, al] =
			channels === 1 ? [s[0], s[0], s[0], 255]
			: channels === 2 ? [s[0], s[0], s[0], s[1]]
			: channels === 3 ? [s[0], s[1], s[2], 255]
			: [s[0], s[1], s[2], s[3]];
		rgba[i * 4] = r;
		rgba[i * 4 + 1] = g;
		rgba[i * 4 + 2] = b;
		rgba[i * 4 + 3] = al;
	}
	return { width, height, rgba };
}

// ---------------------------------------------------------------------------------------
// OBS helpers



const loadClient = () => loadClientFrom(here);
const connect = (OBSWebSocket) => connectObs(OBSWebSocket, opt.url, opt['connect-timeout']);

async function screenshotPng(obs, sourceName, file, imageWidth) {
	const req = { sourceName, imageFormat: 'png' };
	if (imageWidth) req.imageWidth = imageWidth;
	const { imageData } = await obs.call('GetSourceScreenshot', req);
	const png = screenshotBytes(imageData);
	writeFileSync(path.join(shotDir, file), png);
	return png;
}


function showBytes(buf) {
	const s = buf.toString('utf8');
	return Buffer.from(s, 'utf8').equals(buf) ? JSON.stringify(s) : `0x${buf.toString('hex')}`;
}

async function currentScene(obs) {
	const r = await obs.call('GetCurrentProgramScene');
	return r.sceneName ?? r.currentProgramSceneName;
}

async function removeInputQuietly(obs, inputName) {
	try {
		await obs.call('RemoveInput', { inputName });
	} catch {
		// not there
	}
}

// Takes screenshots of a QR source until one decodes to `want`; the source has no size
// until its first tick and keeps the previous matrix until its worker publishes a new one.
async function decodeUntil(obs, inputName, want, prefix) {
	let last = 'no screenshot';
	for (let i = 1; i <= 20; i++) {
		const file = `${tag}-${prefix}-${i}.png`;
		try {
			await screenshotPng(obs, inputName, file, 600);
			const got = zbarDecode(path.join(shotDir, file));
			if (got === null) {
				last = `no QR found in ${file}`;
			} else if (got.equals(want)) {
				return file;
			} else {
				last = `decoded ${showBytes(got)} from ${file}`;
			}
		} catch (err) {
			last = oneLine(err);
		}
		await sleep(500);
	}
	throw new Error(`want ${showBytes(want)}; ${last}`);
}

// ---------------------------------------------------------------------------------------
// The tests

let obs;
let OBSWebSocket;
const info = {};

// Set-up, not a test of the module: OBS answers in the version this layer runs in, and
// renders and screenshots a built-in colour source, so a QR failure below is about the module.
setup('obs answers and renders', [], async () => {
	OBSWebSocket = loadClient();
	({ obs } = await connect(OBSWebSocket));
	const v = await checkObsVersion(obs, opt['obs-version']);
	info.obsVersion = v.obsVersion;
	info.scene = await currentScene(obs);

	// OBS colours are 0xAABBGGRR.
	const name = 'Colour e2e';
	await removeInputQuietly(obs, name);
	await obs.call('CreateInput', {
		sceneName: info.scene,
		inputName: name,
		inputKind: 'color_source_v3',
		inputSettings: { color: 0xff2080e0, width: 160, height: 90 },
		sceneItemEnabled: true,
	});
	const want = [0xe0, 0x80, 0x20];
	const file = `${tag}-colour.png`;
	await retry('colour screenshot', 10, 300, async () => {
		const img = decodePng(await screenshotPng(obs, name, file));
		if (img.width !== 160 || img.height !== 90) throw new Error(`size ${img.width}x${img.height}, want 160x90`);
		for (let i = 0; i < img.width * img.height; i++) {
			const px = img.rgba.subarray(i * 4, i * 4 + 3);
			if (px.some((c, k) => Math.abs(c - want[k]) > 1)) {
				throw new Error(`pixel ${i % img.width},${Math.floor(i / img.width)} is rgb(${[...px]}), want rgb(${want})`);
			}
		}
	});
	await obs.call('RemoveInput', { inputName: name });
	return `OBS ${v.obsVersion}, obs-websocket ${v.obsWebSocketVersion}, ${v.platformDescription}`;
});

if (!opt['baseline-only']) {
	test('module loaded', ['obs answers and renders'], async () => {
		const { inputKinds } = await obs.call('GetInputKindList', { unversioned: false });
		if (!inputKinds.includes(QR_KIND)) {
			const ours = inputKinds.filter((k) => k.includes('commerce'));
			throw new Error(`input kind ${QR_KIND} missing; ${ours.length ? `found ${ours}` : `${inputKinds.length} kinds, none of ours`}`);
		}
	});

	test('vendor GetVersion', ['obs answers and renders'], async () => {
		const r = await obs.call('CallVendorRequest', { vendorName: VENDOR, requestType: 'GetVersion', requestData: {} });
		const d = r.responseData ?? {};
		if (d.version !== '0.1.0') throw new Error(`version ${JSON.stringify(d.version)}, want "0.1.0"`);
		if (typeof d.obs_version !== 'string' || d.obs_version === '')
			throw new Error(`obs_version ${JSON.stringify(d.obs_version)}, want a non-empty string`);
		return `obs_version ${d.obs_version} (running ${info.obsVersion})`;
	});

	test('qr decodes a non-ASCII URL', ['module loaded'], async () => {
		await removeInputQuietly(obs, 'QR e2e');
		await obs.call('CreateInput', {
			sceneName: info.scene,
			inputName: 'QR e2e',
			inputKind: QR_KIND,
			inputSettings: { text: URL_1, module_size: 8 },
			sceneItemEnabled: true,
		});
		return decodeUntil(obs, 'QR e2e', Buffer.from(URL_1, 'utf8'), 'qr');
	});

	test('qr follows SetInputSettings', ['qr decodes a non-ASCII URL'], async () => {
		await obs.call('SetInputSettings', { inputName: 'QR e2e', inputSettings: { text: URL_2 }, overlay: true });
		return decodeUntil(obs, 'QR e2e', Buffer.from(URL_2, 'utf8'), 'qr-updated');
	});
}

// ---------------------------------------------------------------------------------------

run({
	deadlineS: opt.deadline,
	teardown: async () => {
		if (!obs) return;
		await removeInputQuietly(obs, 'QR e2e');
		await obs.disconnect().catch(() => {});
	},
});
