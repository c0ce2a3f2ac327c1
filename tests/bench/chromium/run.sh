#!/usr/bin/env bash
# What a browser-source overlay costs: the product card and the order ticker as an HTML page
# (overlay.html beside this file) in headless Chromium from Debian 13, the engine OBS's browser
# source embeds (CEF), at 1280x720 on a transparent background. Two 30 s windows, each in a
# fresh browser:
#   "card + ticker animating"          the page open and animating on Chromium's own clock,
#                                      nobody reading its frames;
#   "card + ticker delivering 30 fps"  Chromium driven at 30 frames a second the way CEF's
#                                      off-screen rendering hands frames to OBS (bench.mjs says
#                                      how and why), every frame's pixels read out.
# For each: CPU-seconds of Chromium's whole process tree over the window (utime + stime of every
# process, exited ones included through their parent's cutime/cstime), PSS of the tree at the
# end (smaps_rollup) and the number of processes, as BENCH lines of section "chromium".
#
# Usage: tests/bench/chromium/run.sh [OUT_DIR]
#   OUT_DIR (default build/test-results/bench) gets chromium.log and the page's screenshot
#   (chromium-overlay.png). Exit 0 when measured; non-zero with the reason on stderr when not.
# Environment: OLC_CACHE (the roots' cache), OLC_CHROMIUM_SECONDS (window length, 30),
#   OLC_CHROMIUM_EXTRAS=0 skips the two extra, readable-only variants of the delivering window.
# Chromium is installed into the Debian 13 root on demand (apt-get inside the root; never added
# to the root's package list, so CI's root is not rebuilt for it). Runs Chromium: wrap it in
# `flock /tmp/olc-heavy.lock` when other measurements may run at the same time.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# Sourced before `set -e`: its mirror lookup tolerates missing apt source files.
# shellcheck source=../../../.github/scripts/lib/roots.sh
. "$repo/.github/scripts/lib/roots.sh"
set -euo pipefail
out=${1:-$repo/build/test-results/bench}
mkdir -p "$out"
out=$(cd "$out" && pwd)

say() { printf '[chromium-bench] %s\n' "$*" >&2; }
die() {
	say "$*"
	exit 1
}

root=$(olc_root_dir trixie)
[ -x "$root/usr/bin/node" ] || die "the Debian 13 root ($root) is missing or has no node: make it with olc_ensure_trixie (.github/scripts/lib/roots.sh)"

# chromium-headless-shell: Chromium's headless build (no X server needed), the same Blink, V8,
# cc and viz as the browser OBS's CEF wraps. Installed once into the root, kept there.
browser=/usr/lib/chromium/chromium-headless-shell
if [ -x "$root$browser" ]; then
	say "chromium-headless-shell is already in the Debian 13 root"
else
	say "installing chromium-headless-shell into the Debian 13 root (apt-get inside the root; not in the root's package list)"
	debs="$OLC_CACHE/debs/trixie"
	mkdir -p "$debs"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	olc_in_root trixie -b "$debs:/var/cache/apt/archives" -- /bin/sh -c '
		export DEBIAN_FRONTEND=noninteractive
		apt-get -o DPkg::Lock::Timeout=600 update -qq &&
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium-headless-shell \
			>/var/log/olc-apt-chromium.log 2>&1 || { tail -n 30 /var/log/olc-apt-chromium.log; exit 1; }' >&2 ||
		die "apt-get install chromium-headless-shell failed inside the root"
	[ -x "$root$browser" ] || die "chromium-headless-shell installed but $browser is missing in the root"
	# shellcheck disable=SC2016 # dpkg-query's own ${field} syntax
	say "installed: $(olc_in_root trixie -- dpkg-query -W -f '${Package} ${Version}' chromium-headless-shell)"
fi

say "measuring (two windows of ${OLC_CHROMIUM_SECONDS:-30} s each, plus start-up); log: $out/chromium.log"
# BENCH lines to stdout; the readable lines to stderr and to chromium.log (a pipe, so the log is
# complete when this script ends and the exit status is node's, through pipefail).
exec 3>&1
olc_in_root trixie -b "$repo:$repo" -b "$out:$out" -- /usr/bin/env \
	OLC_CHROMIUM_SECONDS="${OLC_CHROMIUM_SECONDS:-30}" OLC_CHROMIUM_EXTRAS="${OLC_CHROMIUM_EXTRAS:-1}" \
	node "$here/bench.mjs" --browser "$browser" --page "$here/overlay.html" --out "$out" \
	2>&1 >&3 3>&- | tee "$out/chromium.log" >&2
