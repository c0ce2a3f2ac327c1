// What every e2e client shares: obs-websocket-js loading and connecting, polling with a
// deadline, and reading QR codes from screenshots with zbar.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function oneLine(err) {
	const msg = err instanceof Error ? err.message : String(err);
	return msg.replace(/\s+/g, ' ').trim() || 'failed';
}

// Calls fn until it returns something truthy (returned) or timeoutMs pass (thrown, with the
// last error fn threw).
export async function waitFor(what, timeoutMs, fn, intervalMs = 50) {
	const until = performance.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v;
			last = undefined;
		} catch (err) {
			last = err;
		}
		if (performance.now() >= until) {
			throw new Error(`${what} not within ${(timeoutMs / 1000).toFixed(1)} s${last ? `: ${oneLine(last)}` : ''}`);
		}
		await sleep(intervalMs);
	}
}

// obs-websocket-js from $OLC_NODE_DIR/node_modules (run-obs.sh installs it outside the tracked
// tree), else next to the calling script (dir). The JSON protocol: what a browser or a plugin
// author would see on the wire.
export function loadClient(dir) {
	const base = process.env.OLC_NODE_DIR || dir;
	const require = createRequire(path.join(base, 'package.json'));
	const mod = require('obs-websocket-js/json');
	return mod.OBSWebSocket ?? mod.default ?? mod;
}

// Connects to url, retrying for timeoutS seconds while OBS starts; the password comes from
// $OLC_OBS_PASSWORD (never a command line: it would show in ps). Returns { obs, hello }.
export async function connectObs(OBSWebSocket, url, timeoutS) {
	const password = process.env.OLC_OBS_PASSWORD || undefined;
	const until = Date.now() + Number(timeoutS) * 1000;
	let last;
	while (Date.now() < until) {
		const obs = new OBSWebSocket();
		try {
			// The default subscription (All) includes vendor events.
			const hello = await obs.connect(url, password, { rpcVersion: 1 });
			return { obs, hello };
		} catch (err) {
			last = err;
			// 4009: wrong password, e.g. another OBS on this port. Waiting will not help.
			if (err?.code === 4009) throw new Error(`${url}: authentication failed (another OBS on this port?)`);
			await obs.disconnect().catch(() => {});
			await sleep(1000);
		}
	}
	throw new Error(`no obs-websocket at ${url} after ${timeoutS} s: ${oneLine(last)}`);
}

// The PNG bytes of a GetSourceScreenshot answer.
export function screenshotBytes(imageData) {
	return Buffer.from(imageData.replace(/^data:image\/png;base64,/, ''), 'base64');
}

// zbarimg's binary mode prints the symbol's bytes untouched and nothing after them (no
// newline), so they compare exactly. Without -Sbinary, zbar guesses the text encoding of
// 8-bit data without an ECI header and may read UTF-8 as Shift-JIS. null: no code found.
export function zbarDecode(file) {
	const r = spawnSync('zbarimg', ['--raw', '-q', '-Sbinary', file], { timeout: 20000 });
	if (r.error) throw new Error(`zbarimg: ${r.error.message}`);
	if (r.status === 4) return null; // no symbol found
	// stderr also carries zbar's D-Bus complaints (the roots run no D-Bus): keep the end.
	if (r.status !== 0) throw new Error(`zbarimg exited ${r.status}: ${r.stderr.toString().trim().slice(-200)}`);
	return r.stdout;
}
