// Measures headless Chromium showing overlay.html (the card + ticker as a web overlay); run by
// run.sh inside the Debian 13 root. Talks to Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe: fds 3 and 4, NUL-separated JSON), so it needs no npm package and
// opens no port.
//
// Windows (each in a fresh browser, so one's caches and processes do not flatter the other):
//   animating   Chromium's own frame clock (60 Hz) animates the page; nobody reads a frame.
//   delivering  Chromium is started with --enable-begin-frame-control and this script sends
//               HeadlessExperimental.beginFrame 30 times a second. That is how OBS's browser
//               source drives CEF's off-screen rendering: CEF is told windowless_frame_rate =
//               the source's fps (30), and on every begin frame at that rate its compositor
//               draws the page into a pixel buffer handed to OBS (OnPaint, a shared buffer, no
//               encoding). A frame counts as delivered when beginFrame answers hasDamage: the
//               compositor drew a new frame, the one CEF would hand over. Page.startScreencast
//               was not chosen: it runs on Chromium's 60 Hz clock and JPEG/PNG-encodes every
//               frame, work CEF never does. The two extras (readable lines only) show what
//               pulling the pixels out over the protocol adds: beginFrame with a PNG of every
//               frame, and a screencast acking every frame.
// Per window: CPU-seconds of Chromium's process tree (utime + stime of the live processes plus
// cutime + cstime, which hold the processes that exited and were reaped inside the tree), PSS of
// the tree at the end (/proc/PID/smaps_rollup), the number of live processes at the end.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const BROWSER = args.browser;
const PAGE = args.page;
const OUT = args.out;
const SECONDS = Number(process.env.OLC_CHROMIUM_SECONDS || 30);
const EXTRAS = process.env.OLC_CHROMIUM_EXTRAS !== '0';
const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 30;
const WARMUP_MS = 5000; // page loaded, fonts and photo decoded, the ticker running, before a window opens
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

const log = (...a) => console.error('[chromium-bench]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function bench(row, metric, value, unit) {
  if (!Number.isFinite(value)) throw new Error(`${row} / ${metric}: not a number (${value})`);
  console.log('BENCH ' + JSON.stringify({ section: 'chromium', row, metric, value, unit }));
}

// ---- /proc: Chromium's process tree -------------------------------------------------------
function readStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
    return { pid, state: f[0], ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return null; // exited between readdir and read
  }
}
function tree(rootPid) {
  const all = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = readStat(Number(d));
    if (st) all.set(st.pid, st);
  }
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const st of all.values())
      if (!inTree.has(st.pid) && inTree.has(st.ppid)) {
        inTree.add(st.pid);
        grew = true;
      }
  }
  return [...inTree].map((p) => all.get(p)).filter(Boolean);
}
function cpuSeconds(rootPid) {
  return tree(rootPid).reduce((s, st) => s + st.ticks, 0) / CLK_TCK;
}
function pssMB(procs) {
  let kb = 0;
  for (const st of procs) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${st.pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch { /* exited */ }
  }
  return kb / 1024;
}
function describe(procs) {
  return procs.map((st) => {
    let type = 'browser';
    try {
      const cmd = readFileSync(`/proc/${st.pid}/cmdline`, 'utf8').split(/[\0 ]/);
      const t = cmd.find((a) => a.startsWith('--type='));
      const sub = cmd.find((a) => a.startsWith('--utility-sub-type='));
      if (t) type = t.slice(7) + (sub ? ':' + sub.slice(19).replace(/^.*\./, '') : '');
    } catch { /* exited */ }
    return type;
  }).join(', ');
}

// ---- the DevTools protocol over the pipe ---------------------------------------------------
class Browser {
  constructor(extraFlags) {
    this.dir = mkdtempSync(join(tmpdir(), 'olc-chromium-'));
    const flags = [
      '--remote-debugging-pipe', '--no-sandbox', // root in a chroot: no user namespaces for the sandbox
      `--user-data-dir=${this.dir}`, '--no-first-run', '--no-default-browser-check', '--mute-audio',
      `--window-size=${WIDTH},${HEIGHT}`, '--hide-scrollbars', '--force-device-scale-factor=1',
      '--allow-file-access-from-files', '--disable-background-networking', '--disable-component-update',
      ...extraFlags, 'about:blank',
    ];
    this.proc = spawn(BROWSER, flags, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    this.proc.on('error', (e) => {
      log(`failed: could not start ${BROWSER}: ${e.message}`);
      process.exit(1);
    });
    this.pid = this.proc.pid;
    this.stderr = '';
    this.proc.stdio[2].on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.exited = new Promise((r) => this.proc.on('exit', (code, sig) => r({ code, sig })));
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    let buf = '';
    this.proc.stdio[4].on('data', (d) => {
      buf += d.toString('utf8');
      let i;
      while ((i = buf.indexOf('\0')) >= 0) {
        const msg = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (msg.id && this.pending.has(msg.id)) {
          const { resolve, reject, method } = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
          else resolve(msg.result);
        } else if (msg.method) {
          for (const l of this.listeners) l(msg);
        }
      }
    });
    this.exited.then(({ code, sig }) => {
      for (const { reject, method } of this.pending.values())
        reject(new Error(`Chromium exited (${code ?? sig}) during ${method}; its stderr ends:\n${this.stderr}`));
      this.pending.clear();
    });
  }
  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      // No answer in 30 s is a hung browser: fail with the command's name, never hang.
      const t = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer from Chromium in 30 s`));
      }, 30000);
      const done = (f) => (v) => { clearTimeout(t); f(v); };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject), method });
      this.proc.stdio[3].write(JSON.stringify(msg) + '\0');
    });
  }
  async open(url, beginFrameControl) {
    const { targetInfos } = await this.send('Target.getTargets');
    const { targetId } = await this.send('Target.createTarget',
      { url: 'about:blank', width: WIDTH, height: HEIGHT, enableBeginFrameControl: beginFrameControl });
    // One page, as a browser source is one browser: close the start-up tab.
    for (const t of targetInfos) if (t.type === 'page') await this.send('Target.closeTarget', { targetId: t.targetId });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const s = (m, p) => this.send(m, p, sessionId);
    await s('Page.enable');
    await s('Emulation.setDeviceMetricsOverride', { width: WIDTH, height: HEIGHT, deviceScaleFactor: 1, mobile: false });
    await s('Emulation.setDefaultBackgroundColorOverride', { color: { r: 0, g: 0, b: 0, a: 0 } });
    const loaded = new Promise((r) => {
      const l = (m) => { if (m.sessionId === sessionId && m.method === 'Page.loadEventFired') { this.listeners.delete(l); r(); } };
      this.listeners.add(l);
    });
    await s('Page.navigate', { url });
    return { sessionId, s, loaded };
  }
  async close() {
    try { await Promise.race([this.send('Browser.close'), sleep(3000)]); } catch { /* already gone */ }
    const t = setTimeout(() => { try { process.kill(this.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await this.exited;
    clearTimeout(t);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// Runs `during` for SECONDS while measuring the tree; returns the numbers.
async function windowOf(browser, during) {
  const pids0 = new Set(tree(browser.pid).map((p) => p.pid));
  const cpu0 = cpuSeconds(browser.pid);
  const t0 = process.hrtime.bigint();
  const extra = await during(SECONDS * 1000);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = cpuSeconds(browser.pid);
  const procs = tree(browser.pid).filter((p) => p.state !== 'Z');
  const left = [...pids0].filter((p) => !procs.some((q) => q.pid === p)).length;
  const came = procs.filter((q) => !pids0.has(q.pid)).length;
  if (left || came) log(`  during the window ${came} processes started and ${left} ended (counted through their parent's cutime/cstime once reaped)`);
  // Scaled to exactly SECONDS (the loop may end a few ms late).
  return { cpu: ((cpu1 - cpu0) * SECONDS) / wall, wall, pss: pssMB(procs), processes: procs.length, kinds: describe(procs), ...extra };
}

async function waitLoaded(page) {
  await Promise.race([page.loaded, sleep(15000).then(() => { throw new Error('overlay.html did not load in 15 s'); })]);
}

// beginFrame at FPS on a fixed schedule; a frame still being drawn when the next one is due
// makes that one late (as CEF: one begin frame in flight at a time).
async function beginFrames(page, ms, screenshot) {
  let sent = 0, damaged = 0, pngBytes = 0;
  const start = performance.now();
  const interval = 1000 / FPS;
  for (let k = 0; ; k++) {
    const due = start + k * interval;
    if (due - start >= ms) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else if (-wait > interval) continue; // more than a frame late: skip this slot, as a 30 Hz clock would
    const params = { interval };
    if (screenshot) params.screenshot = { format: 'png', optimizeForSpeed: true };
    const r = await page.s('HeadlessExperimental.beginFrame', params);
    sent++;
    if (r.hasDamage) damaged++;
    if (r.screenshotData) pngBytes += r.screenshotData.length;
  }
  return { sent, frames: damaged, pngBytes };
}

async function screencast(browser, page, ms) {
  let frames = 0;
  const l = (m) => {
    if (m.sessionId !== page.sessionId || m.method !== 'Page.screencastFrame') return;
    frames++;
    page.s('Page.screencastFrameAck', { sessionId: m.params.sessionId }).catch(() => {});
  };
  browser.listeners.add(l);
  await page.s('Page.startScreencast', { format: 'jpeg', quality: 80, maxWidth: WIDTH, maxHeight: HEIGHT, everyNthFrame: 2 });
  await sleep(ms);
  await page.s('Page.stopScreencast');
  browser.listeners.delete(l);
  return { frames };
}

function report(row, r, withFrames) {
  log(`${row}: ${r.cpu.toFixed(2)} CPU-s over ${SECONDS} s (${((r.cpu / SECONDS) * 100).toFixed(0)} % of a core), ` +
    `PSS ${r.pss.toFixed(0)} MB in ${r.processes} processes (${r.kinds})` +
    (withFrames ? `, ${r.frames} frames delivered (${(r.frames / SECONDS).toFixed(1)} fps)` : ''));
}

// Whatever happens, the script ends: a plain reason and a non-zero status.
setTimeout(() => {
  log(`gave up: the measurement did not finish in ${SECONDS * 6 + 180} s`);
  process.exit(1);
}, (SECONDS * 6 + 180) * 1000).unref();
process.on('unhandledRejection', (e) => {
  log(`failed: ${e && e.message ? e.message : e}`);
  process.exit(1);
});

const url = pathToFileURL(PAGE).href;
let version;
try {
  version = execFileSync(BROWSER, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
} catch (e) {
  log(`failed: ${BROWSER} --version did not run: ${e.message.split('\n')[0]}`);
  process.exit(1);
}
log(`${version}; page ${url}; ${WIDTH}x${HEIGHT}; windows of ${SECONDS} s; ${CLK_TCK} ticks/s`);
const results = {};

// 1. Animating, nobody reading frames.
{
  const b = new Browser([]);
  try {
    const page = await b.open(url, false);
    await waitLoaded(page);
    await sleep(WARMUP_MS - 2000);
    // Readable only: the frame rate Chromium's own clock gives the page, counted with
    // requestAnimationFrame for 2 s before the window (not during it: the count costs frames).
    const rate = await page.s('Runtime.evaluate', {
      awaitPromise: true,
      expression: 'new Promise((done) => { let n = 0; const t0 = performance.now(); ' +
        'const f = () => { n++; if (performance.now() - t0 < 2000) requestAnimationFrame(f); else done(n / 2); }; ' +
        'requestAnimationFrame(f); })',
    });
    log(`the page animates at about ${rate.result.value} frames a second on Chromium's own clock`);
    const r = await windowOf(b, async (ms) => { await sleep(ms); return {}; });
    report('card + ticker animating', r, false);
    results.animating = r;
    const shot = await page.s('Page.captureScreenshot', { format: 'png' });
    writeFileSync(join(OUT, 'chromium-overlay.png'), Buffer.from(shot.data, 'base64'));
    log(`screenshot: ${join(OUT, 'chromium-overlay.png')}`);
  } finally {
    await b.close();
  }
}

// 2. Delivering 30 fps: beginFrame at 30 Hz.
async function beginFrameWindow(screenshot) {
  const b = new Browser(['--enable-begin-frame-control', '--run-all-compositor-stages-before-draw']);
  try {
    const page = await b.open(url, true);
    // Under begin-frame control nothing is drawn (and the load may wait on a frame) until
    // frames are sent: drive the page through its load and the warm-up at 30 Hz too.
    const warm = beginFrames(page, WARMUP_MS + 2000, false);
    await waitLoaded(page);
    await warm;
    return await windowOf(b, (ms) => beginFrames(page, ms, screenshot));
  } finally {
    await b.close();
  }
}
{
  const r = await beginFrameWindow(false);
  report('card + ticker delivering 30 fps', r, true);
  log(`  (beginFrame sent ${r.sent} times; ${r.frames} drew a new frame)`);
  results.delivering = r;
}
bench('card + ticker animating', 'cpu s', results.animating.cpu, 's');
bench('card + ticker animating', 'PSS MB', results.animating.pss, 'MB');
bench('card + ticker animating', 'processes', results.animating.processes, 'processes');
bench('card + ticker delivering 30 fps', 'cpu s', results.delivering.cpu, 's');
bench('card + ticker delivering 30 fps', 'PSS MB', results.delivering.pss, 'MB');
bench('card + ticker delivering 30 fps', 'processes', results.delivering.processes, 'processes');
bench('card + ticker delivering 30 fps', 'frames', results.delivering.frames, 'frames');

if (EXTRAS) {
  // Readable only: what reading the pixels out over the protocol adds (encoding CEF skips).
  const png = await beginFrameWindow(true);
  report('extra: beginFrame 30 Hz + a PNG of every frame', png, true);
  log(`  (${(png.pngBytes / Math.max(1, png.frames) / 1024).toFixed(0)} KiB of base64 PNG a frame)`);
  const b = new Browser([]);
  try {
    const page = await b.open(url, false);
    await waitLoaded(page);
    await sleep(WARMUP_MS);
    const sc = await windowOf(b, (ms) => screencast(b, page, ms));
    report('extra: Page.startScreencast (JPEG, every 2nd frame, every frame acked)', sc, true);
  } finally {
    await b.close();
  }
}
log('done');
process.exit(0);
