# shellcheck shell=bash
# Debian roots for building and testing against OBS 30.2+ (Qt 6) on machines whose
# own OBS is older. Roots live in the user's cache, never in the work tree, are made
# with debootstrap, reused while their package list is unchanged, and entered with
# unshare + chroot so that every mount and process inside ends with the command.
# The host's /dev is never bind-mounted: debootstrap's own device nodes suffice.

OLC_CACHE=${OLC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/obs-live-commerce}

# olc_machine_mirror: the Debian mirror this machine's own apt sources use (deb822 .sources
# or one-line sources.list), so a user behind a local mirror (common in China) keeps it.
# Security and update suites are passed over: the roots need the main archive.
olc_machine_mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'function take() { if (uri != "" && suites !~ /-security/) print uri; uri = ""; suites = "" }
			/^URIs:/ { uri = $2 } /^Suites:/ { suites = $0 } /^$/ { take() } END { take() }' "$f"
	done
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++
			if ($(i + 1) !~ /-security/) print $i }'
}
OLC_MIRROR=${OLC_MIRROR:-$(olc_machine_mirror | head -n 1)}

# What the build, the tests and the demo need inside the Debian 13 root. qt6-svg-plugins: OBS's
# themes draw check boxes and arrows from SVG files, which Qt cannot read without it (obs-studio
# does not pull it in), so the dock's screenshot would show check boxes without their boxes.
OLC_TRIXIE_PACKAGES="obs-studio libobs-dev qt6-base-dev qt6-base-private-dev libcurl4-openssl-dev libssl-dev
libjansson-dev libcsv-dev libgtest-dev libgmock-dev libqrencode-dev libzbar-dev libpng-dev libegl-dev libx11-dev
cmake ninja-build g++ gcc pkg-config file dpkg-dev xvfb xauth libgl1-mesa-dri zbar-tools fonts-noto-cjk
fonts-noto-core nodejs npm ffmpeg ca-certificates xz-utils openssl clang libclang-rt-19-dev ccache openbox qt6-svg-plugins xdotool"

# The compatibility root only runs the module built in the Debian 13 root (openbox: OBS maximised
# as in the Debian 13 root, for the dock's captures).
OLC_SID_PACKAGES="obs-studio qt6-svg-plugins openbox xvfb xauth libgl1-mesa-dri libqrencode4 libjansson4 libcsv3 libcurl4t64 libssl3t64 fonts-noto-cjk
ca-certificates"

olc_log() { printf '[roots] %s\n' "$*" >&2; }

olc_root_dir() { printf '%s/roots/%s' "$OLC_CACHE" "$1"; }

# olc_in_root NAME [-b HOSTDIR:ROOTDIR]... -- CMD...
# Runs CMD as root inside the root, with HOSTDIR bind-mounted at ROOTDIR for the
# lifetime of the command only (a private mount namespace).
olc_in_root() {
	local name=$1
	shift
	local dir binds=()
	dir=$(olc_root_dir "$name")
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		case $1 in
		-b)
			binds+=("$2")
			shift 2
			;;
		*)
			olc_log "olc_in_root: unknown option $1"
			return 2
			;;
		esac
	done
	[ "${1:-}" = "--" ] && shift
	local script='set -e; root=$1; shift; n=$1; shift
		mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
		mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
		while [ "$n" -gt 0 ]; do
			src=${1%%:*}; dst=${1#*:}; shift; n=$((n - 1))
			mkdir -p "$root$dst"; mount --bind "$src" "$root$dst"
		done
		exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			OLC_IN_ROOT=1 CI="${CI:-}" "$@"'
	mkdir -p "$dir/dev/shm"
	unshare --mount --pid --fork --mount-proc="$dir/proc" \
		bash -c "$script" olc-root "$dir" "${#binds[@]}" "${binds[@]}" "$@"
}

# olc_ensure_root NAME SUITE "PACKAGES" [APT-OPTIONS]
# Makes the root if it is missing or its package list changed; reuses it otherwise.
olc_ensure_root() {
	local name=$1 suite=$2 packages=$3 aptopt=${4:-}
	local dir stamp want
	dir=$(olc_root_dir "$name")
	want=$(printf '%s\n%s\n%s\n%s\n' "$suite" "$OLC_MIRROR" "$aptopt" "$(echo $packages | tr ' ' '\n' | sort)" | sha256sum | cut -c1-16)
	stamp="$dir/.olc-root-stamp"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		return 0
	fi
	olc_host_tools || return 1
	[ -n "$OLC_MIRROR" ] || {
		olc_log "no Debian mirror in this machine's apt sources; set OLC_MIRROR"
		return 1
	}
	local debs="$OLC_CACHE/debs/$suite"
	mkdir -p "$debs" "$OLC_CACHE/roots"
	if [ ! -x "$dir/usr/bin/apt-get" ] || [ ! -f "$dir/.olc-bootstrapped" ]; then
		olc_log "debootstrap $suite into $dir"
		# Nothing is mounted there outside a running olc_in_root, so removal is safe.
		rm -rf --one-file-system "$dir"
		debootstrap --variant=minbase --cache-dir="$debs" "$suite" "$dir" "$OLC_MIRROR" >"$OLC_CACHE/debootstrap-$name.log" 2>&1 || {
			olc_log "debootstrap failed; see $OLC_CACHE/debootstrap-$name.log"
			tail -n 20 "$OLC_CACHE/debootstrap-$name.log" >&2
			return 1
		}
		touch "$dir/.olc-bootstrapped"
	fi
	cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
	olc_log "installing packages into the $name root"
	# The apt archive is kept outside the root so a rebuilt root downloads nothing twice.
	# shellcheck disable=SC2086
	olc_in_root "$name" -b "$debs:/var/cache/apt/archives" -- /bin/sh -c "
		export DEBIAN_FRONTEND=noninteractive
		apt-get $aptopt update -qq &&
		apt-get install -y -qq --no-install-recommends $(echo $packages) >/var/log/olc-apt.log 2>&1 ||
		{ tail -n 30 /var/log/olc-apt.log; exit 1; }" || return 1
	echo "$want" >"$stamp"
}

# olc_host_tools: what the host needs to make roots (debootstrap). Call it once before making
# roots in parallel: two apt-get runs at once fail on apt's lock.
olc_host_tools() {
	command -v debootstrap >/dev/null && return 0
	olc_log "installing debootstrap on the host"
	apt-get -o DPkg::Lock::Timeout=600 update -qq &&
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq debootstrap >/dev/null
}

olc_ensure_trixie() { olc_ensure_root trixie trixie "$OLC_TRIXIE_PACKAGES"; }
olc_ensure_sid() { olc_ensure_root sid sid "$OLC_SID_PACKAGES" "-o Acquire::Check-Valid-Until=false"; }
