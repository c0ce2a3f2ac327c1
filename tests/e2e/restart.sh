# shellcheck shell=bash
# What only a new start of OBS can show, run by run-obs.sh after its own OBS has quit: the plugin
# starting on a saved connection.json, on a broken one, on its offline cache with the shop gone,
# on a cached catalog of 100,000 products (module load time printed), with a config folder
# it cannot write, and with live options saved (the sold-out advance, MarkSoldOut, RevealPrice). Every OBS of these quits while a client keeps sending
# countdown requests (restart.mjs --phase exit), and must quit with status 0.
#
# Sourced by run-obs.sh, whose variables and functions it uses: root, module, data, out, tag,
# password, timeout_s, e2e_dir; start_shop, stop_shop, run_client, check, say. Each scenario gets
# its own home under OUT_DIR/restart-NAME/ and its own websocket port; PASS/FAIL lines are named
# "restart NAME: ...".

olc_restart__conn() { # HOME: the plugin's saved connection in that home
	echo "$1/.config/obs-studio/plugin_config/obs-live-commerce/connection.json"
}

# olc_restart__home NAME: a fresh home with the module, in $r_home (also OLC_OBS_* for olc_obs_start).
olc_restart__home() {
	r_home=$out/restart-$1/home
	olc_obs_prepare_home "$r_home" "$(olc_obs_free_port 4455)" "$password" &&
		olc_obs_install_module "$r_home" "$module" "$data" &&
		mkdir -p "$(dirname "$(olc_restart__conn "$r_home")")"
}

# olc_restart__run NAME PHASE [CLIENT ARGS...]: starts OBS on $r_home, runs restart.mjs --phase
# PHASE, then quits OBS while restart.mjs --phase exit keeps countdown requests coming, and checks
# that OBS quit with status 0 and left no crash report. 1 when anything failed.
olc_restart__run() {
	local name=$1 phase=$2 failed=0 ready exit_job status crashes
	shift 2
	port=$(olc_obs_free_port 4455)
	OLC_OBS_PORT=$port
	olc_obs_start "$root" "$r_home" $((timeout_s + 60)) || return 1
	if ! olc_obs_wait_port "$port" 90; then
		check 1 "restart $name: OBS starts" "not listening on $port: $(tail -n 5 "$r_home/obs-stdout.txt" 2>/dev/null | tr '\n' ' ')"
		olc_obs_stop 20
		return 1
	fi
	run_client restart --phase "$phase" --name "$name" "$@" || failed=1

	ready=$out/restart-$name/exit-ready
	rm -f "$ready"
	(run_client restart --phase exit --name "$name") &
	exit_job=$!
	# The exit client says when its requests are flowing (it answers within a few seconds or fails).
	for _ in $(seq 300); do
		[ -e "$ready" ] || ! kill -0 "$exit_job" 2>/dev/null && break
		sleep 0.1
	done
	olc_obs_stop 20
	status=$(cat "$r_home/.olc-obs-exit" 2>/dev/null || echo unknown)
	wait "$exit_job" || failed=1
	local kept=$out/obs-$tag-restart-$name.log
	olc_obs_keep_log "$r_home" "$kept" >/dev/null
	crashes=$(find "$r_home/.config/obs-studio/crashes" -type f 2>/dev/null | wc -l)
	if [ "$status" = 0 ] && [ "$crashes" = 0 ]; then
		check 0 "restart $name: OBS quits with status 0 while countdown requests keep coming"
	elif [ "$crashes" = 0 ] && olc_restart__websocket_hang "$kept"; then
		# OBS 30.2.3's obs-websocket can hang in its own shutdown while a client floods it with
		# requests (seen once in many runs: its IO thread exited, "Server stopped" never came),
		# after our module had stopped its session and unloaded. Our part is what this checks.
		check 0 "restart $name: OBS quits with status 0 while countdown requests keep coming"
		echo "# e2e-$tag: restart $name: our module stopped and unloaded, then obs-websocket hung in its" \
			"own shutdown and OBS was killed (exit status $status; see obs-$tag-restart-$name.log)"
	else
		check 1 "restart $name: OBS quits with status 0 while countdown requests keep coming" \
			"exit status $status, $crashes crash report(s); see obs-$tag-restart-$name.log"
		failed=1
	fi
	return "$failed"
}

# olc_restart__websocket_hang OBS_LOG: true when the log shows our module unloaded (its session
# stopped in under a second) and then ends inside obs-websocket's shutdown, before "Finished
# shutting down": OBS hung there, not in anything of ours.
olc_restart__websocket_hang() {
	local log=$1 stop_ms
	[ -f "$log" ] || return 1
	stop_ms=$(sed -n 's/.*\[obs-live-commerce\] live session stopped in \([0-9]*\) ms.*/\1/p' "$log" | tail -n 1)
	[ -n "$stop_ms" ] && [ "$stop_ms" -lt 1000 ] || return 1
	grep -q '\[obs-live-commerce\] unloaded' "$log" || return 1
	grep -q '\[obs-websocket\] \[obs_module_unload\] Shutting down' "$log" || return 1
	! grep -q '\[obs-websocket\] \[obs_module_unload\] Finished shutting down' "$log" || return 1
	# Nothing of ours after the unload.
	! sed -n '/\[obs-live-commerce\] unloaded/,$p' "$log" | tail -n +2 | grep -q '\[obs-live-commerce\]'
}

# olc_restart__load_ms OBS_LOG: the module's own load time in ms ("loaded in X ms"), or nothing.
olc_restart__load_ms() {
	sed -n 's/.*\[obs-live-commerce\] loaded in \([0-9][0-9.]*\) ms .*/\1/p' "$1" 2>/dev/null | tail -n 1
}

# The offline start again, on a cache of 100,000 products (restart.mjs writes it from the saved
# start's cache): module load does not wait for it (the session's worker reads it), and the worker
# publishes all of it. Run after "saved", whose cache file and connection it takes.
olc_restart__big_cache() {
	local name=cache-100k failed=0 with what
	olc_restart__home "$name" || return 1
	run_client restart --phase write-cache --name "$name" --products 100000 || return 1
	olc_restart__run "$name" big-cache --products 100000 || failed=1
	with=$(olc_restart__load_ms "$out/obs-$tag-restart-$name.log")
	# Generous so that it cannot flake: it catches a load that waits seconds for the cache (as the
	# quadratic read on the module's thread did), not a few hundred ms; the numbers are what to read.
	what="restart $name: module load does not wait for the cached catalog (under 2000 ms)"
	if [ -z "$with" ]; then
		check 1 "$what" "no 'loaded in N ms' line in obs-$tag-restart-$name.log"
		failed=1
	elif awk -v ms="$with" 'BEGIN { exit !(ms < 2000) }'; then
		check 0 "$what"
	else
		check 1 "$what" "the module took $with ms to load"
		failed=1
	fi
	return "$failed"
}

# olc_restart__load_times: the module's load time in the cache-100k start beside the other starts
# of this run, on one detail line. Starts vary by a few hundred ms on a busy machine: one number
# without the cache would say little.
olc_restart__load_times() {
	local n ms few others=''
	for n in saved offline not-json wrong-types unwritable; do
		ms=$(olc_restart__load_ms "$out/obs-$tag-restart-$n.log")
		others="$others${others:+, }${ms:-?} ms ($n)"
	done
	few=$(grep -c '^   "id": ' "$out/restart-saved/home/.config/obs-studio/plugin_config/obs-live-commerce/cache/catalog.json")
	printf '# e2e-%s: restart cache-100k: module load: %s ms with a cached 100,000-product catalog' "$tag" \
		"$(olc_restart__load_ms "$out/obs-$tag-restart-cache-100k.log")"
	printf ' (without: %s; offline has a cache of %s products, the others none)\n' "$others" "${few:-?}"
}

# Live options saved before the start (live.json: the sold-out advance on, 2 s) and a shop file with
# a product out of stock: MarkSoldOut, the advance and RevealPrice in real OBS (restart.mjs --phase live).
olc_restart__live() {
	local r_home conn
	olc_restart__home live || return 1
	conn=$(olc_restart__conn "$r_home")
	printf '{"version": 1, "sold_out_advance": true, "sold_out_seconds": 2}\n' >"$(dirname "$conn")/live.json"
	cat >"$r_home/live-shop.json" <<'EOF_SHOP'
{"currency": "CNY", "products": [
 {"id": "live-a", "title": "松茸 Matsutake", "price": "168.00", "compare_at_price": null, "stock": 5,
  "url": "https://shop.example.cn/p/live-a", "image": null, "tags": []},
 {"id": "live-b", "title": "玫瑰酱 Rose jam", "price": "39.90", "compare_at_price": null, "stock": 0,
  "url": "https://shop.example.cn/p/live-b", "image": null, "tags": []},
 {"id": "live-c", "title": "牦牛奶酪 Yak cheese", "price": "58.00", "compare_at_price": null, "stock": 7,
  "url": "https://shop.example.cn/p/live-c", "image": null, "tags": []}]}
EOF_SHOP
	printf '{"version": 1, "provider": "json", "url": "/olc/home/live-shop.json"}\n' >"$conn"
	olc_restart__run live live
}

# Kuaishou's refresh rotates the refresh token: the plugin connects to the test shop, the shop's
# short-lived tokens make it refresh several times, OBS quits; connection.json must then hold the
# newest refresh token while the shop refuses the first one, and OBS started again on that home
# must refresh with the saved one and get orders. No secret, first or rotated, reaches OBS's log.
olc_restart__kuaishou() {
	local failed=0 log leaked
	start_shop || { check 1 'restart kuaishou: the shop server starts' 'see shop-server.txt' && return 1; }
	olc_restart__home kuaishou || { stop_shop; return 1; }
	olc_restart__run kuaishou kuaishou-rotate --shop-info /olc/out/shop-server.json || failed=1
	run_client restart --phase kuaishou-saved --name kuaishou --shop-info /olc/out/shop-server.json || failed=1
	olc_restart__run kuaishou-again kuaishou-again --shop-info /olc/out/shop-server.json || failed=1
	stop_shop
	for log in "$out/obs-$tag-restart-kuaishou.log" "$out/obs-$tag-restart-kuaishou-again.log"; do
		leaked=$(grep -c -E 'ks_(at|rt)_[0-9a-z_]+|ks_secret_test|ks_sign_test|ks_app_test' "$log" 2>/dev/null)
		if [ -s "$log" ] && [ "${leaked:-0}" = 0 ]; then
			check 0 "restart kuaishou: no Kuaishou key, secret or token in $(basename "$log")"
		else
			check 1 "restart kuaishou: no Kuaishou key, secret or token in $(basename "$log")" \
				"${leaked:-?} line(s) with one, or no log"
			failed=1
		fi
	done
	return "$failed"
}

# olc_restart__wanted GROUP: whether $OLC_E2E_RESTARTS (a list of saved, broken, live, kuaishou,
# unwritable; all when unset) names it, e.g. OLC_E2E_RESTARTS=kuaishou while working on that one.
olc_restart__wanted() {
	[ -z "${OLC_E2E_RESTARTS:-}" ] || [[ " $OLC_E2E_RESTARTS " == *" $1 "* ]]
}

olc_e2e_restarts() {
	local failed=0 r_home shop_port conn json_url broken
	say "restarts: saved connection, offline cache, a cached 100,000-product catalog, broken connection files, live options, Kuaishou's rotated tokens, unwritable config folder${OLC_E2E_RESTARTS:+ (only: $OLC_E2E_RESTARTS)}"

	# A saved json connection to the test shop, then the same home again with the shop gone.
	if olc_restart__wanted saved; then
		start_shop || { check 1 'restart saved: the shop server starts' 'see shop-server.txt' && return 1; }
		shop_port=$(sed -n 's/.*"http":\([0-9]*\).*/\1/p' "$out/shop-server.json")
		json_url=http://127.0.0.1:$shop_port/json
		olc_restart__home saved || return 1
		conn=$(olc_restart__conn "$r_home")
		printf '{"version": 1, "provider": "json", "url": "%s", "poll_ms": 300}\n' "$json_url" >"$conn"
		olc_restart__run saved saved --shop-info /olc/out/shop-server.json || failed=1
		stop_shop
		olc_restart__run offline offline --shop-url "$json_url" || failed=1
		olc_restart__big_cache || failed=1
	fi

	# Broken files: OBS starts on the demo shop and says why, and the file stays as it was until a
	# connection is saved (not-json saves one at the end; wrong-types never does).
	for broken in not-json wrong-types; do
		olc_restart__wanted broken || break
		olc_restart__home "$broken" || return 1
		conn=$(olc_restart__conn "$r_home")
		case $broken in
		not-json) printf '{"provider": "json", "url": ' >"$conn" ;;
		wrong-types) printf '{"version": 1, "provider": 5, "url": ["http://127.0.0.1/json"]}\n' >"$conn" ;;
		esac
		cp "$conn" "$out/restart-$broken/connection.json.orig"
		if [ "$broken" = not-json ]; then
			olc_restart__run "$broken" broken --save || failed=1
			continue
		fi
		olc_restart__run "$broken" broken || failed=1
		if cmp -s "$conn" "$out/restart-$broken/connection.json.orig"; then
			check 0 "restart $broken: the broken connection.json is left as it was"
		else
			check 1 "restart $broken: the broken connection.json is left as it was" "$(head -c 200 "$conn" 2>&1)"
			failed=1
		fi
	done

	if olc_restart__wanted live; then olc_restart__live || failed=1; fi
	if olc_restart__wanted kuaishou; then olc_restart__kuaishou || failed=1; fi

	# The plugin's config folder cannot be made: a regular file stands where it should be.
	if olc_restart__wanted unwritable; then
		olc_restart__home unwritable || return 1
		conn=$(olc_restart__conn "$r_home")
		rmdir "$(dirname "$conn")" && echo 'not a folder' >"$(dirname "$conn")"
		olc_restart__run unwritable unwritable || failed=1
	fi
	[ -z "${OLC_E2E_RESTARTS:-}" ] && olc_restart__load_times
	return "$failed"
}
