# shellcheck shell=bash
# Real OBS in a Debian root under Xvfb, for the e2e tests and the demo.
#
# Source .github/scripts/lib/roots.sh first, then this file. Typical use:
#
#   olc_obs_prepare_home "$out/home" "$port" "$password"
#   olc_obs_install_module "$out/home" "$module_so" data
#   olc_obs_set_collection "$out/home" my-scenes.json "Live Commerce Demo"   # optional
#   olc_obs_env "$out/home" MALLOC_ARENA_MAX=2    # optional: OBS's own environment
#   olc_obs_start trixie "$out/home" 600          # OBS runs at most 600 s
#   olc_obs_wait_port "$port" 60 || ...
#   ...                                           # drive it over ws://127.0.0.1:$port
#   olc_obs_stop                                  # graceful, then forced
#   olc_obs_keep_log "$out/home" "$out/obs.log"
#
# The home is a host directory bound at /olc/home inside the root, so everything OBS
# writes (logs, crash reports, the saved scene collection) stays inspectable afterwards.
# Only one OBS per shell: the state lives in OLC_OBS_* variables.
#
# OBS 30 vs 32, as found on these roots:
# - OBS <= 30 keeps the first-run flag, the current profile and scene collection in
#   ~/.config/obs-studio/global.ini. OBS 31+ split it: user.ini holds [General] FirstRun
#   and [Basic] Profile/SceneCollection, global.ini ("app config") keeps
#   [General] LastVersion. Both files are written with the same content; each version
#   ignores the keys it does not read.
# - obs-websocket <= 5.4 read [OBSWebSocket] from global.ini; 5.5 (OBS 30.2) and later read
#   plugin_config/obs-websocket/config.json and migrate (then delete) global.ini's keys.
#   Both are written, with the same values. --websocket_port/--websocket_password on the
#   command line override either.
# - Without FirstRun=true and a LastVersion, OBS queues the auto-configuration wizard,
#   a modal dialog nobody answers under Xvfb.
# - Quitting: SIGINT makes both close their main window as if the user had (collection
#   saved, modules unloaded, "Number of memory leaks" logged, exit 0). SIGTERM kills OBS 30
#   outright (exit 143, log cut short). See obs-in-root.sh.
# - OBS 30.2.3 ships obs-websocket 5.5.2, OBS 32.2.2 5.7.4; both speak RPC version 1 and
#   answer obs-websocket-js 5.0.8 the same way.
# - OBS 31+ takes a global.ini whose LastVersion is below 31 for a legacy one and copies it
#   to user.ini; when user.ini already exists it stops on a modal error box instead
#   ("Unable to migrate global configuration - user configuration file already exists.",
#   before any log is written). Pre31Migrated=true tells it the migration is done.

OLC_E2E_DIR=${OLC_E2E_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
OLC_OBS_COLLECTION_NAME=${OLC_OBS_COLLECTION_NAME:-E2E}
OLC_OBS_PROFILE_NAME=E2E

olc_obs_log() { printf '[obs] %s\n' "$*" >&2; }

# olc_obs_password: a throw-away websocket password on stdout.
olc_obs_password() {
	od -An -N12 -tx1 /dev/urandom | tr -d ' \n'
}

# olc_obs_free_port [FIRST]: the first TCP port from FIRST (4455) nothing listens on.
# The roots share the host's network namespace, so the host's view is the roots' view.
olc_obs_free_port() {
	local p=${1:-4455}
	while [ "$p" -lt 65000 ]; do
		if command -v ss >/dev/null; then
			[ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ] && break
		elif ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			break
		fi
		p=$((p + 1))
	done
	echo "$p"
}

# olc_obs_free_display: an X display number whose abstract socket nobody holds.
# Each olc_in_root has its own /tmp, so lock files never collide, but Xvfb's abstract
# socket (@/tmp/.X11-unix/XN) lives in the shared network namespace; it is kept on
# purpose so that a process in another root (ffmpeg x11grab for the demo) can reach
# the display as DISPLAY=:N.
olc_obs_free_display() {
	local n=${1:-90}
	while grep -q "@/tmp/.X11-unix/X$n\$" /proc/net/unix 2>/dev/null; do
		n=$((n + 1))
	done
	echo "$n"
}

olc_obs__ini() { # file: the OBS config shared by global.ini and user.ini
	cat >"$1" <<EOF
[General]
FirstRun=true
LastVersion=$((30 << 24))
Pre31Migrated=true
EnableAutoUpdates=false
ConfirmOnExit=false
WarnBeforeStartingStream=false
WarnBeforeStoppingStream=false
WarnBeforeStoppingRecord=false
SaveProjectors=false

[Basic]
Profile=$OLC_OBS_PROFILE_NAME
ProfileDir=$OLC_OBS_PROFILE_NAME
SceneCollection=$OLC_OBS_COLLECTION_NAME
SceneCollectionFile=$OLC_OBS_COLLECTION_FILE

[BasicWindow]
PreviewEnabled=true

[OBSWebSocket]
FirstLoad=false
ServerEnabled=true
ServerPort=$2
AlertsEnabled=false
AuthRequired=true
ServerPassword=$3
EOF
}

# olc_obs_prepare_home HOME PORT PASSWORD
# Makes HOME (removing an older one) with a 1280x720 30 fps profile, a scene
# collection with one empty scene "Scene", and the websocket server enabled.
olc_obs_prepare_home() {
	local home=$1 port=$2 password=$3 cfg
	if [ -z "$home" ] || [ -z "$port" ] || [ -z "$password" ]; then
		olc_obs_log "usage: olc_obs_prepare_home HOME PORT PASSWORD"
		return 2
	fi
	case $password in *[!A-Za-z0-9._-]*)
		# It goes unescaped into INI, JSON and OBS's command line.
		olc_obs_log "the websocket password may only hold A-Z a-z 0-9 . _ -"
		return 2
		;;
	esac
	rm -rf --one-file-system "$home"
	cfg=$home/.config/obs-studio
	mkdir -p "$cfg/basic/profiles/$OLC_OBS_PROFILE_NAME" "$cfg/basic/scenes" \
		"$cfg/plugin_config/obs-websocket" "$cfg/plugins" "$home/.cache" || return 1
	OLC_OBS_COLLECTION_FILE=$OLC_OBS_COLLECTION_NAME
	OLC_OBS_PORT=$port
	OLC_OBS_PASSWORD=$password
	olc_obs__ini "$cfg/global.ini" "$port" "$password"
	olc_obs__ini "$cfg/user.ini" "$port" "$password"
	cat >"$cfg/plugin_config/obs-websocket/config.json" <<EOF
{"first_load": false, "server_enabled": true, "server_port": $port, "alerts_enabled": false,
 "auth_required": true, "server_password": "$password"}
EOF
	# Audio devices are switched off: the roots have no PulseAudio, and the meters'
	# failed reconnects only fill the log.
	cat >"$cfg/basic/profiles/$OLC_OBS_PROFILE_NAME/basic.ini" <<EOF
[General]
Name=$OLC_OBS_PROFILE_NAME

[Video]
BaseCX=${OLC_OBS_WIDTH:-1280}
BaseCY=${OLC_OBS_HEIGHT:-720}
OutputCX=${OLC_OBS_WIDTH:-1280}
OutputCY=${OLC_OBS_HEIGHT:-720}
FPSType=0
FPSCommon=30
ScaleType=bicubic
ColorFormat=NV12
ColorSpace=709
ColorRange=Partial

[Audio]
SampleRate=48000
ChannelSetup=Stereo
DesktopDevice1=disabled
DesktopDevice2=disabled
AuxDevice1=disabled
AuxDevice2=disabled
AuxDevice3=disabled
AuxDevice4=disabled

[Output]
Mode=Simple

[SimpleOutput]
FilePath=/olc/home
RecFormat2=mkv
EOF
	cat >"$cfg/basic/scenes/$OLC_OBS_COLLECTION_FILE.json" <<EOF
{
  "name": "$OLC_OBS_COLLECTION_NAME",
  "current_scene": "Scene",
  "current_program_scene": "Scene",
  "scene_order": [{"name": "Scene"}],
  "sources": [
    {
      "id": "scene", "versioned_id": "scene", "name": "Scene",
      "settings": {"custom_size": false, "id_counter": 0, "items": []},
      "mixers": 0, "volume": 1.0, "enabled": true, "flags": 0
    }
  ],
  "groups": [],
  "transitions": [],
  "current_transition": "Fade",
  "transition_duration": 300,
  "quick_transitions": [],
  "saved_projectors": [],
  "modules": {}
}
EOF
}

# olc_obs_install_module HOME MODULE_SO [DATA_DIR]
# Installs the module in the per-user layout every OBS since 28 scans on Linux:
#   ~/.config/obs-studio/plugins/obs-live-commerce/bin/64bit/obs-live-commerce.so
#   ~/.config/obs-studio/plugins/obs-live-commerce/data/
# Copies, not links: the root sees only what is bound into it.
olc_obs_install_module() {
	local home=$1 so=$2 data=${3:-} dest
	dest=$home/.config/obs-studio/plugins/obs-live-commerce
	[ -f "$so" ] || {
		olc_obs_log "no module at $so"
		return 1
	}
	mkdir -p "$dest/bin/64bit" "$dest/data" || return 1
	cp "$so" "$dest/bin/64bit/obs-live-commerce.so" || return 1
	if [ -n "$data" ]; then
		[ -d "$data" ] || {
			olc_obs_log "no data directory at $data"
			return 1
		}
		cp -R "$data/." "$dest/data/" || return 1
	fi
}

# olc_obs_set_collection HOME JSON_FILE NAME
# Replaces the empty collection by JSON_FILE, whose top-level "name" should be NAME.
# Call after olc_obs_prepare_home.
olc_obs_set_collection() {
	local home=$1 json=$2 name=$3 file cfg
	cfg=$home/.config/obs-studio
	file=$(printf '%s' "$name" | tr -c 'A-Za-z0-9_-' '_')
	cp "$json" "$cfg/basic/scenes/$file.json" || return 1
	rm -f "$cfg/basic/scenes/$OLC_OBS_COLLECTION_FILE.json"
	OLC_OBS_COLLECTION_NAME=$name
	OLC_OBS_COLLECTION_FILE=$file
	olc_obs__ini "$cfg/global.ini" "$OLC_OBS_PORT" "$OLC_OBS_PASSWORD"
	olc_obs__ini "$cfg/user.ini" "$OLC_OBS_PORT" "$OLC_OBS_PASSWORD"
}

# olc_obs_env HOME VAR=VALUE...: variables set for OBS alone when olc_obs_start next starts it
# in HOME: HOME/.olc-obs-env, one VAR=VALUE a line, which obs-in-root.sh hands to OBS (the one way
# to give OBS an environment of its own). Appends to what is there; LD_PRELOAD values add up
# (colon-separated) rather than replace each other. olc_obs_prepare_home starts with none.
olc_obs_env() {
	local home=$1 file=$1/.olc-obs-env kv old
	shift
	for kv in "$@"; do
		[ -n "$kv" ] || continue
		case $kv in
		*=*) ;;
		*)
			olc_obs_log "olc_obs_env: $kv is not VAR=VALUE"
			return 2
			;;
		esac
		if [ "${kv%%=*}" = LD_PRELOAD ] && old=$(grep -m1 '^LD_PRELOAD=' "$file" 2>/dev/null); then
			sed -i '/^LD_PRELOAD=/d' "$file" || return 1
			kv="$old:${kv#LD_PRELOAD=}"
		fi
		printf '%s\n' "$kv" >>"$file" || return 1
	done
}

# olc_obs_no_profiler HOME: libobs's profiler never starts in the OBS started next in HOME:
# tests/e2e/no-profiler.c, built in the trixie root into HOME (bound at /olc/home in every root),
# preloaded through olc_obs_env. See no-profiler.c for why one would.
olc_obs_no_profiler() {
	local home=$1
	olc_in_root trixie -b "$OLC_E2E_DIR:/olc/e2e" -b "$home:/olc/home" -- \
		gcc -shared -fPIC -O2 -o /olc/home/no-profiler.so /olc/e2e/no-profiler.c || {
		olc_obs_log "no-profiler.c did not build"
		return 1
	}
	olc_obs_env "$home" LD_PRELOAD=/olc/home/no-profiler.so
}

# olc_obs_heaptrack_install: heaptrack in the trixie root (installed on demand, its packages kept
# in OLC_CACHE/debs; never added to the root's package list).
olc_obs_heaptrack_install() {
	[ -x "$(olc_root_dir trixie)/usr/bin/heaptrack_print" ] && return 0
	olc_obs_log "installing heaptrack into the trixie root"
	mkdir -p "$OLC_CACHE/debs/trixie"
	olc_in_root trixie -b "$OLC_CACHE/debs/trixie:/var/cache/apt/archives" -- /bin/sh -c '
		export DEBIAN_FRONTEND=noninteractive
		apt-get -o DPkg::Lock::Timeout=300 update -qq &&
		apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends heaptrack >/var/log/olc-heaptrack.log 2>&1 ||
		{ tail -n 20 /var/log/olc-heaptrack.log; exit 1; }'
}

# olc_obs_heaptrack HOME OUT: the OBS started next in HOME runs under heaptrack's preload library
# (olc_obs_heaptrack_install first). The library writes its raw trace into the fifo
# HOME/heaptrack.fifo; heaptrack_interpret, in a root call of its own with HOME bound where OBS
# sees it (so that it finds our module's symbols), reads it and writes OUT/heaptrack.gz for
# heaptrack_print (its own messages: OUT/interpret.txt). Sets OLC_OBS_HEAPTRACK_JOB. Once OBS has
# started, run olc_obs_heaptrack_reap in the background; once it has gone, olc_obs_heaptrack_end.
olc_obs_heaptrack() {
	local home=$1 out=$2
	mkfifo "$home/heaptrack.fifo" || return 1
	olc_in_root trixie -b "$out:/olc/out" -b "$home:/olc/home" -- /bin/sh -c \
		'/usr/lib/heaptrack/libexec/heaptrack_interpret </olc/home/heaptrack.fifo 2>/olc/out/interpret.txt |
		gzip -1 >/olc/out/heaptrack.gz' &
	OLC_OBS_HEAPTRACK_JOB=$!
	olc_obs_env "$home" LD_PRELOAD=/usr/lib/heaptrack/libheaptrack_preload.so \
		DUMP_HEAPTRACK_OUTPUT=/olc/home/heaptrack.fifo
}

# olc_obs_heaptrack_reap PID (in the background, while OBS, PID on the host, lives): under
# heaptrack's preload library a child OBS forks to run a command (modinfo for the virtual camera,
# the NVENC probe) hangs on heaptrack's lock before its exec, and OBS waits for it forever: a child
# still named obs a second later is killed (the probe then fails, as on a machine without those).
olc_obs_heaptrack_reap() {
	local pid=$1 seen=' ' now c
	while kill -0 "$pid" 2>/dev/null; do
		now=' '
		for c in $(olc_obs__children "$pid" 2>/dev/null); do
			[ "$(cat "/proc/$c/comm" 2>/dev/null)" = obs ] || continue
			case $seen in *" $c "*) kill -KILL "$c" 2>/dev/null ;; *) now="$now$c " ;; esac
		done
		seen=$now
		sleep 1
	done
}

# olc_obs_heaptrack_end HOME: after OBS has gone, waits until heaptrack_interpret has written its
# file.
olc_obs_heaptrack_end() {
	local home=$1 job=${OLC_OBS_HEAPTRACK_JOB:-}
	[ -n "$job" ] || return 0
	# A preload library that never opened the fifo (OBS did not start) leaves the reader waiting.
	kill -0 "$job" 2>/dev/null && sleep 1 && kill -0 "$job" 2>/dev/null && : >"$home/heaptrack.fifo"
	wait "$job"
	rm -f "$home/heaptrack.fifo"
	OLC_OBS_HEAPTRACK_JOB=
}

# olc_obs_host_pid: the OBS process as the host sees it (a descendant of olc_obs_start's job named
# obs; OBS runs in a pid namespace of its own).
olc_obs_host_pid() {
	local queue=("${OLC_OBS_PID:-}") p c
	[ -n "${queue[0]}" ] || return 1
	while [ ${#queue[@]} -gt 0 ]; do
		p=${queue[0]}
		queue=("${queue[@]:1}")
		for c in $(olc_obs__children "$p" 2>/dev/null); do
			[ "$(cat "/proc/$c/comm" 2>/dev/null)" = obs ] && { echo "$c" && return 0; }
			queue+=("$c")
		done
	done
	return 1
}

# olc_obs_start ROOT HOME [MAX_SECONDS] [EXTRA OBS ARGS...]
# Starts Xvfb and OBS in ROOT in the background, with the environment olc_obs_env left in HOME.
# OBS is stopped after MAX_SECONDS (900) whatever happens to the caller. Sets OLC_OBS_PID (the background job on the host),
# OLC_OBS_DISPLAY and OLC_OBS_HOME. OBS's own output goes to HOME/obs-stdout.txt.
olc_obs_start() {
	local root=$1 home=$2 max=${3:-900}
	shift 3 2>/dev/null || shift $#
	[ -n "${OLC_OBS_PID:-}" ] && kill -0 "$OLC_OBS_PID" 2>/dev/null && {
		olc_obs_log "OBS already started (job $OLC_OBS_PID)"
		return 1
	}
	home=$(cd "$home" && pwd) || return 1
	OLC_OBS_HOME=$home
	OLC_OBS_DISPLAY=$(olc_obs_free_display 90)
	rm -f "$home/.olc-stop" "$home/.olc-obs-exit" "$home/.olc-display"
	olc_obs_log "starting OBS in the $root root on :$OLC_OBS_DISPLAY, websocket port ${OLC_OBS_PORT:-?}"
	olc_in_root "$root" -b "$OLC_E2E_DIR:/olc/e2e" -b "$home:/olc/home" -- \
		/bin/bash /olc/e2e/obs-in-root.sh "$OLC_OBS_DISPLAY" "$max" \
		--profile "$OLC_OBS_PROFILE_NAME" --collection "$OLC_OBS_COLLECTION_NAME" \
		${OLC_OBS_PORT:+--websocket_port "$OLC_OBS_PORT"} \
		${OLC_OBS_PASSWORD:+--websocket_password "$OLC_OBS_PASSWORD"} "$@" \
		</dev/null >"$home/olc-root.txt" 2>&1 &
	OLC_OBS_PID=$!
}

# olc_obs_wait_port PORT [SECONDS]: waits until something listens on 127.0.0.1:PORT.
# Returns 1 early if OBS has already gone.
olc_obs_wait_port() {
	local port=$1 left=${2:-60}
	while [ "$left" -gt 0 ]; do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			# The root moves on to the next display if the chosen one was taken.
			[ -s "${OLC_OBS_HOME:-/nonexistent}/.olc-display" ] && OLC_OBS_DISPLAY=$(cat "$OLC_OBS_HOME/.olc-display")
			return 0
		fi
		if [ -n "${OLC_OBS_PID:-}" ] && ! kill -0 "$OLC_OBS_PID" 2>/dev/null; then
			olc_obs_log "OBS exited before listening on $port"
			return 1
		fi
		sleep 1
		left=$((left - 1))
	done
	return 1
}

olc_obs__children() { # PID: its direct children, from /proc (no procps needed)
	local want=$1 f s
	for f in /proc/[0-9]*/stat; do
		read -r s <"$f" 2>/dev/null || continue
		s=${s##*) } # what follows "(comm)", which may hold spaces: "STATE PPID ..."
		s=${s#* }
		[ "${s%% *}" = "$want" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
	done
}

# olc_obs_stop [SECONDS]
# Asks OBS to quit (a stop file the root's script answers with SIGINT, so OBS saves and
# logs its shutdown), waits up to SECONDS (20), then kills the root's pid-namespace init,
# which takes OBS, Xvfb and anything else in the root with it. Returns OBS's exit status
# if it had one. Should the job have been killed from outside meanwhile, the root can no
# longer be found from here; its own MAX_SECONDS watchdog still ends it.
olc_obs_stop() {
	local left=${1:-20} pid=${OLC_OBS_PID:-} u init status=0
	[ -n "$pid" ] || return 0
	local done_file=${OLC_OBS_HOME:-/nonexistent}/.olc-obs-exit
	[ -n "${OLC_OBS_HOME:-}" ] && : >"$OLC_OBS_HOME/.olc-stop"
	# Polls in tenths so that a quick exit costs no whole second. If the job itself was
	# killed (a signal to the whole process group), the root may still be shutting OBS
	# down: its exit file says when it is done.
	left=$((left * 10))
	while [ "$left" -gt 0 ] && { kill -0 "$pid" 2>/dev/null || [ ! -f "$done_file" ]; }; do
		sleep 0.1
		left=$((left - 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		olc_obs_log "OBS did not stop in time: killing its root"
		# job -> unshare -> namespace init (pid 1 inside). unshare ignores SIGTERM and
		# SIGINT while it waits, and killing it would orphan the namespace, so the
		# init is what gets SIGKILL.
		for u in $(olc_obs__children "$pid"); do
			for init in $(olc_obs__children "$u"); do
				kill -KILL "$init" 2>/dev/null
			done
		done
		sleep 1
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	if [ -n "${OLC_OBS_HOME:-}" ] && [ -f "$OLC_OBS_HOME/.olc-obs-exit" ]; then
		status=$(cat "$OLC_OBS_HOME/.olc-obs-exit")
	fi
	OLC_OBS_PID=
	return "$status"
}

# olc_obs_keep_log HOME DEST: copies OBS's newest log to DEST; prints its path.
olc_obs_keep_log() {
	local home=$1 dest=$2 log
	# shellcheck disable=SC2012 # OBS names its logs "YYYY-MM-DD HH-MM-SS.txt"
	log=$(ls -t "$home"/.config/obs-studio/logs/*.txt 2>/dev/null | head -n 1)
	[ -n "$log" ] || {
		olc_obs_log "OBS wrote no log under $home/.config/obs-studio/logs"
		return 1
	}
	cp "$log" "$dest" && echo "$dest"
}

# node_modules outside the tracked tree, the npm cache in the user's cache: a rerun needs
# no network, a fresh machine fetches the pinned obs-websocket-js once.
# olc_obs_node_modules BUILD_DIR: obs-websocket-js (pinned by package-lock.json) in BUILD_DIR/node_modules.
olc_obs_node_modules() {
	local build=$1
	local stamp
	stamp=$(cat "$OLC_E2E_DIR/package.json" "$OLC_E2E_DIR/package-lock.json" | sha256sum | cut -c1-16)
	if [ -d "$build/node_modules/obs-websocket-js" ] && [ "$(cat "$build/.olc-npm-stamp" 2>/dev/null)" = "$stamp" ]; then
		return 0
	fi
	olc_obs_log "npm ci into $build"
	mkdir -p "$build" "$OLC_CACHE/npm" || return 1
	cp "$OLC_E2E_DIR/package.json" "$OLC_E2E_DIR/package-lock.json" "$OLC_E2E_DIR/.npmrc" "$build/" || return 1
	# A host behind a TLS-inspecting proxy trusts a CA the root's ca-certificates lacks:
	# lend the root the host's bundle (added to node's, not replacing it) and its proxy.
	local ca binds=() envs=()
	ca=$(realpath -e "${NODE_EXTRA_CA_CERTS:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}" 2>/dev/null)
	if [ -n "$ca" ] && [ -f "$ca" ]; then
		binds=(-b "$(dirname "$ca"):/olc/host-ca")
		envs=("NODE_EXTRA_CA_CERTS=/olc/host-ca/$(basename "$ca")")
	fi
	# The lockfile names no registry: the one configured on this machine (a local mirror) is used.
	local v registry
	registry=$(npm config get registry 2>/dev/null || true)
	[ -n "$registry" ] && envs+=("npm_config_registry=$registry")
	for v in https_proxy HTTPS_PROXY http_proxy HTTP_PROXY no_proxy NO_PROXY; do
		[ -n "${!v:-}" ] && envs+=("$v=${!v}")
	done
	olc_in_root trixie -b "$build:/olc/node" -b "$OLC_CACHE/npm:/olc/npm-cache" "${binds[@]}" -- \
		/usr/bin/env "${envs[@]}" /bin/sh -c \
		'cd /olc/node && npm ci --cache /olc/npm-cache --prefer-offline --no-audit --no-fund --loglevel=error' ||
		return 1
	echo "$stamp" >"$build/.olc-npm-stamp"
}
