# Stand-in for maven:3.9.9-eclipse-temurin-17 (see jre.Dockerfile): Debian's JDK 17 with Apache
# Maven 3.9.9 itself, fetched as an artifact by Debian's Maven (from its default repository) and
# unpacked to /usr/share/maven as the real image has it; Debian's Maven is removed again.
FROM debian:bookworm-slim
ARG MAVEN_VERSION=3.9.9
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jdk-headless ca-certificates-java maven >/dev/null \
 && mvn -B -q -Dmaven.repo.local=/tmp/m2 org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
      -Dartifact=org.apache.maven:apache-maven:${MAVEN_VERSION}:tar.gz:bin -DoutputDirectory=/opt \
 && DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq maven libmaven3-core-java >/dev/null \
 && apt-get autoremove -y -qq >/dev/null \
 && rm -rf /var/lib/apt/lists/* /tmp/m2 /root/.m2 \
 && mv /opt/apache-maven-${MAVEN_VERSION} /usr/share/maven \
 && chmod +x /usr/share/maven/bin/mvn \
 && ln -sf /usr/share/maven/bin/mvn /usr/bin/mvn \
 && mkdir -p /opt/java && ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk \
 && mvn -v | head -1 | grep -q "Apache Maven ${MAVEN_VERSION}"
ENV JAVA_HOME=/opt/java/openjdk MAVEN_HOME=/usr/share/maven \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
