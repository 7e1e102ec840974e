#!/usr/bin/env bash
# bench-peers.sh: times `janitor scrub` against its peers on the same input.
#
# Generates the deterministic benchmark log (1,000,000 nginx "combined"
# lines, a third of the clients IPv6; the same generator as BenchmarkScrub)
# and pipes it through:
#   - janitor scrub (mask /24 and /48),
#   - ipv6loganon (Debian package ipv6calc; it anonymizes only each line's
#     first token), zeroizing to the same /24 and /48,
#   - anonip (a Python tool; Debian package anonip) if it is installed,
# printing lines/s, MB/s and peak RSS for each, ROUNDS times (default 3),
# with the load average before each round. Then it pipes LARGE_BYTES
# (default 1 GiB) generated on the fly through janitor scrub to show that
# its memory stays flat.
#
# Usage: retention/scrub/bench-peers.sh [lines]    (from anywhere)
# Environment: LARGE_BYTES=0 skips the large run; KEEP=1 keeps the temp dir;
# JANITOR=path uses that janitor binary instead of building ./cmd/janitor.
set -euo pipefail

lines=${1:-1000000}
large=${LARGE_BYTES:-1073741824}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
if [[ -z ${KEEP:-} ]]; then trap 'rm -rf "$tmp"' EXIT; else echo "temp dir: $tmp"; fi

cd "$root"
if [[ -n ${JANITOR:-} ]]; then
	cp "$JANITOR" "$tmp/janitor"
else
	go build -o "$tmp/janitor" ./cmd/janitor
fi
go build -o "$tmp/genlog" ./retention/scrub/internal/loggen/genlog
"$tmp/genlog" -n "$lines" >"$tmp/in.log"
bytes=$(stat -c %s "$tmp/in.log")
echo "input: $lines lines, $bytes bytes ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-15s %8s %11s %8s %8s %11s %9s\n' tool wall-s lines/s MB/s cpu-s MB/cpu-s peakRSS

# measure NAME INPUT CMD...: runs CMD with INPUT on stdin, output to
# /dev/null, and prints wall time, throughput, CPU time (user+sys, the
# fairer figure on a busy machine), throughput per CPU second and peak RSS.
measure() {
	local name=$1 input=$2
	shift 2
	local start end rss cpu=0
	start=$(date +%s.%N)
	if [[ -x /usr/bin/time ]]; then
		/usr/bin/time -f '%M %U %S' -o "$tmp/rss" "$@" <"$input" >/dev/null
		read -r rss user sys <"$tmp/rss"
		cpu=$(echo "$user + $sys" | bc -l)
	else
		# No GNU time: poll the process's VmHWM until it exits.
		"$@" <"$input" >/dev/null &
		local pid=$! hwm
		rss=0
		while kill -0 "$pid" 2>/dev/null; do
			hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
			[[ -n $hwm && $hwm -gt $rss ]] && rss=$hwm
			sleep 0.05
		done
		wait "$pid"
	fi
	end=$(date +%s.%N)
	secs=$(echo "$end - $start" | bc -l)
	local percpu=0
	[[ $(echo "$cpu > 0" | bc) == 1 ]] && percpu=$(echo "$bytes / $cpu / 1000000" | bc -l)
	printf '%-15s %8.2f %11.0f %8.1f %8.2f %11.1f %7.1fMB\n' "$name" "$secs" \
		"$(echo "$lines / $secs" | bc -l)" "$(echo "$bytes / $secs / 1000000" | bc -l)" \
		"$cpu" "$percpu" "$(echo "$rss / 1024" | bc -l)"
}

# The tools share the machine with whatever else runs on it: each round
# measures them back to back, and the ratio is taken within a round.
rounds=${ROUNDS:-3}
ratios=()
for ((round = 1; round <= rounds; round++)); do
	echo "round $round (load $(cut -d' ' -f1-3 /proc/loadavg))"
	measure "janitor scrub" "$tmp/in.log" "$tmp/janitor" scrub
	jan=$secs
	measure "janitor redact" "$tmp/in.log" "$tmp/janitor" scrub --mode redact
	if command -v ipv6loganon >/dev/null; then
		measure ipv6loganon "$tmp/in.log" ipv6loganon --anonymize-method zeroize \
			--mask-ipv4 24 --mask-ipv6 48 --mask-eui64 0 --mask-autoadjust no
		ratio=$(echo "$secs / $jan" | bc -l)
		ratios+=("$ratio")
		printf 'janitor scrub is %.1fx as fast as ipv6loganon (wall time)\n' "$ratio"
	else
		echo "ipv6loganon: not installed (Debian package ipv6calc), skipped"
	fi
	if command -v anonip >/dev/null; then
		measure anonip "$tmp/in.log" anonip --ipv4mask 8 --ipv6mask 80
	elif python3 -c 'import anonip' 2>/dev/null; then
		measure anonip "$tmp/in.log" python3 -m anonip --ipv4mask 8 --ipv6mask 80
	elif ((round == 1)); then
		echo "anonip: not installed (apt-get install anonip), skipped"
	fi
done

if ((${#ratios[@]} > 0)); then
	median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}')
	printf 'median over %d rounds: %.1fx (load now %s)\n' "${#ratios[@]}" "$median" "$(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [[ $large -gt 0 ]]; then
	# The large run reads from a pipe, so the input never sits on disk.
	mkfifo "$tmp/big.fifo"
	"$tmp/genlog" -bytes "$large" >"$tmp/big.fifo" &
	gen=$!
	lines=$(echo "$large / ($bytes / $lines)" | bc) # approximate, for lines/s
	bytes=$large
	measure "janitor 1GiB" "$tmp/big.fifo" "$tmp/janitor" scrub
	wait "$gen"
fi
