# shellcheck shell=bash
# What only a new start of OBS can show, run by run-obs.sh after its own OBS has quit: the plugin
# starting on a saved connection.json, on a broken one, on its offline cache with the shop gone,
# and with a config folder it cannot write. Every OBS of these quits while a client keeps sending
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
	olc_obs_keep_log "$r_home" "$out/obs-$tag-restart-$name.log" >/dev/null
	crashes=$(find "$r_home/.config/obs-studio/crashes" -type f 2>/dev/null | wc -l)
	if [ "$status" = 0 ] && [ "$crashes" = 0 ]; then
		check 0 "restart $name: OBS quits with status 0 while countdown requests keep coming"
	else
		check 1 "restart $name: OBS quits with status 0 while countdown requests keep coming" \
			"exit status $status, $crashes crash report(s); see obs-$tag-restart-$name.log"
		failed=1
	fi
	return "$failed"
}

olc_e2e_restarts() {
	local failed=0 r_home shop_port conn json_url broken
	say "restarts: saved connection, offline cache, broken connection files, unwritable config folder"

	# A saved json connection to the test shop, then the same home again with the shop gone.
	start_shop || { check 1 'restart saved: the shop server starts' 'see shop-server.txt' && return 1; }
	shop_port=$(sed -n 's/.*"http":\([0-9]*\).*/\1/p' "$out/shop-server.json")
	json_url=http://127.0.0.1:$shop_port/json
	olc_restart__home saved || return 1
	conn=$(olc_restart__conn "$r_home")
	printf '{"version": 1, "provider": "json", "url": "%s", "poll_ms": 300}\n' "$json_url" >"$conn"
	olc_restart__run saved saved --shop-info /olc/out/shop-server.json || failed=1
	stop_shop
	olc_restart__run offline offline --shop-url "$json_url" || failed=1

	# Broken files: OBS starts on the demo shop and says why, and the file stays as it was until a
	# connection is saved (not-json saves one at the end; wrong-types never does).
	for broken in not-json wrong-types; do
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

	# The plugin's config folder cannot be made: a regular file stands where it should be.
	olc_restart__home unwritable || return 1
	conn=$(olc_restart__conn "$r_home")
	rmdir "$(dirname "$conn")" && echo 'not a folder' >"$(dirname "$conn")"
	olc_restart__run unwritable unwritable || failed=1
	return "$failed"
}
