# Stand-in for eclipse-temurin:<17>-jre, built only on machines that cannot pull it (see
# docker/test/engine.sh). The real image is Ubuntu-based with Temurin; this one is Debian's OpenJDK
# 17 at the same path, so the project's Dockerfiles run unchanged on either.
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jre-headless ca-certificates-java >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /opt/java && ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
