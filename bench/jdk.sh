# Which JDK to run: sourced by bench/run, bench/jmh and bench/latchkey/start.

# $1 java binary -> its major version, from the JDK's release file (no JVM launch: the peer's start-up
# counts), else from the JVM itself.
java_major() {
  local home version=""
  home="$(dirname "$(dirname "$(readlink -f "$1")")")"
  [ -f "$home/release" ] && version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
  [ -n "$version" ] || version="$("$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1)"
  echo "$version"
}

# The newest java >= 21 among the JDKs under /usr/lib/jvm and the candidates given; fails when there is none.
newest_jdk() {
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*/bin/java "$@"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  [ "$best_major" -ge 21 ] && echo "$best"
}
