#!/usr/bin/env bash
# The Docker stack test (called by .ci/run after the Maven tests; run it as root on a machine
# without a Docker engine, like CI): installs and starts a private Docker engine as
# ../shared/DOCKER.md describes, builds the base images and every CPU image, brings the compose stack
# up (host networking, hardened containers) and checks:
#   1. every service becomes healthy (one-shots exit 0); Prometheus (the `monitoring` profile) has
#      up == 1 for the stream app and the trainer and has loaded the alert rules;
#   2. N replayed tweets give N results on tweet-sentiment (read_committed), valid labels,
#      probabilities summing to 1;
#   3. poison records land on the dead-letter topic while good records keep flowing;
#   4. labelled tweets make the trainer publish a signed model v2, and later results carry v2;
#   5. `down` stops everything within 30 s, and a second `up` resumes from the volumes without
#      reprocessing (every id counted once).
# Then tears everything down: containers, volumes, the daemon (by its pid file), the netns mount.
# Options (environment): STACK_TEST_TWEETS (default 300), KEEP_ENGINE=1 (leave dockerd running),
# GOP_CSV (default ../shared/data/gop-debate/Sentiment.csv beside the checkout).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
source "$here/test/engine.sh"
source "$here/test/checks.sh"

export STACK_TEST_TWEETS=${STACK_TEST_TWEETS:-300}
GOP_CSV=${GOP_CSV:-$root/../shared/data/gop-debate/Sentiment.csv}
[ -f "$GOP_CSV" ] || die "the GOP data set is not at $GOP_CSV (set GOP_CSV)"
export GOP_DATA_DIR=$(cd "$(dirname "$GOP_CSV")" && pwd)
[ "$(basename "$GOP_CSV")" = Sentiment.csv ] || die "GOP_CSV must be named Sentiment.csv"
COMPOSE=("$DOCKER" compose -p sentiment-stream-test -f "$here/compose.yml" -f "$here/compose.test.yml" --profile monitoring)

cleanup() {
  local rc=$?
  if [ $rc -ne 0 ] && engine_running; then
    log "failure: state of the stack and the last log lines"
    "${COMPOSE[@]}" ps -a || true
    "${COMPOSE[@]}" logs --no-color --tail 40 || true
  fi
  if engine_running; then
    "${COMPOSE[@]}" down -v --timeout 10 >/dev/null 2>&1 || true
  fi
  [ "${KEEP_ENGINE:-0}" = 1 ] || engine_stop
  exit $rc
}
trap cleanup EXIT

t_all=$SECONDS
[ "$(id -u)" = 0 ] || die "run as root: the test installs packages and starts its own dockerd"
check_dockerfiles "$here"
JRE_IMAGE=$(sed -n 's/^ARG JRE_IMAGE=//p' "$here/Dockerfile")
MAVEN_IMAGE=$(sed -n 's/^ARG MAVEN_IMAGE=//p' "$here/Dockerfile")
t=$SECONDS; engine_install; engine_start; log "engine: $((SECONDS - t)) s"
t=$SECONDS; base_images; log "base images: $((SECONDS - t)) s"
"${COMPOSE[@]}" down -v --timeout 10 >/dev/null 2>&1 || true

t=$SECONDS
# Built with the docker CLI, one after the other, each a target of docker/Dockerfile: the first
# compiles the reactor in the shared build stage, the others take it from the layer cache (compose's
# own classic-builder contexts miss that cache). Prometheus has a Dockerfile of its own (no build).
build_image() {
  local s=$1 t_img=$SECONDS
  shift
  "$DOCKER" build --force-rm --network host -t "sentiment-stream/$s:0.1.0" "$@" "$root" \
    >"$DOCKER_STATE/build-$s.log" 2>&1 \
    || { tail -30 "$DOCKER_STATE/build-$s.log" >&2; die "building sentiment-stream/$s:0.1.0 failed (log: $DOCKER_STATE/build-$s.log)"; }
  log "built sentiment-stream/$s:0.1.0 in $((SECONDS - t_img)) s"
}
for s in stream-app trainer broker registry; do
  build_image "$s" -f "$here/Dockerfile" --target "$s"
done
build_image prometheus -f "$here/prometheus/Dockerfile"
BUILD_SECONDS=$((SECONDS - t))
log "images built in $BUILD_SECONDS s"
print_image_sizes
check_mkl_shim

stack_up_and_check
"${COMPOSE[@]}" down -v --timeout 10 >/dev/null 2>&1

# Testcontainers mode: the stream app's integration tests, unchanged, against the broker and
# registry images started through LocalStackExtension (-Dlocalstack.mode=docker).
if [ "${STACK_TEST_TESTCONTAINERS:-1}" = 1 ]; then
  t=$SECONDS
  log "stream-app integration tests with -Dlocalstack.mode=docker (Testcontainers, Ryuk off)"
  # Without Ryuk an aborted earlier run can leave its containers behind; they are not this run's.
  stale=$("$DOCKER" ps -a -q --filter label=org.testcontainers=true)
  [ -z "$stale" ] || { log "removing $(wc -w <<<"$stale") container(s) an earlier Testcontainers run left"; "$DOCKER" rm -f $stale >/dev/null; }
  # This machine may itself be a container (/.dockerenv): Testcontainers would then look for the
  # bridge network's gateway (there is none); the host network is 127.0.0.1.
  (cd "$root" && TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 \
    mvn -B -ntp -q -pl stream-app -am verify \
    -Dlocalstack.mode=docker -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='StreamAppIT,CrossPartitionBatchIT' -Dfailsafe.failIfNoSpecifiedTests=false) \
    || die "the stream app's integration tests failed against the containers"
  # Only what Testcontainers started counts (it labels its containers); the engine's data directory
  # outlives a run, so containers of earlier runs or other tools may be there and are not ours.
  left=$("$DOCKER" ps -a --filter label=org.testcontainers=true --format '{{.ID}} {{.Image}} {{.Status}}')
  [ -z "$left" ] || die "containers left after the Testcontainers run: $left"
  log "Testcontainers mode: stream-app ITs passed in $((SECONDS - t)) s"
fi
log "stack test passed in $((SECONDS - t_all)) s (images $BUILD_SECONDS s)"
