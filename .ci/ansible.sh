#!/usr/bin/env bash
# CI: the Ansible role: ansible-lint (production profile), then a check-mode run against this machine
# for every host kind, with the packages packaging/build.sh left in dist/ (.ci/packages.sh runs
# first); and the janitor accepts every janitor config the role writes (strict decoding: audit
# exits 2 on a config error, 0 or 1 otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
start=$SECONDS
need=()
command -v ansible-playbook >/dev/null || need+=(ansible)
command -v ansible-lint >/dev/null || need+=(ansible-lint)
python3 -c 'import passlib' 2>/dev/null || need+=(python3-passlib) # password_hash('bcrypt')
if ((${#need[@]})); then apt-get update -qq; apt-get install -y -qq "${need[@]}" >/dev/null; fi
ls dist/bbbkit-exporter_*_amd64.deb >/dev/null || packaging/build.sh

(cd deploy/ansible && ansible-lint --nocolor playbook.yml roles/bbbkit)

dist=$PWD/dist
for kind in bbb frontend turn monitoring; do
  (cd deploy/ansible && ANSIBLE_ROLES_PATH=roles ANSIBLE_NOCOLOR=1 ansible-playbook -i ci/localhost.yml playbook.yml \
    --check -e "bbbkit_packages_dir=$dist" -e "bbbkit_host_kind=$kind" >"/tmp/bbbkit-ansible-$kind.log") \
    || { cat "/tmp/bbbkit-ansible-$kind.log"; echo "ansible.sh: check-mode run as $kind failed" >&2; exit 1; }
  grep -q 'failed=0' "/tmp/bbbkit-ansible-$kind.log"
done

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/janitor" ./cmd/janitor
# Each janitor template rendered by Jinja2 as Ansible would (includes, StrictUndefined), then the
# real janitor's strict decoding.
render() {
  python3 - "$1" <<'PY'
import sys, os, jinja2
d, name = os.path.split(sys.argv[1])
env = jinja2.Environment(loader=jinja2.FileSystemLoader(d), undefined=jinja2.StrictUndefined, trim_blocks=True, keep_trailing_newline=True)
sys.stdout.write(env.get_template(name).render(ansible_managed="CI", bbbkit_retention="72h", bbbkit_journald_retention="48h"))
PY
}
for t in deploy/ansible/roles/bbbkit/templates/janitor-*.yml.j2; do
  render "$t" >"$tmp/janitor.yml" || { echo "ansible.sh: $t does not render" >&2; exit 1; }
  rc=0; "$tmp/janitor" audit --config "$tmp/janitor.yml" --format json >/dev/null 2>"$tmp/err" || rc=$?
  if ((rc > 1)); then echo "ansible.sh: the janitor refuses $t:" >&2; cat "$tmp/err" >&2; exit 1; fi
done
# The BBB host's template is the example config with the role's retention: the two never drift.
if ! diff <(render deploy/ansible/roles/bbbkit/templates/janitor-bbb.yml.j2 | tail -n +4) docs/janitor-bbb-host.yml; then
  echo "ansible.sh: janitor-bbb.yml.j2 differs from docs/janitor-bbb-host.yml (above)" >&2; exit 1
fi
# The other host kinds' shared sources are the example's, word for word.
render deploy/ansible/roles/bbbkit/templates/host-sources.yml.j2 >"$tmp/host-sources.yml"
if ! python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' \
  "$tmp/host-sources.yml" docs/janitor-bbb-host.yml; then
  echo "ansible.sh: host-sources.yml.j2 is not a part of docs/janitor-bbb-host.yml" >&2; exit 1
fi
echo "ansible.sh: ok ($((SECONDS - start))s)"
