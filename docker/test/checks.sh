#!/usr/bin/env bash
# The stack test's checks (sourced by docker/test-stack.sh, which defines COMPOSE and DOCKER).
# Every wait is bounded and every failure says what was expected and what was seen.

SA_OPS=http://127.0.0.1:38080 # the ports compose.test.yml gives the services
TR_OPS=http://127.0.0.1:38091
PROM=http://127.0.0.1:39090

# Every image but Prometheus is a target of the one docker/Dockerfile, so the reactor is compiled
# once; a Dockerfile beside it with a Maven stage of its own would build it again.
check_dockerfiles() {
  local dir=$1 f t
  for f in "$dir"/*/Dockerfile; do
    [ -f "$f" ] || continue
    ! grep -q '^FROM \${MAVEN_IMAGE}' "$f" || die "$f has a Maven build stage of its own: make its image a target of docker/Dockerfile"
  done
  for t in stream-app trainer broker registry stream-app-gpu; do
    grep -q "^FROM .* AS $t\$" "$dir/Dockerfile" || die "docker/Dockerfile has no target $t"
  done
  if grep -l '^# *syntax=' "$dir"/Dockerfile "$dir"/*/Dockerfile >/dev/null 2>&1; then
    die "a Dockerfile has a '# syntax=' line (it would pull a frontend image)"
  fi
}

# The monitoring profile: Prometheus has loaded the alert rules and scrapes both apps (up == 1).
check_prometheus() {
  local deadline=$((SECONDS + 60)) up rules
  until up=$(curl -fsS --max-time 5 "$PROM/api/v1/query" --data-urlencode 'query=up' 2>/dev/null \
      | jq -cS '[.data.result[] | {(.metric.job): .value[1]}] | add // {}') \
      && [ "$up" = '{"stream-app":"1","trainer":"1"}' ]; do
    [ $SECONDS -lt $deadline ] || die "Prometheus: expected up == 1 for jobs stream-app and trainer within 60 s, got ${up:-no answer}"
    sleep 1
  done
  rules=$(curl -fsS --max-time 5 "$PROM/api/v1/rules" | jq '[.data.groups[].rules[]] | length')
  [ "$rules" -gt 0 ] || die "Prometheus loaded no alert rules"
  log "check 1b (monitoring profile): Prometheus scrapes stream-app and trainer (up == 1), $rules alert rules loaded"
}

print_image_sizes() {
  log "images:"
  "$DOCKER" image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'sentiment-stream/' | sort
  "$DOCKER" system df | sed 's/^/  /'
}

svc_id() { "${COMPOSE[@]}" ps -a -q "$1"; }

# One-shot services must exit 0.
wait_done() {
  local limit=$1 s id state deadline
  shift
  deadline=$((SECONDS + limit))
  for s in "$@"; do
    while :; do
      id=$(svc_id "$s")
      state=$([ -n "$id" ] && "$DOCKER" inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$id" || echo "missing -")
      [ "$state" = "exited 0" ] && break
      case $state in exited*) "${COMPOSE[@]}" logs --no-color --tail 30 "$s"; die "one-shot $s failed ($state)" ;; esac
      [ $SECONDS -lt $deadline ] || die "one-shot $s did not finish within $limit s (state: $state)"
      sleep 1
    done
  done
}

wait_healthy() {
  local limit=$1 s id h deadline
  shift
  deadline=$((SECONDS + limit))
  for s in "$@"; do
    while :; do
      id=$(svc_id "$s")
      h=$([ -n "$id" ] && "$DOCKER" inspect -f '{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id" || echo missing)
      [ "$h" = running/healthy ] && break
      case $h in exited*|dead*) "${COMPOSE[@]}" logs --no-color --tail 40 "$s"; die "$s stopped ($h) before it was healthy" ;; esac
      [ $SECONDS -lt $deadline ] || { "${COMPOSE[@]}" logs --no-color --tail 40 "$s"; die "$s not healthy within $limit s ($h)"; }
      sleep 1
    done
  done
}

# A Prometheus sample's value (0 when absent): metric URL name
metric() {
  local v
  v=$(curl -fsS --max-time 5 "$1/metrics" 2>/dev/null | awk -v m="$2" '$1 == m {print $2; exit}')
  echo "${v:-0}"
}

# A tool run in a fresh container of a service (hardened like the service), stdout only.
tool() { "${COMPOSE[@]}" run --rm --no-deps -T "$@" 2>"$DOCKER_STATE/tool.err"; }

results_json() { tool results read-results "$@" | grep '^{' || true; }

# Waits until the results topic holds `want` committed results whose id starts with `prefix`.
wait_results() {
  local prefix=$1 want=$2 limit=$3 deadline n
  deadline=$((SECONDS + limit))
  while :; do
    n=$(results_json | jq -r --arg p "$prefix" 'select(.tweetId | startswith($p)) | .tweetId' | wc -l)
    [ "$n" -ge "$want" ] && break
    [ $SECONDS -lt $deadline ] || die "$n of $want results for ids $prefix* within $limit s"
    sleep 3
  done
}

check_no_networks() {
  local nets
  nets=$("$DOCKER" network ls --format '{{.Name}}/{{.Driver}}' | sort | tr '\n' ' ')
  [ "$nets" = "host/host none/null " ] || die "networks other than host and none exist: $nets"
  if ip -o link show 2>/dev/null | grep -Eq ': (docker0|br-)'; then
    die "a bridge interface exists: $(ip -o link show | grep -E ': (docker0|br-)')"
  fi
}

check_hardening() {
  local id line
  for id in $("${COMPOSE[@]}" ps -a -q); do
    line=$("$DOCKER" inspect -f '{{.Name}} user={{.Config.User}} ro={{.HostConfig.ReadonlyRootfs}} caps={{.HostConfig.CapDrop}} sec={{.HostConfig.SecurityOpt}} net={{.HostConfig.NetworkMode}}' "$id")
    case $line in *" user= "*|*" user=0"*|*" user=root"*) die "runs as root: $line" ;; esac
    [[ $line == *" ro=true "* && $line == *"caps=[ALL]"* && $line == *"no-new-privileges"* && $line == *" net=host" ]] \
      || die "not hardened as required: $line"
  done
  [ "$("$DOCKER" exec "$(svc_id stream-app)" id -u)" = 10001 ] || die "stream-app does not run as uid 10001"
  if "$DOCKER" exec "$(svc_id stream-app)" sh -c 'echo x > /opt/x' 2>/dev/null; then
    die "the stream-app root filesystem is writable"
  fi
  log "check: every container non-root, read-only root fs, cap_drop ALL, no-new-privileges, host network"
}

# Check 2 on results for ids with prefix: exactly `want`, distinct, valid labels, sums to 1.
check_results() {
  local prefix=$1 want=$2 summary
  summary=$(results_json | jq -s --arg p "$prefix" '
    def abs: if . < 0 then -. else . end;
    [.[] | select(.tweetId | startswith($p))] as $r
    | { n: ($r | length), distinct: ($r | map(.tweetId) | unique | length),
        badLabel: ($r | map(select(.label as $l | ["NEGATIVE","NEUTRAL","POSITIVE"] | index($l) | not)) | length),
        badSum: ($r | map(select((.negative + .neutral + .positive - 1) | abs > 1e-4)) | length),
        notArgmax: ($r | map(select(
          (.label == "NEGATIVE" and (.negative < .neutral or .negative < .positive)) or
          (.label == "NEUTRAL" and (.neutral < .negative or .neutral < .positive)) or
          (.label == "POSITIVE" and (.positive < .negative or .positive < .neutral)))) | length),
        versions: ($r | map(.modelVersion) | unique) }')
  [ "$(jq -r '"\(.n) \(.distinct) \(.badLabel) \(.badSum) \(.notArgmax)"' <<<"$summary")" = "$want $want 0 0 0" ] \
    || die "results for $prefix*: expected $want distinct, valid ones, got $summary"
  jq -c . <<<"$summary"
}

# The MKL shim in the stream-app image: forced on, the app must report it mapped; a bad
# SENTIMENT_MKL_SHIM must stop the container with a message naming it. (auto preloads it on AMD
# processors only; whether it speeds MKL up there is the encoder benchmark's question.)
check_mkl_shim() {
  local img=sentiment-stream/stream-app:0.1.0 out vendor
  vendor=$(grep -m1 '^vendor_id' /proc/cpuinfo | sed 's/.*: *//')
  out=$("$DOCKER" run --rm --network host --read-only --tmpfs /tmp -e SENTIMENT_MKL_SHIM=on "$img" warmup 2>&1) \
    || die "warmup with SENTIMENT_MKL_SHIM=on failed: $(tail -5 <<<"$out")"
  grep -q "MKL shim preloaded ($vendor)" <<<"$out" \
    || die "SENTIMENT_MKL_SHIM=on: no 'MKL shim preloaded ($vendor)' line; the app said: $(grep -i mkl <<<"$out")"
  # model.matmul.precision=AUTO: bf16 GEMMs where the CPU has bf16 units, set through JNA, which
  # must load in a read-only container with a noexec /tmp
  local precision=HIGHEST
  grep -qwE 'amx_bf16|avx512_bf16' /proc/cpuinfo && precision=MEDIUM
  grep -q "matmul precision $precision (auto" <<<"$out" \
    || die "expected 'matmul precision $precision (auto' in the container; the app said: $(grep -i matmul <<<"$out")"
  if out=$("$DOCKER" run --rm --network host -e SENTIMENT_MKL_SHIM=bogus "$img" warmup 2>&1); then
    die "SENTIMENT_MKL_SHIM=bogus: the container started anyway"
  fi
  grep -q "SENTIMENT_MKL_SHIM must be auto, on or off, got 'bogus'" <<<"$out" \
    || die "SENTIMENT_MKL_SHIM=bogus: expected a message naming it, got: $out"
  log "check: the image's MKL shim is mapped when SENTIMENT_MKL_SHIM=on ($vendor host), matmul precision $precision; a bad value stops with its name"
}

stack_up_and_check() {
  local t_up=$SECONDS t_first="" n=$STACK_TEST_TWEETS s
  log "docker compose up"
  "${COMPOSE[@]}" up -d --no-build 2>&1 | tail -3
  check_no_networks
  while [ $((SECONDS - t_up)) -lt 400 ]; do
    [ "$(metric $SA_OPS sentiment_records_out_total)" != 0 ] && { t_first=$((SECONDS - t_up)); break; }
    sleep 0.5
  done
  [ -n "$t_first" ] || die "no result within 400 s of up"
  wait_done 120 topics keygen
  wait_healthy 300 broker registry stream-app trainer prometheus
  local t_healthy=$((SECONDS - t_up))
  [ "$("$DOCKER" inspect -f '{{.State.Status}}' "$(svc_id results)")" = running ] || die "the results printer is not running"
  log "check 1: every service healthy $t_healthy s after up (first result after $t_first s); one-shots exited 0"
  check_prometheus
  # The built-in head's version, read before the trainer (fed labels since up) can publish: its
  # update must be newer and replace it.
  local builtin
  builtin=$(metric $SA_OPS sentiment_model_version)
  builtin=${builtin%.*}
  check_hardening

  wait_done 300 replayer
  wait_results gop- "$n" 300
  s=$(check_results gop- "$n")
  log "check 2: $n replayed tweets -> $n results, valid labels, probabilities sum to 1: $s"

  tool replayer replay --file /data/Sentiment.csv --limit 40 --poison-every 4 --id-prefix poison- >/dev/null \
    || die "the poison replay failed: $(tail -3 "$DOCKER_STATE/tool.err")"
  wait_results poison- 30 120
  check_results poison- 30 >/dev/null
  local dlq
  dlq=$(results_json --dlq | jq -s '{n: length, keys: (map(.key) | sort), noReason: map(select((.errorMessage // "") == "" or .sourceTopic != "tweets")) | length}')
  [ "$(jq -c '[.n, .noReason]' <<<"$dlq")" = "[10,0]" ] \
    && [ "$(jq -c '.keys' <<<"$dlq")" = "$(printf '%s\n' poison-{3,7,11,15,19,23,27,31,35,39} | sort | jq -R . | jq -sc .)" ] \
    || die "dead-letter topic: expected the 10 poison records with error headers, got $dlq"
  log "check 3: 10 poison records on tweets-dlq with error headers; the 30 good ones among them classified"

  wait_done 300 labels
  local deadline=$((SECONDS + 400))
  until [ "$(metric $TR_OPS trainer_models_published_total)" = 1.0 ]; do
    [ $SECONDS -lt $deadline ] || die "the trainer published no model within 400 s (gated out: $(metric $TR_OPS trainer_models_gated_out_total))"
    sleep 2
  done
  deadline=$((SECONDS + 120))
  local served
  until served=$(metric $SA_OPS sentiment_model_version) && [ "${served%.*}" -gt "$builtin" ]; do
    [ $SECONDS -lt $deadline ] || die "stream-app serves model $served, not newer than the built-in v$builtin, 120 s after the trainer published (rejected: $(curl -fsS $SA_OPS/metrics | grep rejected))"
    sleep 1
  done
  local v=${served%.*}
  tool replayer replay --file /data/Sentiment.csv --limit 50 --id-prefix v2- >/dev/null || die "the v2 replay failed"
  wait_results v2- 50 120
  s=$(check_results v2- 50)
  [ "$(jq -c .versions <<<"$s")" = "[$v]" ] || die "results after the update carry versions $(jq -c .versions <<<"$s"), not [$v]"
  log "check 4: the trainer published a signed v$v over the built-in v$builtin (stream app verified and applied it); the next 50 results carry version $v"

  local t_down=$SECONDS
  "${COMPOSE[@]}" down --timeout 25 >/dev/null 2>&1
  t_down=$((SECONDS - t_down))
  [ $t_down -le 30 ] || die "down took $t_down s (limit 30)"
  [ -z "$("${COMPOSE[@]}" ps -a -q)" ] || die "containers left after down"
  "${COMPOSE[@]}" up -d --no-build 2>&1 | tail -1
  wait_done 120 topics keygen replayer labels
  wait_healthy 300 broker registry stream-app trainer
  "${COMPOSE[@]}" logs --no-color replayer | grep -q "Already replayed" || die "the replayer ran again after the restart"
  tool replayer replay --file /data/Sentiment.csv --limit 50 --id-prefix restart- >/dev/null || die "the replay after the restart failed"
  wait_results restart- 50 180
  s=$(check_results restart- 50)
  [ "$(jq -c .versions <<<"$s")" = "[$v]" ] || die "after the restart results carry versions $(jq -c .versions <<<"$s"), not [$v]"
  local total=$((n + 30 + 50 + 50)) all
  all=$(results_json | jq -s '{n: length, distinct: (map(.tweetId) | unique | length)}')
  [ "$all" = "$(jq -n --argjson t $total '{n: $t, distinct: $t}')" ] \
    || die "after the restart: expected $total results, each id once, got $all"
  [ "$(results_json --dlq | wc -l)" = 10 ] || die "the dead-letter topic changed after the restart"
  log "check 5: down in $t_down s; the second up resumed from the volumes: $total results, each id once, model v$v kept, nothing replayed twice"
  log "timings: up -> first result $t_first s, up -> all healthy $t_healthy s"
}
