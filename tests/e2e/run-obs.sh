#!/bin/bash
# End-to-end and compatibility tests: the module in a real OBS in a Debian root.
# smoke.mjs runs first, then (with a module) overlays.mjs, vendor.mjs, dock.mjs (a screenshot of the
# whole screen with the dock, OUT_DIR/dock.png) and shop.mjs against the test shop server
# (tests/shop-server), which this script runs in the trixie root for the whole OBS run: the
# last shop test leaves OBS waiting on a hanging shop, and after OBS has quit this script
# checks the module let go within 1 s and that no shop secret reached a log or a scene
# collection. Then (without OLC_E2E_QUICK) restart.sh starts OBS again on prepared homes.
#
#   tests/e2e/run-obs.sh [OPTIONS] ROOT MODULE_SO DATA_DIR OUT_DIR TAG [PORT]
#
#   ROOT       trixie (OBS 30) or sid (OBS 32): where OBS runs. The node client always runs
#              in the trixie root; both share the host's loopback.
#   MODULE_SO  the built obs-live-commerce.so, or "-" for plain OBS (baseline test only).
#   DATA_DIR   the module's data directory (data/), or "-".
#   OUT_DIR    host directory for the temporary OBS home, screenshots and logs; created.
#   TAG        names the results: "PASS e2e-TAG: ...".
#   PORT       websocket port; default: the first free one from 4455.
#
# Options:
#   --hold                   keep OBS running after the tests (or instead of them, with
#                            --no-tests) until Ctrl-C, SIGTERM, OUT_DIR/home/.olc-stop or
#                            $OLC_E2E_HOLD seconds (3600). OUT_DIR/connection.env then holds
#                            OLC_OBS_URL, OLC_OBS_PASSWORD and DISPLAY for other tools.
#   --no-tests               do not run the node client.
#   --collection FILE NAME   start OBS on this scene collection instead of one empty scene.
#   --obs-version VERSION    the OBS version the clients must find (GetVersion's obsVersion):
#                            "30.2" takes 30.2.x, "32" takes 32.x; another one fails their
#                            set-up. The test command asks 30.2 of trixie and 32 of sid.
#
# Environment: OLC_E2E_QUICK=1 runs two of the shop fault modes instead of all;
# OLC_E2E_CLIENTS ("overlays vendor dock sales platforms shop", the default) names the clients that run after
# smoke, e.g. OLC_E2E_CLIENTS=sales while working on one of them;
# OLC_E2E_TIMEOUT (300) bounds the client run in seconds; OLC_OBS_START_WAIT (90) how long OBS may
# take to listen (longer under heaptrack); OLC_E2E_BUILD
# (build/e2e) is where node_modules goes; OLC_OBS_PASSWORD fixes the websocket password.
# Exits 1 if a client or a check after exit failed (0 with --no-tests unless OBS failed to
# start).
set -u

e2e_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$e2e_dir/../.." && pwd)
# shellcheck source=../../.github/scripts/lib/roots.sh
. "$repo/.github/scripts/lib/roots.sh"
# shellcheck source=lib-obs.sh
. "$e2e_dir/lib-obs.sh"

usage() {
	sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}

hold=0 tests=1 collection='' collection_name='' obs_version=''
while [ $# -gt 0 ]; do
	case $1 in
	--hold) hold=1 ;;
	--no-tests) tests=0 ;;
	--collection)
		[ $# -ge 3 ] || usage
		collection=$2 collection_name=$3
		shift 2
		;;
	--obs-version)
		[ $# -ge 2 ] || usage
		obs_version=$2
		shift
		;;
	-h | --help) usage ;;
	--) shift && break ;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done
if [ $# -lt 5 ] || [ $# -gt 6 ]; then usage; fi
root=$1 module=$2 data=$3 out=$4 tag=$5 port=${6:-}
case $tag in *[!A-Za-z0-9_-]* | '') usage ;; esac
timeout_s=${OLC_E2E_TIMEOUT:-300}
build=${OLC_E2E_BUILD:-$repo/build/e2e}

say() { printf '[e2e-%s] %s\n' "$tag" "$*" >&2; }

for r in "$root" trixie; do
	[ -x "$(olc_root_dir "$r")/usr/bin/obs" ] || {
		say "the $r root is missing: make it with olc_ensure_$r (.github/scripts/lib/roots.sh)"
		exit 2
	}
done
if [ "$module" != - ]; then
	[ -f "$module" ] || { say "no module at $module" && exit 2; }
	module=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")
fi
[ "$data" = - ] || [ -d "$data" ] || { say "no data directory at $data" && exit 2; }
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
[ -n "$port" ] || port=$(olc_obs_free_port 4455)
password=${OLC_OBS_PASSWORD:-$(olc_obs_password)}


if [ "$tests" = 1 ]; then
	olc_obs_node_modules "$build" || { say "npm ci failed" && exit 2; }
fi

home=$out/home
olc_obs_prepare_home "$home" "$port" "$password" || exit 2
if [ "$module" != - ]; then
	olc_obs_install_module "$home" "$module" "$([ "$data" = - ] || echo "$data")" || exit 2
fi
if [ -n "$collection" ]; then
	olc_obs_set_collection "$home" "$collection" "$collection_name" || exit 2
fi
rm -rf --one-file-system "$out/screenshots" "$out/secrets-$tag.txt"

# The shop server runs in its own root call, so that it outlives the clients (each client's
# root ends with it) until OBS has quit. Its stdin is a pipe this shell holds: closing it
# stops the server, and so does this shell dying.
shop_pid='' shop_fd=''
start_shop() {
	local fifo=$out/.shop-stdin left=200
	rm -f "$fifo" "$out/shop-server.json"
	mkfifo "$fifo" || return 1
	olc_in_root trixie -b "$repo/tests/shop-server:/olc/shop-server" -- \
		node /olc/shop-server/server.mjs <"$fifo" >"$out/shop-server.json" 2>"$out/shop-server.txt" &
	shop_pid=$!
	exec {shop_fd}>"$fifo"
	rm -f "$fifo"
	while [ "$left" -gt 0 ] && ! grep -q '}$' "$out/shop-server.json" 2>/dev/null; do
		kill -0 "$shop_pid" 2>/dev/null || break
		sleep 0.1
		left=$((left - 1))
	done
	grep -q '}$' "$out/shop-server.json" 2>/dev/null || {
		say "the shop server did not start:"
		tail -n 20 "$out/shop-server.txt" >&2
		return 1
	}
}

stop_shop() {
	local left=50 u init
	[ -n "$shop_pid" ] || return 0
	[ -n "$shop_fd" ] && exec {shop_fd}>&-
	shop_fd=''
	while [ "$left" -gt 0 ] && kill -0 "$shop_pid" 2>/dev/null; do
		sleep 0.1
		left=$((left - 1))
	done
	if kill -0 "$shop_pid" 2>/dev/null; then
		for u in $(olc_obs__children "$shop_pid"); do
			for init in $(olc_obs__children "$u"); do kill -KILL "$init" 2>/dev/null; done
		done
	fi
	wait "$shop_pid" 2>/dev/null
	shop_pid=''
}

# shop_hanging: how many requests the shop server holds unanswered under its "hang" fault.
shop_hanging() {
	local port
	port=$(sed -n 's/.*"http":\([0-9]*\).*/\1/p' "$out/shop-server.json" 2>/dev/null)
	[ -n "$port" ] || return 1
	olc_in_root trixie -- node -e "fetch('http://127.0.0.1:$port/_control/requests').then((r) => r.json())
		.then((log) => console.log(log.filter((e) => e.status === 'hang' && !e.closed).length))" 2>/dev/null
}

checks_failed=0
# wanted CLIENT: whether OLC_E2E_CLIENTS names it (all of them by default).
wanted() { case " ${OLC_E2E_CLIENTS:-overlays vendor dock sales platforms shop} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

check() { # STATUS NAME [REASON]: one PASS/FAIL line of a check made here, not by a client
	if [ "$1" = 0 ]; then
		printf 'PASS e2e-%s: %s\n' "$tag" "$2"
	else
		printf 'FAIL e2e-%s: %s -- %s\n' "$tag" "$2" "$3"
		checks_failed=1
	fi
}

# What only the end of OBS can tell: how fast the live session let go of a hanging shop, and
# that the secrets the shop tests handed over stayed out of logs and scene collections.
after_exit_checks() {
	local log=$1 exit_ms=$2 hanging=$3 name n conn mode leaks
	name='exit within 1 s while the shop hangs'
	n=$(grep -o 'live session stopped in [0-9]* ms' "$log" | tail -n 1 | grep -o '[0-9][0-9]*')
	if ! grep -q "^# e2e-$tag: exit armed" "$out/shop-$tag.txt" 2>/dev/null; then
		check 1 "$name" "the shop tests did not leave OBS on a hanging shop"
	elif [ "${hanging:-0}" -lt 1 ]; then
		check 1 "$name" "no request was hanging when OBS was asked to quit (the shop server held ${hanging:-none})"
	elif [ -z "$n" ]; then
		check 1 "$name" "no 'live session stopped in N ms' line in the OBS log"
	elif [ "$n" -ge 1000 ]; then
		check 1 "$name" "the live session took $n ms to stop"
	else
		check 0 "$name"
	fi
	printf '# e2e-%s: %s request(s) hanging when OBS was asked to quit; live session stopped in %s ms;' \
		"$tag" "${hanging:-?}" "${n:-?}"
	printf ' OBS quit %s ms after being asked (exit status %s)\n' \
		"$exit_ms" "$(cat "$home/.olc-obs-exit" 2>/dev/null || echo unknown)"

	name='shop secrets stay out of logs and scene collections'
	conn=$home/.config/obs-studio/plugin_config/obs-live-commerce/connection.json
	if [ ! -s "$out/secrets-$tag.txt" ]; then
		check 1 "$name" "the shop tests wrote no secrets-$tag.txt"
	elif leaks=$(grep -rlF -f "$out/secrets-$tag.txt" "$home" "$log" 2>/dev/null | grep -vxF "$conn"); then
		check 1 "$name" "found in $(echo "$leaks" | sed "s|^$out/||" | tr '\n' ' ')"
	else
		check 0 "$name"
	fi
	name='the saved connection is private (mode 600)'
	mode=$(stat -c %a "$conn" 2>/dev/null)
	if [ "$mode" = 600 ]; then check 0 "$name"; else check 1 "$name" "${conn#"$out"/}: mode ${mode:-missing}"; fi
}

finish() {
	local log t0 t1 hanging=''
	trap - EXIT INT TERM
	# The exit check means something only if OBS is still waiting on the hanging shop now.
	[ -n "$shop_pid" ] && [ "$tests" = 1 ] && [ -n "${OLC_OBS_PID:-}" ] && hanging=$(shop_hanging)
	t0=$(date +%s%N)
	olc_obs_stop 20
	t1=$(date +%s%N)
	say "OBS exit status: $(cat "$home/.olc-obs-exit" 2>/dev/null || echo unknown)"
	if log=$(olc_obs_keep_log "$home" "$out/obs-$tag.log"); then
		say "OBS log: $log"
		# Plain OBS 30.2.3 already reports 1 here; a number above a plain run's is ours.
		grep -o 'Number of memory leaks: [0-9]*' "$log" | sed "s/^/[e2e-$tag] OBS at exit: /" >&2
		# A module that did not load leaves only OBS's lines about it, if any.
		if [ "$module" != - ] && ! grep -q "^PASS e2e-$tag: module loaded" "$out/smoke-$tag.txt" 2>/dev/null &&
			[ "$tests" = 1 ]; then
			say "log lines mentioning obs-live-commerce:"
			grep -i 'obs-live-commerce\|live_commerce\|live-commerce' "$log" >&2 || say "(none)"
		fi
		# They check what the shop tests leave behind: only when they ran.
		if [ -n "$shop_pid" ] && [ "$tests" = 1 ] && wanted shop; then
			after_exit_checks "$log" $(((t1 - t0) / 1000000)) "$hanging"
		fi
	else
		say "no OBS log; OBS output:"
		tail -n 30 "$home/obs-stdout.txt" >&2 2>/dev/null
		tail -n 10 "$home/olc-root.txt" >&2 2>/dev/null
		[ -n "$shop_pid" ] && [ "$tests" = 1 ] && check 1 'exit within 1 s while the shop hangs' 'no OBS log'
	fi
	stop_shop
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$hold" = 1 ]; then
	obs_max=${OLC_E2E_HOLD:-3600}
else
	obs_max=$((timeout_s + 60))
fi
if [ "$tests" = 1 ] && [ "$module" != - ]; then
	start_shop || stop_shop
fi
olc_obs_start "$root" "$home" "$obs_max" || exit 2

connect_timeout=60
if ! olc_obs_wait_port "$port" "${OLC_OBS_START_WAIT:-90}"; then
	say "OBS is not listening on port $port; its output:"
	tail -n 30 "$home/obs-stdout.txt" >&2 2>/dev/null
	connect_timeout=5 # the client still runs, to report its tests as failed
	[ "$tests" = 1 ] || exit 1
fi

# run_client SCRIPT ARGS...: runs tests/e2e/SCRIPT.mjs in the trixie root, its output
# (PASS/FAIL lines, then "#" details) shown and kept in OUT_DIR/SCRIPT-TAG.txt.
run_client() {
	local script=$1 client watchdog status
	shift
	olc_in_root trixie -b "$e2e_dir:/olc/e2e" -b "$repo/tests/shop-server:/olc/shop-server" -b "$build:/olc/node" \
		-b "$out:/olc/out" -- \
		/usr/bin/env OLC_NODE_DIR=/olc/node OLC_OBS_PASSWORD="$password" \
		node "/olc/e2e/$script.mjs" --tag "$tag" --url "ws://127.0.0.1:$port" --out /olc/out \
		--connect-timeout "$connect_timeout" --deadline "$timeout_s" ${obs_version:+--obs-version "$obs_version"} "$@" \
		</dev/null > >(tee "$out/$script-$tag.txt") 2>&1 &
	client=$!
	# The client has its own deadline; this one covers a client that cannot even start.
	(
		left=$((timeout_s + 30))
		while [ "$left" -gt 0 ] && kill -0 "$client" 2>/dev/null; do
			sleep 1
			left=$((left - 1))
		done
		if kill -0 "$client" 2>/dev/null; then
			echo "[e2e-$tag] watchdog: $script still running after $((timeout_s + 30)) s" >&2
			for u in $(olc_obs__children "$client"); do
				for init in $(olc_obs__children "$u"); do kill -KILL "$init"; done
			done
		fi
	) &
	watchdog=$!
	wait "$client"
	status=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" 2>/dev/null
	sleep 0.2 # let tee flush
	return "$status"
}

status=0
if [ "$tests" = 1 ]; then
	if [ "$module" = - ]; then
		run_client smoke --baseline-only || status=1
	else
		run_client smoke || status=1
		# The overlays run on the demo shop; the shop tests come last, as they leave OBS on a
		# hanging shop for the exit check.
		wanted overlays && { run_client overlays || status=1; }
		# Deck files the client writes and OBS imports: the home is /olc/home to OBS.
		wanted vendor && { run_client vendor --deck-dir /olc/out/home/vendor-decks --obs-deck-dir /olc/home/vendor-decks || status=1; }
		# The dock, drawn: the whole screen captured (OUT_DIR/dock.png) while a deck is loaded.
		wanted dock && { run_client dock --display ":$OLC_OBS_DISPLAY" || status=1; }
		if [ -n "$shop_pid" ]; then
			# Sales sessions on the test shop's orders (a recording starts one), before shop.mjs
			# leaves the shop hanging.
			wanted sales && { run_client sales --shop-info /olc/out/shop-server.json || status=1; }
			# The Chinese platforms' providers, each against the test shop's module for it.
			wanted platforms && { run_client platforms --shop-info /olc/out/shop-server.json || status=1; }
			wanted shop && { run_client shop --shop-info /olc/out/shop-server.json ${OLC_E2E_QUICK:+--quick-faults} || status=1; }
		else
			check 1 'shop tests' 'the shop server did not start'
		fi
	fi
fi

if [ "$hold" = 1 ]; then
	cat >"$out/connection.env" <<EOF
OLC_OBS_URL=ws://127.0.0.1:$port
OLC_OBS_PASSWORD=$password
DISPLAY=:$OLC_OBS_DISPLAY
EOF
	say "OBS holds on ws://127.0.0.1:$port (display :$OLC_OBS_DISPLAY, details in $out/connection.env);" \
		"stop with Ctrl-C or: touch $home/.olc-stop"
	while kill -0 "$OLC_OBS_PID" 2>/dev/null; do
		sleep 1
	done
fi
finish
# Then OBS again, several times, on homes prepared for what only a start can show (restart.sh).
if [ "$tests" = 1 ] && [ "$module" != - ] && [ "$hold" = 0 ] && [ -z "${OLC_E2E_QUICK:-}" ]; then
	# shellcheck source=restart.sh
	. "$e2e_dir/restart.sh"
	olc_e2e_restarts || status=1
fi
[ "$checks_failed" = 0 ] || status=1
exit "$status"
