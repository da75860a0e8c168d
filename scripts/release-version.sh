#!/usr/bin/env bash
# Decides what the release workflow does with a tag. Usage: release-version.sh TAG [PRERELEASE]
# (PRERELEASE is the release's prerelease flag, true or false). Run in the repository, with its
# tags fetched. Writes to GITHUB_OUTPUT (stdout when unset):
#   version=X.Y.Z  (empty when there is nothing to release: the tag is a major tag such as v1)
#   major=vX       the major tag to move
#   move=true      only for a stable release that is the newest of its major version
# Fails for a tag that is not vX.Y.Z[-pre], and for a stable version CHANGELOG.md has no section for.
set -euo pipefail

tag=${1:?usage: release-version.sh TAG [PRERELEASE]}
prerelease=${2:-false}
out=${GITHUB_OUTPUT:-/dev/stdout}
semver='^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'

if [[ $tag =~ ^v[0-9]+$ ]]; then
  echo "::notice::$tag is a major tag, which this workflow moves itself: nothing to release"
  printf 'version=\nmajor=%s\nmove=false\n' "$tag" >>"$out"
  exit 0
fi
if [[ ! $tag =~ $semver ]]; then
  echo "::error::$tag is not a version tag: release tags are vMAJOR.MINOR.PATCH, such as v1.2.3"
  exit 1
fi
version=${tag#v}
major=v${BASH_REMATCH[1]}
if [[ -n ${BASH_REMATCH[4]} || $prerelease == true ]]; then
  echo "::notice::$tag is a pre-release: $major stays where it is"
  printf 'version=%s\nmajor=%s\nmove=false\n' "$version" "$major" >>"$out"
  exit 0
fi
if ! grep -Eq "^## \[${version//./\\.}\]" CHANGELOG.md; then
  echo "::error::CHANGELOG.md has no '## [$version]' section: add the release notes, then tag again"
  exit 1
fi

# Stable releases of this major version, newest last; a fix for an older minor leaves vX alone.
move=true
newest=$(git tag --list "$major.*" | { grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' || true; } | sort -V | tail -n 1)
if [[ -n $newest && $(printf '%s\n%s\n' "$newest" "$tag" | sort -V | tail -n 1) != "$tag" ]]; then
  echo "::notice::$newest is newer than $tag: $major stays on $newest"
  move=false
fi
printf 'version=%s\nmajor=%s\nmove=%s\n' "$version" "$major" "$move" >>"$out"
