#!/usr/bin/env bash
# Downloads the real-world corpus (manifest.json: repo, path, commit, sha256 of each document) into the local cache,
# never into the repository: the documents are third-party files. Builds nothing, runs nothing it downloads.
#
#   tests/corpus/realworld/populate.sh            # into $USAGEGEN_REALWORLD_CACHE, default /work/corpus-cache/realworld
#   MIRRORS=/work/.mirror tests/corpus/realworld/populate.sh
#
# For each document: from a local git mirror when one has the commit ($MIRRORS/<owner>+<name>/repo, a bare git dir),
# else raw.githubusercontent.com at that commit. Every file is checked against the manifest's sha256; a mismatch is
# deleted and reported. Exit 1 when any document could not be had.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${USAGEGEN_REALWORLD_CACHE:-/work/corpus-cache/realworld}"
mirrors="${MIRRORS:-/work/.mirror}"
mkdir -p "$cache"

python3 - "$here/manifest.json" <<'PY' | while IFS=$'\t' read -r id repo path commit sha format; do
import json, sys
for d in json.load(open(sys.argv[1])):
    print("\t".join([d["id"], d["repo"], d["path"], d["commit"], d["sha256"], d["format"]]))
PY
  out="$cache/$id.$format"
  if [[ -f "$out" ]] && [[ "$(sha256sum "$out" | cut -d' ' -f1)" == "$sha" ]]; then
    echo "ok      $id (cached)"
    continue
  fi
  gitdir="$mirrors/${repo/\//+}/repo"
  if [[ -d "$gitdir" ]] && git --git-dir="$gitdir" cat-file -e "$commit:$path" 2>/dev/null; then
    git --git-dir="$gitdir" show "$commit:$path" > "$out"
  else
    url="https://raw.githubusercontent.com/$repo/$commit/$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$path")"
    curl -fsSL --retry 2 -o "$out" "$url" || { echo "FAILED  $id: $url" >&2; rm -f "$out"; echo "$id" >> "$cache/.failed"; continue; }
  fi
  if [[ "$(sha256sum "$out" | cut -d' ' -f1)" != "$sha" ]]; then
    echo "FAILED  $id: sha256 differs from the manifest" >&2
    rm -f "$out"; echo "$id" >> "$cache/.failed"; continue
  fi
  echo "ok      $id"
done

if [[ -f "$cache/.failed" ]]; then
  echo "not had: $(sort -u "$cache/.failed" | tr '\n' ' ')" >&2
  rm -f "$cache/.failed"
  exit 1
fi
echo "corpus in $cache"
