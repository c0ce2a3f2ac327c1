# shellcheck shell=bash
# The test command's results: one line per test in RESULTS/results.txt,
#   PASS TAG: name          a test that passed
#   FAIL TAG: name -- why   a test that failed (or a layer that could not run)
#   RETRY TAG: name -- why  a test run again (logged, never counted; see tests/e2e/shop.mjs)
#   SKIP TAG: why           a layer skipped with OLC_ALLOW_SKIP's permission (never counted)
# where TAG is the layer's name, but for the real-OBS layers: e2e-obs30 (e2e) and e2e-obs32
# (compat). After the layers, every layer asked for must have recorded results, at least as many
# as tests/expected-counts.txt says: a lost test binary, a suite dropped from a list or a layer
# that quietly did nothing is a failure, not a shorter green run.
#
# Set OLC_RESULTS (the results directory) and OLC_TOP before calling these.

OLC_KNOWN_LAYERS="build unit asan tsan churn fuzz render bench e2e compat"
OLC_EXPECTED_COUNTS=${OLC_EXPECTED_COUNTS:-$OLC_TOP/tests/expected-counts.txt}

# Names of the lines the test command itself adds about a layer: not tests, never counted.
olc_meta_names='layer ran|layer exit status|layer skipped|test count|unknown layer'

# olc_layer_tag LAYER: the prefix of the layer's result lines.
olc_layer_tag() {
	case $1 in
	e2e) echo e2e-obs30 ;;
	compat) echo e2e-obs32 ;;
	*) echo "$1" ;;
	esac
}

# olc_record TAG NAME STATUS [REASON]: one result line.
olc_record() {
	if [ "$3" = 0 ]; then
		echo "PASS $1: $2" | tee -a "$OLC_RESULTS/results.txt"
	else
		echo "FAIL $1: $2${4:+ -- $4}" | tee -a "$OLC_RESULTS/results.txt"
	fi
}

# olc_layer_count LAYER [FILE]: how many tests of LAYER ran (PASS and FAIL lines, the test
# command's own lines about the layer left out).
olc_layer_count() {
	local tag
	tag=$(olc_layer_tag "$1")
	grep -E "^(PASS|FAIL) $tag: " "${2:-$OLC_RESULTS/results.txt}" 2>/dev/null |
		grep -cvE "^(PASS|FAIL) $tag: ($olc_meta_names)( -- |$)"
}

# olc_expected_count LAYER: the minimum from tests/expected-counts.txt, or nothing.
olc_expected_count() {
	awk -v layer="$1" '$1 == layer && $2 ~ /^[0-9]+$/ { print $2; exit }' "$OLC_EXPECTED_COUNTS" 2>/dev/null
}

# olc_skip_allowed LAYER: whether OLC_ALLOW_SKIP (space- or comma-separated layer names) lets
# the layer be skipped.
olc_skip_allowed() {
	case " ${OLC_ALLOW_SKIP:-} " in *" $1 "*) return 0 ;; esac
	case ",${OLC_ALLOW_SKIP:-}," in *",$1,"*) return 0 ;; esac
	return 1
}

# olc_skip LAYER WHY: a layer that cannot run here. A SKIP line when OLC_ALLOW_SKIP names it,
# else a failure saying how to run it or allow the skip.
olc_skip() {
	local tag
	tag=$(olc_layer_tag "$1")
	if olc_skip_allowed "$1"; then
		echo "SKIP $tag: $2 (allowed by OLC_ALLOW_SKIP)" | tee -a "$OLC_RESULTS/results.txt"
	else
		olc_record "$tag" "layer skipped" 1 "$2; a skipped layer fails unless OLC_ALLOW_SKIP=\"$1\" allows it"
	fi
}

# olc_check_layers "LAYERS": after the run, each layer asked for must have run (or been skipped
# with permission) and run at least its expected number of tests. More is fine, and said.
olc_check_layers() {
	local layer tag n min
	for layer in $1; do
		case " $OLC_KNOWN_LAYERS " in *" $layer "*) ;; *) continue ;; esac # reported at the start
		tag=$(olc_layer_tag "$layer")
		grep -qE "^SKIP $tag: " "$OLC_RESULTS/results.txt" 2>/dev/null && continue
		n=$(olc_layer_count "$layer")
		if [ "$n" = 0 ]; then
			# A layer that failed before running any test has said why; one that said nothing at all
			# (not reached, or a branch that records nothing) fails here.
			grep -qE "^FAIL $tag: " "$OLC_RESULTS/results.txt" ||
				olc_record "$tag" "layer ran" 1 "no result recorded (it did not run, or ran no test)"
			continue
		fi
		min=$(olc_expected_count "$layer")
		if [ -z "$min" ]; then
			olc_record "$tag" "test count" 1 "$n ran; ${OLC_EXPECTED_COUNTS#"$OLC_TOP"/} has no line \"$layer N\""
		elif [ "$n" -lt "$min" ]; then
			olc_record "$tag" "test count" 1 "only $n ran, at least $min expected (${OLC_EXPECTED_COUNTS#"$OLC_TOP"/})"
		elif [ "$n" -gt "$min" ]; then
			echo "# $tag: $n tests ran, more than the $min in ${OLC_EXPECTED_COUNTS#"$OLC_TOP"/}:" \
				"raise it after a green run (.github/scripts/test --raise-counts)"
		fi
	done
}

# olc_raise_counts: rewrites tests/expected-counts.txt with the counts of the last run, for the
# layers it ran; refuses when that run failed. Lowering a count (tests removed on purpose) is an
# edit by hand.
olc_raise_counts() {
	local file=$OLC_RESULTS/results.txt layer n old tmp changed=0
	if [ ! -s "$file" ]; then
		echo "no $file: run the tests first" >&2
		return 1
	fi
	if grep -q '^FAIL ' "$file"; then
		echo "the last run failed ($(grep -c '^FAIL ' "$file") FAIL lines in $file): counts are raised only after a green run" >&2
		return 1
	fi
	tmp=$(mktemp) || return 1
	if [ -f "$OLC_EXPECTED_COUNTS" ]; then
		grep -E '^#|^[[:space:]]*$' "$OLC_EXPECTED_COUNTS" >"$tmp"
	fi
	for layer in $OLC_KNOWN_LAYERS; do
		old=$(olc_expected_count "$layer")
		n=$(olc_layer_count "$layer" "$file")
		if [ "$n" -gt "${old:-0}" ]; then
			echo "$layer: ${old:-none} -> $n"
			changed=1
		else
			n=$old
		fi
		[ -n "$n" ] && echo "$layer $n" >>"$tmp"
	done
	cat "$tmp" >"$OLC_EXPECTED_COUNTS"
	rm -f "$tmp"
	[ "$changed" = 1 ] || echo "${OLC_EXPECTED_COUNTS#"$OLC_TOP"/} already matches $file"
}
