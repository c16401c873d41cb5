# syntax=docker/dockerfile:1
# Latchkey's container image: the jar built with the Maven wrapper, run by bin/latchkey (the launcher users
# and the benchmark run) on a Java 25 JRE, as a user without privileges. docs/container.md: how to use it,
# and what of it was and was not run.

# ---- build: the jar, as the README builds it (tests are the CI's business, not the image's)
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY server/pom.xml server/
COPY server/src/main/ server/src/main/
# -Dmaven.test.skip: the test sources are not in the build context (.dockerignore); -DskipTests also skips the
# check for the browser the tests need. The Maven repository is a cache mount: kept between builds.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dmaven.test.skip=true package \
 && cp server/target/latchkey-*.jar /latchkey.jar

# ---- run: the launcher on a JRE
# Java 25: the AOT cache starts the server sooner than Java 17's AppCDS, ES256 signatures cost a third and
# Argon2id logins half (docs/benchmarks.md). The Ubuntu-based Temurin JRE: glibc (the launcher's native
# memory trim is glibc's), bash for the health check, no curl or wget.
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/latchkey --shell /usr/sbin/nologin latchkey \
 && mkdir -p /var/lib/latchkey/data /opt/latchkey/cache \
 && chown -R latchkey:latchkey /var/lib/latchkey /opt/latchkey/cache
# The launcher finds the jar at lib/latchkey.jar beside its bin/.
COPY --from=build /latchkey.jar /opt/latchkey/lib/latchkey.jar
COPY --chmod=755 bin/latchkey deploy/healthcheck /opt/latchkey/bin/
ENV LATCHKEY_CACHE_DIR=/opt/latchkey/cache \
    LATCHKEY_DATA_DIRECTORY=/var/lib/latchkey/data \
    PATH=/opt/latchkey/bin:$PATH
USER latchkey
WORKDIR /var/lib/latchkey
# The launcher's own first-start work, done once here so that every container starts fast: extract the jar
# and train the class archive (an AOT cache; on a throwaway database, never the volume). The archive serves
# containers of any CPU and memory limit; a container with other JAVA_OPTS trains its own at its first start.
RUN latchkey prepare
# The embedded H2 database and its generated key-encryption key (unused with PostgreSQL).
VOLUME /var/lib/latchkey/data
EXPOSE 18000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["/opt/latchkey/bin/healthcheck"]
# exec form: the launcher is PID 1 and execs the JVM, which then receives the stop signal itself.
ENTRYPOINT ["/opt/latchkey/bin/latchkey"]
