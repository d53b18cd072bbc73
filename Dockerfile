# The application image: `serve` (dashboard + scheduler + worker) by default, `worker` for more
# stream workers. Built by infrastructure/docker-compose.yml; also `docker build -t crypto-anomaly .`
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY core/ core/
COPY app/pom.xml app/pom.xml
COPY app/src/ app/src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:25-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data app \
 && mkdir -p /data && chown app /data
COPY --from=build /build/app/target/crypto-anomaly.jar /app/crypto-anomaly.jar
USER app
WORKDIR /data
ENV CRYPTO_ANOMALY_HOME=/data
EXPOSE 8501
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:+UseZGC", "-XX:MaxRAMPercentage=75", "-jar", "/app/crypto-anomaly.jar"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8501"]
