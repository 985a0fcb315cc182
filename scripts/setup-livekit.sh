#!/usr/bin/env bash
# Installs livekit-server into .tools/bin (ignored by git) unless a matching one is already there or on
# PATH, and prints the binary's path on stdout. LiveKit publishes no npm or Debian package, so the
# server is built from its Go module: `go install …/cmd/server@v1.13.5` (the module builds a binary
# named `server`; it is installed as `livekit-server`). v1.13.5 is the newest tag whose go.mod has no
# `replace` directives, which `go install pkg@version` refuses.
set -euo pipefail
VERSION="v1.13.5"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tools/bin/livekit-server"

matches() { [ -x "$1" ] && "$1" --version 2>/dev/null | grep -q "${VERSION#v}"; }

if matches "$dest"; then echo "$dest"; exit 0; fi
if command -v livekit-server >/dev/null 2>&1 && matches "$(command -v livekit-server)"; then
	command -v livekit-server
	exit 0
fi

GO="$(command -v go || true)"
[ -z "$GO" ] && [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go
if [ -z "$GO" ]; then
	echo "setup-livekit: livekit-server $VERSION is not installed and Go (>= 1.26) is not available to build it." >&2
	echo "Install Go, or put a livekit-server $VERSION binary on PATH." >&2
	exit 1
fi

echo "setup-livekit: building livekit-server $VERSION with $("$GO" version) (first run only, ~2 min)" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
GOBIN="$work" GOTOOLCHAIN=auto "$GO" install "github.com/livekit/livekit-server/cmd/server@$VERSION" >&2
mkdir -p "$(dirname "$dest")"
mv "$work/server" "$dest"
echo "$dest"
