#!/usr/bin/env node
// The Live Commerce dock in a real OBS: a first start shows it docked (OBS adds a plugin's dock
// hidden), and what the vendor requests feature is what the dock draws. The whole screen (OBS under
// Xvfb with a window manager) is captured with ffmpeg's x11grab: OUT/dock.png is the picture of
// OBS with the dock and a loaded deck that the README shows.
//
//   node dock.mjs --tag obs30 --display :91 [--url ws://127.0.0.1:4455] [--out DIR]
//
// The password comes from $OLC_OBS_PASSWORD; obs-websocket-js from $OLC_NODE_DIR (see smoke.mjs).
// OUT is the run's folder: the OBS log is read from OUT/home (run-obs.sh's layout). A click on the
// Deck tab (xdotool, as a user's mouse) captures OUT/dock-deck.png: the deck the README shows.
//
// How "the dock draws it" is told without reading Qt's widgets: two captures of the whole screen,
// one with deck item 1 featured and one with item 2, differ on the dock's side of the window (the
// scene is empty, so the preview does not change; OBS's status bar, whose numbers tick, is left
// out). With the dock hidden or not redrawing, they would not differ there.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkObsVersion, clientOptions, connectObs, createHarness, loadClient, sleep, useDemoShop, vendorClient, waitFor } from './obs-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const opt = clientOptions('dock.mjs --tag TAG --display :N [--url URL] [--out DIR]', { display: { type: 'string' } });
const tag = `e2e-${opt.tag}`;
const { test, detail, run } = createHarness(tag);

const W = 1920;
const H = 1080;
const STATUS_BAR = 60; // OBS's status bar at the bottom of the window: CPU and fps change every second

let obs;
let vendor;
let deck;

// The whole screen as rgb24 bytes, and optionally as a PNG file too.
function capture(png) {
	const args = ['-loglevel', 'error', '-f', 'x11grab', '-video_size', `${W}x${H}`, '-i', `${opt.display}+0,0`, '-frames:v', '1'];
	const raw = spawnSync('ffmpeg', [...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
		{ maxBuffer: W * H * 3 + 1024, timeout: 30000 });
	if (raw.status !== 0) throw new Error(`ffmpeg x11grab ${opt.display}: ${raw.stderr?.toString().trim() || raw.error?.message}`);
	if (raw.stdout.length !== W * H * 3) throw new Error(`ffmpeg gave ${raw.stdout.length} bytes, not ${W * H * 3}`);
	if (png) {
		const p = spawnSync('ffmpeg', [...args, '-y', png], { timeout: 30000 });
		if (p.status !== 0) throw new Error(`ffmpeg PNG: ${p.stderr?.toString().trim()}`);
	}
	return raw.stdout;
}

// Where two captures differ (at least 48/255 in some channel), above the status bar.
function changed(a, b) {
	let count = 0;
	let x0 = W;
	let x1 = -1;
	let y0 = H;
	let y1 = -1;
	for (let y = 0; y < H - STATUS_BAR; y++) {
		for (let x = 0; x < W; x++) {
			const i = (y * W + x) * 3;
			if (Math.abs(a[i] - b[i]) > 48 || Math.abs(a[i + 1] - b[i + 1]) > 48 || Math.abs(a[i + 2] - b[i + 2]) > 48) {
				count++;
				if (x < x0) x0 = x;
				if (x > x1) x1 = x;
				if (y < y0) y0 = y;
				if (y > y1) y1 = y;
			}
		}
	}
	return { count, x0, x1, y0, y1 };
}

// The dock's selected tab, found by its colour (the theme's selection blue): the first run of it at
// least 40 pixels wide, from the top of the screen's right half, where OBS (maximised by openbox)
// has the dock; OBS's own selected scene is further left (OBS 32) or lower down (OBS 30):
// {x0, x1, y}, or null.
function selectedTab(buf) {
	for (let y = 0; y < H / 2; y++) {
		let start = -1;
		for (let x = W / 2; x <= W; x++) {
			const i = (y * W + x) * 3;
			const blue = x < W && buf[i + 2] > 150 && buf[i] < 90 && buf[i + 2] - buf[i] > 100;
			if (blue && start < 0) start = x;
			if (!blue && start >= 0) {
				if (x - start >= 40) return { x0: start, x1: x - 1, y };
				start = -1;
			}
		}
	}
	return null;
}

function obsLog() {
	const dir = path.join(opt.out, 'home/.config/obs-studio/logs');
	const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort() : [];
	return files.length ? fs.readFileSync(path.join(dir, files[files.length - 1]), 'utf8') : '';
}

test('obs answers, on the demo shop with a Chinese deck', [], async () => {
	if (!opt.display) throw new Error('--display is required');
	obs = (await connectObs(loadClient(here), opt.url, opt['connect-timeout'])).obs;
	await checkObsVersion(obs, opt['obs-version']);
	vendor = vendorClient(obs);
	const products = await useDemoShop(vendor);
	deck = {
		version: 1, name: '周五晚场 Friday night', currency: 'CNY',
		items: products.slice(0, 6).map((p, i) => ({ number: i + 1, product_id: p.id })),
	};
	deck.items[0].title = '香格里拉野生松茸 今日特价';
	deck.items[0].price = '128.00';
	deck.items[1].coupon = 'LIVE10';
	await vendor.ok('LoadDeck', { deck });
	return `deck "${deck.name}" of ${deck.items.length} items`;
});

test('a first start shows the dock, docked', ['obs answers, on the demo shop with a Chinese deck'], async () => {
	const line = await waitFor('the dock shown', 10000, () => obsLog().match(/first start: showing the live_commerce_dock dock/));
	return line[0];
});

test('the dock draws the product the vendor requests feature', ['a first start shows the dock, docked'], async () => {
	await vendor.ok('FeatureProduct', { number: 2 });
	await sleep(1500); // the dock refreshes twice a second
	const a = capture();
	await vendor.ok('FeatureProduct', { number: 1 });
	await sleep(1500);
	const png = path.join(opt.out, 'dock.png');
	const b = capture(png);
	const d = changed(a, b);
	detail(`changed ${d.count} pixels in x ${d.x0}..${d.x1}, y ${d.y0}..${d.y1}; screenshot ${png}`);
	// A featured title, number and price redrawn: hundreds of pixels of text at least.
	if (d.count < 300) throw new Error(`only ${d.count} pixels changed when another product was featured: the dock is not drawn`);
	return `${d.count} pixels changed in x ${d.x0}..${d.x1}, y ${d.y0}..${d.y1}`;
});

// The Deck tab, clicked as a user would (xdotool): the tab after the selected Live tab. The click
// counts as done when the selection moved right and the dock's page changed.
test('a click on the Deck tab shows the loaded deck', ['the dock draws the product the vendor requests feature'], async () => {
	const before = capture();
	const live = selectedTab(before);
	if (!live) throw new Error('no selected tab found at the top of the dock');
	const x = live.x1 + 40;
	const click = spawnSync('xdotool', ['mousemove', String(x), String(live.y), 'click', '1'],
		{ env: { ...process.env, DISPLAY: opt.display }, timeout: 10000 });
	if (click.status !== 0) throw new Error(`xdotool: ${click.stderr?.toString().trim() || click.error?.message}`);
	await sleep(1500);
	const png = path.join(opt.out, 'dock-deck.png');
	const after = capture(png);
	const now = selectedTab(after);
	if (!now || now.x0 <= live.x1) {
		throw new Error(`the selected tab is at x ${now ? `${now.x0}..${now.x1}` : 'nowhere'}, not right of Live's ${live.x0}..${live.x1}`);
	}
	const d = changed(before, after);
	// A whole page of the dock replaced: thousands of pixels.
	if (d.count < 3000) throw new Error(`only ${d.count} pixels changed: the Deck page is not drawn`);
	detail(`clicked (${x}, ${live.y}); selected tab now x ${now.x0}..${now.x1}; screenshot ${png}`);
	return `${d.count} pixels changed in x ${d.x0}..${d.x1}, y ${d.y0}..${d.y1}`;
});

run({
	deadlineS: opt.deadline,
	teardown: async () => {
		if (obs) await obs.disconnect().catch(() => {});
	},
});
