#!/usr/bin/env bash
# Installs Debian's redis-server unless it is on PATH: the shared store of the two-node LiveKit cluster
# the scale-out tests and benchmark start on loopback (scripts/livekit-cluster.ts). The package's own
# service is not used; each cluster starts its own redis-server on a free port.
exec bash "$(dirname "${BASH_SOURCE[0]}")/apt-ensure.sh" redis-server=redis-server
