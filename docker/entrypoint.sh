#!/bin/sh
# Maps the container's first argument to one MEGAHUB Tasks process (see the Dockerfile).
# `exec` replaces this shell, so node is tini's direct child and receives SIGTERM itself.
set -eu

cd "$(dirname "$0")/.."

usage() {
  echo "usage: <app> [args...] | migrate | <command> [args...]" >&2
  echo "  apps: gateway task-core task-monitoring task-persistence task-scheduling worker" >&2
}

if [ "$#" -eq 0 ]; then
  usage
  exit 64
fi

command=$1
shift
case "$command" in
  gateway | task-core | task-monitoring | task-persistence | task-scheduling | worker)
    exec node "dist/apps/$command/main.js" "$@"
    ;;
  migrate)
    exec node scripts/migrate.js "$@"
    ;;
  help | -h | --help)
    usage
    ;;
  *)
    # Anything else runs as given, e.g. `sh` or `node scripts/token.js ...` when debugging.
    exec "$command" "$@"
    ;;
esac
