// What every e2e client shares: obs-websocket-js loading and connecting, polling with a
// deadline, reading QR codes from screenshots with zbar, and the test shop server's control
// routes.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

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

// OBS's own version (GetVersion's obsVersion) is the version a layer asked for: "30.2" takes
// 30.2.x, "32" takes 32.x. The e2e layer runs in OBS 30.2 and compat in 32: a root that
// upgraded or a wrong root must not pass for either.
export function obsVersionMatches(got, want) {
	return typeof got === 'string' && (got === want || got.startsWith(`${want}.`));
}

export async function checkObsVersion(obs, want) {
	const v = await obs.call('GetVersion');
	if (want && !obsVersionMatches(v.obsVersion, want)) {
		throw new Error(`OBS ${v.obsVersion} answered GetVersion; this layer runs in OBS ${want}`);
	}
	return v;
}

// ---------------------------------------------------------------------------------------
// The harness every client shares. Tests and set-up steps run in the order they were
// declared; one whose prerequisite failed fails as skipped, so the count always covers every
// test. Only tests count: a set-up step (connecting, starting a shop, arming the exit check)
// prints a "#" line when it works and a loud "FAIL TAG: setup: NAME -- why" when it does not.
//
//   const h = createHarness('e2e-obs30');
//   h.setup('connect to OBS', [], async () => ...);
//   h.test('qr decodes', ['connect to OBS'], async () => 'a note for the details');
//   await h.run({ deadlineS: 240, teardown: async () => ... });   // exits the process
//
// Lines: "PASS TAG: name", "FAIL TAG: name -- why", "RETRY TAG: name -- why" (a test run again:
// never counted, bounded by retryBudget for the whole run), then "TAG: N passed, N failed";
// details on "# TAG: ..." lines (stderr). Exit status 1 when anything failed.
export function createHarness(tag, { retryBudget = 2 } = {}) {
	const steps = [];
	const outcome = new Map();
	let passed = 0;
	let failed = 0;
	let retries = 0;

	const detail = (text) => console.error(`# ${tag}: ${text}`);
	const summary = () => console.log(`${tag}: ${passed} passed, ${failed} failed` +
		(retries ? `, ${retries} retried` : ''));
	const fail = (label, why) => {
		console.log(`FAIL ${tag}: ${label} -- ${why}`);
		failed++;
	};
	// Ends the run early (deadline, signal), still printing a FAIL and the summary line.
	const abort = (why) => {
		fail('run', why);
		summary();
		process.exit(1);
	};

	return {
		detail,
		test: (name, needs, fn) => steps.push({ name, needs, fn, setup: false }),
		setup: (name, needs, fn) => steps.push({ name, needs, fn, setup: true }),
		// A test about to run again: logged as a RETRY line while the run's budget lasts (true),
		// else false and the caller fails.
		retry(name, why) {
			if (retries >= retryBudget) return false;
			retries++;
			console.log(`RETRY ${tag}: ${name} -- ${why} (retry ${retries} of at most ${retryBudget} in this run)`);
			return true;
		},
		async run({ deadlineS, teardown }) {
			const deadline = setTimeout(() => abort(`deadline -- tests still running after ${deadlineS} s`),
				Number(deadlineS) * 1000);
			// As a pid-namespace init (olc_in_root), node would ignore SIGTERM without a handler.
			for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => abort(`interrupted -- ${sig}`));

			for (const s of steps) {
				const label = s.setup ? `setup: ${s.name}` : s.name;
				const missing = s.needs.filter((n) => outcome.get(n) !== true);
				if (missing.length) {
					fail(label, `skipped: ${missing.join(', ')} failed`);
					outcome.set(s.name, false);
					continue;
				}
				const t0 = performance.now();
				try {
					const note = await s.fn();
					const ms = Math.round(performance.now() - t0);
					if (!s.setup) {
						console.log(`PASS ${tag}: ${s.name}`);
						passed++;
					}
					detail(`${label}: ${note ? `${note} ` : ''}(${ms} ms)`);
					outcome.set(s.name, true);
				} catch (err) {
					fail(label, oneLine(err));
					outcome.set(s.name, false);
					detail(`${label}: ${Math.round(performance.now() - t0)} ms`);
				}
			}
			if (teardown) await teardown().catch((err) => detail(`teardown: ${oneLine(err)}`));
			clearTimeout(deadline);
			summary();
			process.exit(failed ? 1 : 0);
		},
	};
}

// The command line every client takes: --tag (required), --url, --out, --connect-timeout,
// --deadline, --obs-version (checkObsVersion), and the client's own options (parseArgs form). Without --tag it prints usage and
// exits 2.
export function clientOptions(usage, own = {}) {
	const { values } = parseArgs({
		options: {
			tag: { type: 'string' },
			url: { type: 'string', default: 'ws://127.0.0.1:4455' },
			out: { type: 'string', default: '.' },
			'connect-timeout': { type: 'string', default: '60' },
			deadline: { type: 'string', default: '240' },
			'obs-version': { type: 'string' },
			...own,
		},
	});
	if (!values.tag) {
		console.error(`usage: ${usage}`);
		process.exit(2);
	}
	return values;
}

// The vendor "live-commerce" over a connected obs-websocket-js client: its requests, and its
// events with their arrival time, oldest first.
export function vendorClient(obs) {
	const events = [];
	obs.on('VendorEvent', (e) => {
		if (e.vendorName === 'live-commerce') {
			events.push({ type: e.eventType, data: e.eventData ?? {}, at: performance.now() });
		}
	});
	const call = async (requestType, requestData = {}) => {
		const r = await obs.call('CallVendorRequest', { vendorName: 'live-commerce', requestType, requestData });
		return r.responseData ?? {};
	};
	// A request that must succeed.
	const ok = async (requestType, requestData = {}) => {
		const d = await call(requestType, requestData);
		if (d.ok !== true) throw new Error(`${requestType}: ${d.error ?? JSON.stringify(d)}`);
		return d;
	};
	const waitEvent = (what, from, timeoutMs, pred) => waitFor(what, timeoutMs, () => events.slice(from).find(pred), 10);
	return { call, ok, events, waitEvent };
}

// Puts OBS on the demo shop (unless it is there) and waits until it has at least minProducts
// products. Returns ListProducts' products.
export async function useDemoShop(vendor, minProducts = 4) {
	if ((await vendor.ok('GetStatus')).provider !== 'demo') await vendor.ok('SetConnection', { provider: 'demo' });
	await waitFor('the demo shop', 10000, async () => {
		const s = await vendor.ok('GetStatus');
		return s.state === 'ok' && s.products >= minProducts;
	});
	return (await vendor.ok('ListProducts')).products;
}

// JSON with object keys sorted, so that comparisons do not depend on key order.
export function canonical(value) {
	return JSON.stringify(value, (_, v) =>
		v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v);
}

export function assertEq(what, got, want) {
	if (canonical(got) !== canonical(want)) throw new Error(`${what}: got ${canonical(got)}, want ${canonical(want)}`);
}

// The test shop server (tests/shop-server/server.mjs): the JSON line a running one printed, read
// from infoFile (run-obs.sh starts the server itself, so that it outlives the clients), or else a
// server started here as a child of this client. Returns { shop, child } (child null for a file).
export async function startShopServer(infoFile, serverPath) {
	if (infoFile) return { shop: JSON.parse(readFileSync(infoFile, 'utf8').split('\n')[0]), child: null };
	const child = spawn(process.execPath, [serverPath], { stdio: ['pipe', 'pipe', 'inherit'] });
	const shop = await new Promise((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => reject(new Error('the shop server printed nothing in 20 s')), 20000);
		child.stdout.on('data', (chunk) => {
			text += chunk;
			const nl = text.indexOf('\n');
			if (nl >= 0) {
				clearTimeout(timer);
				resolve(JSON.parse(text.slice(0, nl)));
			}
		});
		child.on('exit', (code) => reject(new Error(`the shop server exited (${code})`)));
	});
	return { shop, child };
}

// The test shop's control routes (base/_control/ROUTE): control(route) GETs, control(route, body)
// POSTs body as JSON; an answer other than 2xx is thrown.
export function shopControl(base) {
	return async (route, body) => {
		const r = await fetch(`${base}/_control/${route}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const answer = await r.json();
		if (!r.ok) throw new Error(`shop control ${route}: ${r.status} ${JSON.stringify(answer)}`);
		return answer;
	};
}

// Waits until the module's newest request for orders on the json shape (GET
// /json/orders?since=..&wait=..) is a long-poll the shop holds open (unanswered, not closed), so
// that an order written now meets it; returns that request's log entry. control: shopControl's.
export function longPollHeld(control, timeoutMs = 15000) {
	return waitFor('a long-poll held by the shop', timeoutMs, async () => {
		const log = await control('requests');
		for (let i = log.length - 1; i >= 0; i--) {
			if (log[i].path !== '/json/orders') continue;
			const held = log[i].query.wait !== undefined && log[i].status === null && !log[i].closed;
			return held ? log[i] : null;
		}
		return null;
	}, 20);
}
