#!/usr/bin/env bash
# CI: `bbbkit-report import --prometheus` against a real VictoriaMetrics (Debian's victoria-metrics):
# two servers, one hour of samples imported with timestamps, read back through its Prometheus query
# API into a history file.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
start=$SECONDS
command -v victoria-metrics >/dev/null || { apt-get update -qq; apt-get install -y -qq victoria-metrics >/dev/null; }
tmp=$(mktemp -d)
vm=
trap '[[ -n $vm ]] && kill "$vm" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
port=18428
victoria-metrics -storageDataPath="$tmp/vm" -httpListenAddr="127.0.0.1:$port" -retentionPeriod=100y \
  -search.disableCache >"$tmp/vm.log" 2>&1 &
vm=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

t0=$(date -u -d 2025-06-01T00:00:00Z +%s)
for i in $(seq 0 59); do
  ts=$(((t0 + 60 * i) * 1000))
  for n in 1 2; do
    echo "bbb_meetings_participants{job=\"bbb\",instance=\"bbb0$n:9871\"} $((10 * n + i)) $ts"
    echo "bbb_meetings{job=\"bbb\",instance=\"bbb0$n:9871\"} $n $ts"
    echo "bbb_network_transmit_bytes_total{job=\"bbb\",instance=\"bbb0$n:9871\",device=\"eth0\"} $((6000 * i * n)) $ts"
    echo "bbb_network_receive_bytes_total{job=\"bbb\",instance=\"bbb0$n:9871\",device=\"eth0\"} $((600 * i * n)) $ts"
  done
done >"$tmp/samples.prom"
curl -sf --data-binary @"$tmp/samples.prom" "http://127.0.0.1:$port/api/v1/import/prometheus"
curl -sf "http://127.0.0.1:$port/internal/force_flush" >/dev/null

go build -o "$tmp/bbbkit-report" ./cmd/report
"$tmp/bbbkit-report" import --history "$tmp/history.db" --prometheus "http://127.0.0.1:$port" \
  --from 2025-06-01T00:00:00Z --to 2025-06-01T01:00:00Z >"$tmp/import.out" 2>&1 \
  || { cat "$tmp/import.out" "$tmp/vm.log" >&2; echo "victoriametrics.sh: import failed" >&2; exit 1; }
cat "$tmp/import.out"
# 60 one-minute samples of each of the two nodes.
grep -q "imported 120 samples of 2 nodes, 2025-06-01T00:00:00Z to 2025-06-01T00:59:00Z" "$tmp/import.out" \
  || { echo "victoriametrics.sh: not the 120 samples of 2 nodes expected" >&2; exit 1; }
echo "victoriametrics.sh: ok ($((SECONDS - start))s)"
