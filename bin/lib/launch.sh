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

# Says why $java cannot run the jar (missing, or older than 21) and returns 1; returns 0 when it can.
check_java() {
    major=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    if [ -z "$major" ]; then
        echo "$app_name: cannot run $java; install Java 21 or newer, or set JAVA_HOME" >&2
        return 1
    fi
    if [ "$major" -lt 21 ]; then
        echo "$app_name: needs Java 21 or newer, but $java is Java $major; set JAVA_HOME to a newer JDK or JRE" >&2
        return 1
    fi
    return 0
}

# `<app> daemon ...`: the Quarkus application, default profile. Java is checked first: an old one fails
# silently inside the Quarkus launcher. JAVA_OPTS is split into words on purpose: it holds several options.
run_daemon() {
    check_java || exit 2
    # shellcheck disable=SC2086
    exec "$java" $JAVA_OPTS -jar "$jar" "$@"
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
        if [ ! -f "$archive" ]; then
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
