package dev.cryptoanomaly.model.registry;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Artifacts in an S3-compatible bucket ({@code s3://bucket/prefix}), read and written directly
 * through the S3 API as MLflow's own clients do when the tracking server runs without its artifact
 * proxy. The endpoint and credentials are MLflow's settings ({@code MLFLOW_S3_ENDPOINT_URL}, {@code
 * AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}); path-style addressing, so MinIO works.
 */
record S3Artifacts(S3Client s3, String where, String bucket, String prefix)
    implements ArtifactRoot {
  static final String SCHEME = "s3://";

  /** One client per settings, shared by every folder. */
  static S3Client client(Settings.S3 settings) {
    AwsCredentialsProvider credentials =
        settings.accessKey().isPresent() && settings.secretKey().isPresent()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().get()))
            : DefaultCredentialsProvider.builder().build();
    var builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  static S3Artifacts of(S3Client s3, Settings.S3 settings, String uri) {
    URI parsed = URI.create(uri);
    String bucket = parsed.getHost();
    if (bucket == null || bucket.isBlank()) {
      throw new UserException("artifact location " + uri + " names no bucket");
    }
    String where = settings.endpoint().map(URI::toString).orElse("AWS S3");
    return new S3Artifacts(s3, where, bucket, parsed.getPath().replaceAll("^/+|/+$", ""));
  }

  private String key(String relative) {
    return prefix.isEmpty() ? relative : prefix + "/" + relative;
  }

  @Override
  public void put(String relative, byte[] content) {
    String key = key(relative);
    try {
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw failure("upload of", key, e);
    }
  }

  @Override
  public byte[] get(String relative) {
    String key = key(relative);
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (SdkException e) {
      throw failure("download of", key, e);
    }
  }

  @Override
  public ArtifactRoot resolve(String relative) {
    return new S3Artifacts(s3, where, bucket, key(relative));
  }

  private UserException failure(String what, String key, SdkException e) {
    return new UserException(
        what
            + " s3://"
            + bucket
            + "/"
            + key
            + " on "
            + where
            + " failed: "
            + Messages.oneLine(Messages.rootMessage(e)),
        e);
  }
}
