package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.web.DashboardOptions;
import picocli.CommandLine.Option;

/** Where the dashboard listens, shared by {@code dashboard} and {@code serve}. */
final class DashboardBind {
  @Option(
      names = "--host",
      defaultValue = DashboardOptions.DEFAULT_HOST,
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8501", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--token", description = "Access token (default: " + Settings.WEB_TOKEN + ").")
  String token;

  DashboardOptions options(Settings settings) {
    return new DashboardOptions(
        host, port, token != null ? token : settings.webToken().orElse(null));
  }
}
