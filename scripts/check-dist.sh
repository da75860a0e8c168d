#!/usr/bin/env bash
# dist/ must be what `npm run bundle` makes from the committed sources: rebuilds dist/ in place
# and fails, listing the files, when git sees any difference (changed, added or removed).
# Used by .ci/run, the check-dist job in CI and the release workflow.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run bundle --silent
changes=$(git status --porcelain --untracked-files=all -- dist)
if [ -n "$changes" ]; then
  printf '%s\n' "$changes"
  echo "dist/ differs from a fresh bundle of src/: run 'npm run bundle' and commit dist/" >&2
  exit 1
fi
echo "dist/ equals a fresh bundle"
