# shellcheck shell=sh
# What bin/peer and bin/tracker share (sourced; in images they are /usr/local/bin/peer and /usr/local/bin/tracker,
# links to /opt/peershare/bin/<app>-jvm, with this file in /opt/peershare/bin/lib/). The caller sets app_name
# (peer | tracker) and script_dir (the wrapper's real folder), then calls run_daemon or run_shell.
# See docs/architecture.md, "Processes and launch".

# The Quarkus fast-jar folder: $PEERSHARE_HOME/<app> when set, else the repository's build output.
if [ -n "${PEERSHARE_HOME:-}" ]; then
    app="$PEERSHARE_HOME/$app_name"
else
    app="$script_dir/../$app_name/target/quarkus-app"
fi
jar="$app/quarkus-run.jar"
if [ ! -f "$jar" ]; then
    echo "$app_name: cannot find $jar; build it with './mvnw -B -o package -DskipTests -pl protocol,$app_name' or set PEERSHARE_HOME" >&2
    exit 2
fi
if [ -n "${JAVA_HOME:-}" ]; then
    java="$JAVA_HOME/bin/java"
else
    java=java
fi

# Says why $java cannot run the jar (missing, or older than 21) and returns 1; returns 0 when it can, with its
# feature release in $major. Asked once per run. The JDK's release file answers without starting a JVM (a daemon
# start paid for a whole `java -version` boot, twice for the tracker); `java -version` only when there is none.
check_java() {
    if [ -n "${major:-}" ]; then
        return 0
    fi
    java_path=$(command -v "$java" 2>/dev/null || true)
    release="$(dirname -- "$(readlink -f -- "${java_path:-$java}" 2>/dev/null || echo /nonexistent/java)")/../release"
    if [ -n "$java_path" ] && [ -r "$release" ]; then
        major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n 1)
    fi
    if [ -z "${major:-}" ]; then
        major=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    fi
    if [ -z "$major" ]; then
        echo "$app_name: cannot run $java; install Java 21 or newer, or set JAVA_HOME" >&2
        return 1
    fi
    if [ "$major" -lt 21 ]; then
        echo "$app_name: needs Java 21 or newer, but $java is Java $major; set JAVA_HOME to a newer JDK or JRE" >&2
        major=""
        return 1
    fi
    return 0
}

# The daemon's AOT cache (JEP 483/514/515): $PEERSHARE_AOT_CACHE if set ("none": no cache), else
# $app/<app>-daemon.aot, which the images make at build time (`<app> --aot-training`, bin/lib/aot-training.sh).
# Prints the JVM options that use it: none before Java 25 or without the file. A cache the JVM cannot use (another
# JVM, another classpath, a damaged file) is ignored silently (AOTMode=auto; its aot/cds log lines off), and the
# daemon starts as without one.
aot_cache_opts() {
    cache=${PEERSHARE_AOT_CACHE:-$app/$app_name-daemon.aot}
    if [ "$cache" != none ] && [ "$major" -ge 25 ] && [ -s "$cache" ] && [ -r "$cache" ]; then
        echo "-XX:AOTCache=$cache -XX:AOTMode=auto -Xlog:aot=off -Xlog:cds=off"
    fi
}

# `<app> daemon ...`: the Quarkus application, default profile. Java is checked first: an old one fails
# silently inside the Quarkus launcher. JAVA_OPTS is split into words on purpose: it holds several options.
run_daemon() {
    check_java || exit 2
    # The cache's options are split into words too (so its path must not hold a space).
    # shellcheck disable=SC2086,SC2046
    exec "$java" $(aot_cache_opts) $JAVA_OPTS -jar "$jar" "$@"
}

# `<app> --aot-training <file>`: writes the daemon's AOT cache to <file> (bin/lib/aot-training.sh).
train_daemon() {
    check_java || exit 2
    . "$script_dir/lib/aot-training.sh"
    aot_training "$@"
}

# True when the application changed after archive $1 was made (a rebuild, an upgrade): the JVM then refuses the
# archive silently and -XX:+AutoCreateSharedArchive did not make a new one (JDK 25: seen after `mvn package`,
# every command then ran without it, 0.65 s instead of 0.45 s), so it is made again.
cds_stale() {
    for built in "$app"/app/*.jar "$app/lib/main"; do
        if [ "$built" -nt "$1" ]; then
            return 0
        fi
    done
    return 1
}

# Every other invocation: the shell's plain main class ($1), without the Quarkus boot, on a JVM tuned for
# short runs, with a class-data sharing archive the JVM makes on first use (in $PEERSHARE_CDS_DIR, else
# ${XDG_CACHE_HOME:-~/.cache}/peershare) by a training run that uses what commands use, and reuses after.
run_shell() {
    main=$1
    shift
    cds_dir=${PEERSHARE_CDS_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/peershare}
    # Native access for JLine's terminal (as quarkus-run.jar's manifest grants it): JDK 24+ warn without it.
    jvm="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k --enable-native-access=ALL-UNNAMED"
    classpath="$app/app/*:$app/lib/main/*"
    cds=""
    if mkdir -p "$cds_dir" 2>/dev/null && [ -w "$cds_dir" ]; then
        archive="$cds_dir/$app_name-cli.jsa"
        cds="-XX:SharedArchiveFile=$archive -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off"
        if [ ! -f "$archive" ] || cds_stale "$archive"; then
            rm -f "$archive"
            # shellcheck disable=SC2086
            "$java" $jvm $cds -cp "$classpath" "$main" --cds-training >/dev/null 2>&1 || true
        fi
    fi
    set +e
    # shellcheck disable=SC2086
    "$java" $jvm $cds $JAVA_OPTS -cp "$classpath" "$main" "$@"
    code=$?
    # A missing or too old Java fails cryptically: say so (checked only on failure, to keep successful runs fast).
    if [ "$code" -ne 0 ] && [ "$code" -ne 2 ] && [ "$code" -ne 3 ] && [ "$code" -ne 4 ]; then
        check_java || true
    fi
    exit "$code"
}
