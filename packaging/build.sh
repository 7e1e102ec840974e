#!/usr/bin/env bash
# packaging/build.sh: the Debian packages bbbkit-exporter, bbbkit-janitor and bbbkit-report for amd64
# and arm64, into dist/. Needs Go and the module proxy (for nfpm, pinned below), nothing else.
#
#   packaging/build.sh                          version from git: 0.0.0~gitYYYYMMDDhhmmss.REV
#   VERSION=1.2.3 packaging/build.sh            a release
#   ARCHS=amd64 packaging/build.sh              one architecture
#
# Man pages and bash/zsh completions are generated from the binaries (kingpin's --help-man and
# --completion-script-*); a binary that cannot make them fails the build. NO_MAN="bbbkit-NAME …"
# names binaries allowed to have none — and fails the build once they can (so the list cannot rot).
set -euo pipefail
cd "$(dirname "$0")/.."

NFPM=(go run github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2)
ARCHS=${ARCHS:-amd64 arm64}
NO_MAN=${NO_MAN:-}
programs=(exporter janitor report)

revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [[ $revision != unknown && -n $(git status --porcelain 2>/dev/null) ]]; then revision+=-dirty; fi
branch=$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
if [[ -z ${VERSION:-} ]]; then
  when=$(git log -1 --format=%cd --date=format-local:%Y%m%d%H%M%S 2>/dev/null || date -u +%Y%m%d%H%M%S)
  VERSION=0.0.0~git${when}.${revision:0:12}
fi
VERSION=${VERSION#v}
builddate=$(date -u +%Y-%m-%dT%H:%M:%SZ)
v=github.com/prometheus/common/version
ldflags="-s -w -X $v.Version=$VERSION -X $v.Revision=$revision -X $v.Branch=$branch -X $v.BuildDate=$builddate"

rm -rf dist && mkdir -p dist/build/gen/man dist/build/gen/bash dist/build/gen/zsh
build() { # GOARCH DIR
  for p in "${programs[@]}"; do
    CGO_ENABLED=0 GOOS=linux GOARCH=$1 go build -trimpath -ldflags "$ldflags" -o "$2/bbbkit-$p" "./cmd/$p"
  done
}

# Man pages and completions from binaries for this machine (they are the same for every arch).
build "$(go env GOARCH)" dist/build/host
declare -A has_man
for p in "${programs[@]}"; do
  bin=dist/build/host/bbbkit-$p
  skip=false
  [[ " $NO_MAN " == *" bbbkit-$p "* ]] && skip=true
  if "$bin" --help-man >dist/build/gen/man/bbbkit-$p.1 2>dist/build/gen/err \
    && "$bin" --completion-script-bash >dist/build/gen/bash/bbbkit-$p 2>>dist/build/gen/err \
    && "$bin" --completion-script-zsh >dist/build/gen/zsh/_bbbkit-$p 2>>dist/build/gen/err \
    && head -1 dist/build/gen/man/bbbkit-$p.1 | grep -q '^\.TH'; then
    if $skip; then echo "build.sh: bbbkit-$p makes its man page now: remove it from NO_MAN" >&2; exit 1; fi
    gzip -9n dist/build/gen/man/bbbkit-$p.1
    has_man[$p]=true
  elif $skip; then
    echo "build.sh: WARNING: bbbkit-$p has no man page and completions (NO_MAN)" >&2
    rm -f dist/build/gen/man/bbbkit-$p.1 dist/build/gen/bash/bbbkit-$p dist/build/gen/zsh/_bbbkit-$p
  else
    echo "build.sh: bbbkit-$p --help-man / --completion-script-* failed:" >&2
    cat dist/build/gen/err >&2
    exit 1
  fi
done

for arch in $ARCHS; do
  out=dist/build/$arch
  build "$arch" "$out"
  for p in "${programs[@]}"; do
    cfg=$out/bbbkit-$p.yaml
    sed -e "s|@ARCH@|$arch|g" -e "s|@VERSION@|$VERSION|g" -e "s|@BUILD@|$out|g" \
      "packaging/nfpm/bbbkit-$p.yaml" >"$cfg"
    if [[ -n ${has_man[$p]:-} ]]; then
      if ! grep -q '^contents:' "$cfg"; then echo "contents:" >>"$cfg"; fi
      # appended after the last list (scripts:) would be wrong: insert before "scripts:" if any.
      extra=$(printf '  - {src: %s, dst: %s, file_info: {mode: 0644}}\n' \
        "dist/build/gen/man/bbbkit-$p.1.gz" "/usr/share/man/man1/bbbkit-$p.1.gz" \
        "dist/build/gen/bash/bbbkit-$p" "/usr/share/bash-completion/completions/bbbkit-$p" \
        "dist/build/gen/zsh/_bbbkit-$p" "/usr/share/zsh/vendor-completions/_bbbkit-$p")
      awk -v extra="$extra" '/^contents:/ {print; print extra; next} {print}' "$cfg" >"$cfg.tmp"
      mv "$cfg.tmp" "$cfg"
    fi
    "${NFPM[@]}" package --packager deb --config "$cfg" --target dist/ >/dev/null
  done
done
ls -l dist/*.deb
