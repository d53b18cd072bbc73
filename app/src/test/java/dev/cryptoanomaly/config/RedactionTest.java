package dev.cryptoanomaly.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.Messages;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Every kind of URL a setting can hold prints without its secrets. */
class RedactionTest {
  @Test
  void userInfoAndSecretParametersAreHidden() {
    assertThat(Redaction.url("http://analyst:pw@mlflow.internal:5000/"))
        .isEqualTo("http://***@mlflow.internal:5000/");
    assertThat(Redaction.url("redis://:hunter2@127.0.0.1:6379/0"))
        .isEqualTo("redis://***@127.0.0.1:6379/0");
    assertThat(Redaction.url("postgresql://u:p@db:5432/market?sslmode=require&password=p"))
        .isEqualTo("postgresql://***@db:5432/market?sslmode=require&password=***");
    assertThat(Redaction.url("https://hooks.example/alert?token=abc&channel=ops"))
        .isEqualTo("https://hooks.example/alert?token=***&channel=ops");
    assertThat(Redaction.url("http://minio:9000/bucket?X-Amz-Signature=deadbeef"))
        .isEqualTo("http://minio:9000/bucket?X-Amz-Signature=***");
    assertThat(Redaction.url("https://data.binance.vision"))
        .isEqualTo("https://data.binance.vision");
    assertThat(Redaction.url("not a url with http://a:b@c/ inside"))
        .isEqualTo("not a url with http://***@c/ inside");
  }

  @Test
  void linksLoseTheirUserInfoAndMessagesTheirSecrets() {
    assertThat(Redaction.withoutUserInfo(URI.create("http://a:b@host:5000/#/models")))
        .isEqualTo(URI.create("http://host:5000/#/models"));
    assertThat(Messages.oneLine("cannot reach http://user:secret@host:1/api\n(refused)"))
        .isEqualTo("cannot reach http://***@host:1/api (refused)");
    assertThat(Messages.oneLine("bad symbol '\u001b[31mX\u202e'"))
        .isEqualTo("bad symbol '\\u001b[31mX\\u202e'");
  }
}
