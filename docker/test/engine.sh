#!/usr/bin/env bash
# A private Docker engine for the stack test, as ../shared/DOCKER.md describes: Debian's docker.io,
# dockerd on its own socket with no bridge and no iptables (host networking only), compose v2 from
# Debian trixie's docker-compose package, and the public base images the Dockerfiles name built
# locally with debootstrap (nothing can be pulled here). Every step skips what is already done.
#
# Source it, then: engine_install; engine_start; base_images; ... engine_stop.
# State lives in $DOCKER_STATE (default /var/tmp/sentiment-stream-docker).

DOCKER_STATE=${DOCKER_STATE:-/var/tmp/sentiment-stream-docker}
DOCKER=/usr/bin/docker # Debian's client (20.10); a newer client without buildx cannot build here
export DOCKER_HOST="unix://$DOCKER_STATE/docker.sock"
export DOCKER_CONFIG="$DOCKER_STATE/config"
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0 # the classic builder: no frontend image to pull

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# The first URI of the machine's bookworm source, so no mirror is named here.
apt_mirror() {
  local uri
  uri=$(grep -h -m1 '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}')
  [ -n "$uri" ] || uri=$(awk '/^deb .*bookworm/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  [ -n "$uri" ] || die "cannot find a Debian mirror in the apt sources"
  echo "$uri"
}

engine_install() {
  local need=()
  [ -x /usr/bin/docker ] && [ -x /usr/sbin/dockerd ] || need+=(docker.io)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  command -v jq >/dev/null || need+=(jq)
  command -v curl >/dev/null || need+=(curl)
  if [ ${#need[@]} -gt 0 ]; then
    log "apt-get install ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || die "apt-get install ${need[*]} failed"
  fi
  compose_install
}

# Compose v2 (2.26.1) from trixie, fetched with a private apt state so the machine's sources stay as
# they are; unpacked with dpkg-deb into a private CLI plugin folder.
compose_install() {
  local plugin="$DOCKER_CONFIG/cli-plugins/docker-compose"
  [ -x "$plugin" ] && return 0
  log "fetching compose v2 (Debian trixie docker-compose)"
  local a="$DOCKER_STATE/apt-trixie"
  mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/deb" "$DOCKER_CONFIG/cli-plugins"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(apt_mirror) trixie main" >"$a/trixie.list"
  local opts=(-o "Dir::Etc::SourceList=$a/trixie.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache" -o APT::Get::List-Cleanup=0
    -o APT::Sandbox::User=root)
  apt-get "${opts[@]}" update -qq || die "apt-get update for trixie failed"
  (cd "$a/deb" && apt-get "${opts[@]}" download docker-compose -qq) || die "apt-get download docker-compose failed"
  dpkg-deb -x "$a"/deb/docker-compose_*.deb "$a/x" || die "dpkg-deb -x failed"
  install -m 0755 "$a/x/usr/libexec/docker/cli-plugins/docker-compose" "$plugin"
  "$DOCKER" compose version >/dev/null || die "compose v2 does not run"
}

engine_running() { [ -S "$DOCKER_STATE/docker.sock" ] && "$DOCKER" info >/dev/null 2>&1; }

engine_start() {
  if engine_running; then
    log "dockerd already running on $DOCKER_HOST"
    return 0
  fi
  mkdir -p "$DOCKER_STATE"
  log "starting dockerd (no bridge, no iptables) on $DOCKER_HOST"
  # No bridge network is ever created: it would take addresses that must not be used here.
  setsid /usr/sbin/dockerd -H "$DOCKER_HOST" --data-root "$DOCKER_STATE/data" \
    --exec-root "$DOCKER_STATE/exec" --pidfile "$DOCKER_STATE/docker.pid" \
    --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
    >"$DOCKER_STATE/dockerd.log" 2>&1 </dev/null &
  local i
  for i in $(seq 1 60); do
    engine_running && { log "dockerd ready"; return 0; }
    sleep 0.5
  done
  tail -20 "$DOCKER_STATE/dockerd.log" >&2
  die "dockerd did not answer within 30 s (log: $DOCKER_STATE/dockerd.log)"
}

engine_stop() {
  local pidfile="$DOCKER_STATE/docker.pid" pid i
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    log "stopping dockerd (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { kill -9 "$pid" 2>/dev/null || true; }
  fi
  if mountpoint -q "$DOCKER_STATE/exec/netns/default" 2>/dev/null; then
    umount "$DOCKER_STATE/exec/netns/default" || true
  fi
}

image_exists() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

# Stand-ins for the public images the Dockerfiles start FROM, under the same tags. A user's machine
# pulls the real ones; the Dockerfiles do not change.
base_images() {
  local dir
  dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  base_debian
  base_derived "$JRE_IMAGE" "$dir/base/jre.Dockerfile"
  base_derived "$MAVEN_IMAGE" "$dir/base/maven.Dockerfile"
}

base_debian() {
  image_exists debian:bookworm-slim && return 0
  local root="$DOCKER_STATE/rootfs" t0=$SECONDS
  rm -rf "$root"
  log "debootstrap --variant=minbase bookworm"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$(apt_mirror)" \
    >"$DOCKER_STATE/debootstrap.log" 2>&1 || { tail -20 "$DOCKER_STATE/debootstrap.log" >&2; die "debootstrap failed"; }
  # TLS to package mirrors may be intercepted by a local CA: trust the machine's extra CAs inside.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates in the rootfs failed"
  fi
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | "$DOCKER" import - debian:bookworm-slim >/dev/null || die "docker import failed"
  rm -rf "$root"
  log "debian:bookworm-slim imported ($((SECONDS - t0)) s)"
}

base_derived() {
  local tag=$1 file=$2
  shift 2
  image_exists "$tag" && return 0
  log "building stand-in $tag"
  "$DOCKER" build -q --network host -t "$tag" -f "$file" "$@" "$(dirname "$file")" >/dev/null \
    || die "building the stand-in $tag failed"
}
