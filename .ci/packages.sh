#!/usr/bin/env bash
# CI: build the Debian packages (packaging/build.sh, amd64 and arm64), install the amd64 ones with apt
# in a clean Debian 12 chroot (mmdebstrap; CI runs in a container, systemd is not PID 1), check the
# maintainer scripts' work, `systemd-analyze verify` the units, then start the exporter exactly as
# its unit says (User=, Group=, EnvironmentFile=, ExecStart=) and scrape it over TLS with basic auth:
# it reads its BBB secret, web config and TLS key as the user bbbkit, from the modes the docs and the
# Ansible role set (/etc/bbbkit root:bbbkit 0750, files root:bbbkit 0640). Runs as root.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
start=$SECONDS
fail() { echo "packages.sh: $*" >&2; exit 1; }

export NO_MAN=${NO_MAN-}
# Man pages whose header (.TH) does not yet name the binary, and binaries whose --version does not
# yet print the release version: none (a name listed here that works fails the run, to keep it true).
PENDING_MAN=${PENDING_MAN-}
PENDING_VERSION=${PENDING_VERSION-}

# check_pending LIST NAME WHAT OK: fail when !OK unless NAME is in LIST; fail when OK and NAME is in
# LIST (the list must shrink as the other branches land).
check_pending() {
  local list=$1 name=$2 what=$3 ok=$4
  if $ok; then
    [[ " $list " != *" $name "* ]] || fail "$name: $what works now: remove $name from its PENDING list"
  elif [[ " $list " == *" $name "* ]]; then
    echo "packages.sh: WARNING: $name: $what not yet (pending on another branch)" >&2
  else
    fail "$name: $what"
  fi
}

command -v mmdebstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq mmdebstrap >/dev/null; }

packaging/build.sh
version=$(dpkg-deb -f dist/bbbkit-exporter_*_amd64.deb Version)
for a in amd64 arm64; do
  for p in exporter janitor report; do
    test "$(dpkg-deb -f dist/bbbkit-${p}_*_$a.deb Architecture)" = "$a"
  done
done

root=$(mktemp -d /tmp/bbbkit-ci-root.XXXXXX)
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
  umount "$root/proc" 2>/dev/null || true
  umount "$root/sys" 2>/dev/null || true
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
mmdebstrap --quiet --variant=apt \
  --include=systemd,adduser,curl,ca-certificates,openssl,util-linux,apache2-utils,man-db,groff-base \
  bookworm "$root" http://deb.debian.org/debian
in_root() { chroot "$root" "$@"; }
mkdir -p "$root/tmp/debs" && cp dist/*_amd64.deb "$root/tmp/debs/"
in_root sh -c 'apt-get install -o Dpkg::Use-Pty=0 -y -qq /tmp/debs/bbbkit-*_amd64.deb' >/dev/null

# What the maintainer scripts did.
in_root getent passwd bbbkit | grep -q ':/usr/sbin/nologin$' || fail "no system user bbbkit"
[[ $(in_root stat -c '%U:%G %a' /etc/bbbkit) == "root:bbbkit 750" ]] || fail "/etc/bbbkit is not root:bbbkit 0750"
[[ -L $root/etc/systemd/system/multi-user.target.wants/bbbkit-exporter.service ]] || fail "exporter not enabled"
[[ -L $root/etc/systemd/system/timers.target.wants/bbbkit-janitor.timer ]] || fail "janitor timer not enabled"
for f in /etc/default/bbbkit-exporter /etc/default/bbbkit-janitor; do
  grep -qx "$f" "$root"/var/lib/dpkg/info/bbbkit-*.conffiles || fail "$f is no conffile"
done
for p in exporter janitor report; do
  out=$(in_root "bbbkit-$p" --version 2>&1) || true
  ok=false; [[ $out == *"$version"* ]] && ok=true
  check_pending "$PENDING_VERSION" "bbbkit-$p" "--version says $version (it says: ${out:0:200})" $ok
done

# The units verify (inside the chroot, so ExecStart= and User= are checked against what is installed).
# It also checks that the man pages in Documentation= exist; not while NO_MAN leaves one out.
man_check=(); [[ -z $NO_MAN ]] || man_check=(--man=no)
in_root systemd-analyze verify "${man_check[@]}" /usr/lib/systemd/system/bbbkit-exporter.service \
  /usr/lib/systemd/system/bbbkit-janitor.service /usr/lib/systemd/system/bbbkit-janitor.timer

# Man pages render, with the binary's name in their header.
for man in "$root"/usr/share/man/man1/bbbkit-*.1.gz; do
  name=$(basename "$man" .1.gz)
  warn=$(zcat "$man" | in_root groff -man -Tutf8 -ww -Wbreak -z 2>&1) || fail "$name.1 does not render: $warn"
  [[ -z $warn ]] || fail "$name.1 renders with warnings: $warn"
  ok=false; zcat "$man" | head -1 | grep -q "^\.TH \"\?$name\"\? 1" && ok=true
  check_pending "$PENDING_MAN" "$name" "man page header names the binary ($(zcat "$man" | head -1 | cut -c1-80))" $ok
done

# The exporter's configuration, with the modes the docs and the role use.
port=19871
pw=ci-$RANDOM$RANDOM
in_root sh -euc "
  umask 077
  install -d -o root -g bbbkit -m 0750 /etc/bbbkit/tls
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 \
    -keyout /etc/bbbkit/tls/exporter.key -out /etc/bbbkit/tls/exporter.crt 2>/dev/null
  echo ci-secret-0123456789 > /etc/bbbkit/bbb-secret
  hash=\$(htpasswd -nbBC 10 prometheus '$pw' | cut -d: -f2)
  printf 'tls_server_config:\n  cert_file: /etc/bbbkit/tls/exporter.crt\n  key_file: /etc/bbbkit/tls/exporter.key\nbasic_auth_users:\n  prometheus: %s\n' \"\$hash\" > /etc/bbbkit/web-config.yml
  chown root:bbbkit /etc/bbbkit/tls/exporter.key /etc/bbbkit/tls/exporter.crt /etc/bbbkit/bbb-secret /etc/bbbkit/web-config.yml
  chmod 0640 /etc/bbbkit/tls/exporter.key /etc/bbbkit/tls/exporter.crt /etc/bbbkit/bbb-secret /etc/bbbkit/web-config.yml
  echo 'ARGS=\"--web.listen-address=127.0.0.1:$port --web.config.file=/etc/bbbkit/web-config.yml --bbb.api-url=http://127.0.0.1:9/bigbluebutton/api --bbb.secret-file=/etc/bbbkit/bbb-secret --history.path=/var/lib/bbbkit-exporter/history.db\"' > /etc/default/bbbkit-exporter
"
# What systemd would do for StateDirectory=bbbkit-exporter, StateDirectoryMode=0750.
in_root install -d -o bbbkit -g bbbkit -m 0750 /var/lib/bbbkit-exporter
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys" 2>/dev/null || mount --rbind /sys "$root/sys"

unit=$root/usr/lib/systemd/system/bbbkit-exporter.service
key() { sed -n "s/^$1=//p" "$unit" | tail -1; }
user=$(key User) group=$(key Group) envfile=$(key EnvironmentFile) exec=$(key ExecStart) umask_=$(key UMask)
[[ $user == bbbkit && $group == bbbkit ]] || fail "unit runs as $user:$group"
# As the unit: its user and group, no capabilities, no new privileges, its environment file and umask.
start_exporter() {
  # chroot itself in the background (not a function's subshell), so that $! is the exporter: chroot,
  # setpriv and sh all exec.
  chroot "$root" setpriv --reuid="$user" --regid="$group" --init-groups --no-new-privs --bounding-set=-all \
    --inh-caps=-all sh -c "umask $umask_; set -a; . '${envfile#-}'; set +a; exec $exec" >"$root/tmp/exporter.log" 2>&1 &
  pid=$!
}
start_exporter
ok=false
for _ in $(seq 50); do
  if curl -sf --cacert "$root/etc/bbbkit/tls/exporter.crt" -u "prometheus:$pw" \
    "https://127.0.0.1:$port/metrics" >"$root/tmp/metrics" 2>/dev/null; then ok=true; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
$ok || { cat "$root/tmp/exporter.log" >&2; fail "the exporter did not answer over TLS with basic auth"; }
grep -q '^bbb_api_up 0' "$root/tmp/metrics" || fail "no bbb_api_up 0 in /metrics"
grep -Eq "^[a-z_]*exporter_build_info\{.*version=\"$version\"" "$root/tmp/metrics" || fail "no build_info with version $version"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$root/etc/bbbkit/tls/exporter.crt" "https://127.0.0.1:$port/metrics")
[[ $code == 401 ]] || fail "without a password /metrics answers $code, not 401"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

# The counter-test: the same secret file root-only (0600) is refused, by its path.
chmod 0600 "$root/etc/bbbkit/bbb-secret"
start_exporter
wait "$pid" 2>/dev/null && fail "the exporter started with a secret it cannot read"
pid=
grep -q /etc/bbbkit/bbb-secret "$root/tmp/exporter.log" || { cat "$root/tmp/exporter.log" >&2; fail "the error does not name the secret file"; }

# Removal and purge run their scripts cleanly.
in_root apt-get purge -y -qq bbbkit-exporter bbbkit-janitor bbbkit-report >/dev/null
echo "packages.sh: ok ($((SECONDS - start))s)"
