#!/bin/sh
# Image build step: install one application from /opt/peershare/dist/<app>/target/ (a copy of the <app>/ folder
# filtered by .dockerignore: its pom.xml and what `mvn package` made) as /opt/peershare/<app>/, and put the `<app>`
# command on PATH. Without a packaged application it stops with one line saying what to run first.
#   jvm    -> /opt/peershare/<app> is the Quarkus fast-jar folder; `<app>` is a link to the repository's
#             bin/<app> wrapper (/opt/peershare/bin/<app>-jvm), which sources /opt/peershare/bin/lib/launch.sh
#             beside it and finds $PEERSHARE_HOME/<app>/quarkus-run.jar
#   native -> /opt/peershare/<app>/<app>-runner is the native executable from `mvn -Pnative package`;
#             `<app>` is deploy/docker/native-launcher.sh
set -eu
app=$1
packaging=$2
dist=/opt/peershare/dist/$app/target
bin=/opt/peershare/bin
case "$packaging" in
    jvm)
        if [ ! -f "$dist/quarkus-app/quarkus-run.jar" ]; then
            echo "install-app: no $app/target/quarkus-app/quarkus-run.jar: run deploy/up.sh (or ./mvnw -B package -DskipTests) before building the image" >&2
            exit 1
        fi
        ln -s "$dist/quarkus-app" "/opt/peershare/$app"
        if [ ! -f "$bin/lib/launch.sh" ]; then
            echo "install-app: $bin/lib/launch.sh is missing; the Dockerfile must copy bin/lib/ there" >&2
            exit 1
        fi
        chmod 0755 "$bin/$app-jvm"
        chmod -R a+rX "$bin/lib"
        ln -s "$bin/$app-jvm" "/usr/local/bin/$app"
        ;;
    native)
        runner=$(ls "$dist"/*-runner 2>/dev/null | head -n 1)
        if [ -z "$runner" ]; then
            echo "install-app: no $app/target/*-runner: run ./mvnw -B -Pnative package -DskipTests (GraalVM/Mandrel) before building with PACKAGING=native" >&2
            exit 1
        fi
        mkdir -p "/opt/peershare/$app"
        ln -s "$runner" "/opt/peershare/$app/$app-runner"
        install -m 0755 "$bin/native-launcher.sh" "/usr/local/bin/$app"
        ;;
    *)
        echo "install-app: PACKAGING must be jvm or native, not '$packaging'" >&2
        exit 2
        ;;
esac
chmod -R a+rX "$dist"
