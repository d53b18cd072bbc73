package dev.cryptoanomaly.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.FakeBinance;
import dev.cryptoanomaly.testkit.ShockedArchive;
import dev.cryptoanomaly.testkit.TestDashboard;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium (through its chromedriver; nothing downloaded): every
 * page opens, a download from the local fake archive, a small model trained, a replay, and the
 * anomaly marker on the chart. Screenshots go to {@code target/screenshots}.
 */
@Tag("slow")
class DashboardBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String ETH_5M_DELETE =
      "button.delete-series[data-symbol=ETHUSDT][data-interval='5m']";
  @TempDir Path home;
  private FakeBinance binance;
  private TestDashboard dashboard;
  private WebDriver browser;
  private String lastJob;

  @BeforeEach
  void start() throws Exception {
    binance = new FakeBinance();
    ShockedArchive.publish(binance);
    Settings settings =
        Settings.fromMap(Map.of(), home)
            .withHome(home)
            .withBinance(binance.archiveUri(), binance.apiUri(), URI.create("ws://127.0.0.1:1"));
    dashboard = new TestDashboard(settings, Clock.systemUTC());
    browser = chromium(home.resolve("chromium-profile"));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    dashboard.close();
    binance.close();
  }

  /** Debian's chromium and chromedriver, with the flags a closed network and root need. */
  static WebDriver chromium(Path profile) {
    File driver = new File("/usr/bin/chromedriver");
    File binary = new File("/usr/bin/chromium");
    if (!driver.canExecute() || !binary.canExecute()) {
      dev.cryptoanomaly.testkit.Unavailable.require(
          "Chromium",
          "the browser tests need Debian's chromium and chromium-driver (.ci/run installs them)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1800",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driver).build();
    return new ChromeDriver(service, options);
  }

  @Test
  void everyPageOpensAndAReplayPutsAnomalyMarkersOnTheChart() throws Exception {
    for (String page : List.of("/", "/data", "/training", "/evaluation", "/live")) {
      browser.get(dashboard.url(page));
      assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
      assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("error:");
      assertThat(browser.findElements(By.className("message"))).as(page).isNotEmpty();
      shot("empty" + (page.equals("/") ? "-overview" : page.replace('/', '-')));
    }

    // As a new user arrives: `demo` first (offline, so it simulates the five default pairs and
    // registers its 1m champion), then the pages over that store.
    Cli.Result demo =
        Cli.run(
            Map.of(
                "CRYPTO_ANOMALY_HOME",
                home.toString(),
                "CRYPTO_ANOMALY_BINANCE__ARCHIVE_URL",
                "http://127.0.0.1:1"),
            Clock.systemUTC(),
            "demo",
            "--days",
            "2",
            "--no-serve");
    assertThat(demo.exit()).as(demo.err()).isZero();
    for (String page : List.of("/", "/data", "/training", "/evaluation", "/live")) {
      browser.get(dashboard.url(page));
      assertThat(browser.findElement(By.tagName("main")).getText())
          .as(page)
          .doesNotContainPattern("\\dE-?\\d")
          .doesNotContain("NaN");
      shot("demo" + (page.equals("/") ? "-overview" : page.replace('/', '-')));
    }
    // Triage from the Overview: without a name the page says which field is missing; with one,
    // the incident is marked and the name is remembered by the browser.
    browser.get(dashboard.url("/"));
    assertThat(browser.findElements(By.cssSelector("#incident-list td.triage"))).isNotEmpty();
    browser.findElement(By.cssSelector("#incident-list td.triage button[value=confirmed]")).click();
    waitFor(Duration.ofSeconds(10))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("triage-result"), "error: field 'analyst'"));
    type("#analyst", "ann");
    browser.findElement(By.cssSelector("#incident-list td.triage button[value=confirmed]")).click();
    waitFor(Duration.ofSeconds(10))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("triage-result"), "marked confirmed"));
    shot("overview-triaged");
    browser.navigate().refresh();
    assertThat(browser.findElement(By.cssSelector("#incident-list td.triage .state")).getText())
        .isEqualTo("confirmed");
    assertThat(browser.findElement(By.id("analyst")).getDomProperty("value")).isEqualTo("ann");

    browser.get(dashboard.url("/data"));
    assertThat(browser.findElement(By.id("coverage-table")).getText()).contains("simulated");
    assertThat(browser.findElements(By.cssSelector("#coverage-timeline canvas"))).isNotEmpty();

    browser.get(dashboard.url("/data"));
    type("#download-form input[name=symbols]", "BTCUSDT");
    type("#download-form input[name=start]", "2024-04-01");
    type("#download-form input[name=end]", "2024-04-03");
    browser.findElement(By.id("start-download")).click();
    jobEnds("succeeded", Duration.ofSeconds(60));
    waitFor(Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("coverage"), "BTCUSDT"));
    assertThat(browser.findElement(By.className("job-log")).getText())
        .contains("stored 4,320 rows");
    shot("data-downloaded");

    // Real 5m files uploaded beside it from the page (as from an analyst's own computer); the
    // timeline draws both, with the gaps between the uploaded days; then that series is deleted
    // after the confirmation.
    Path notes = Files.writeString(home.resolve("notes.txt"), "not klines");
    WebElement files = browser.findElement(By.cssSelector("#upload-form input[name=files]"));
    files.sendKeys(notes.toString());
    browser.findElement(By.id("start-upload")).click();
    waitFor(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("form-error")));
    assertThat(browser.findElement(By.id("form-error")).getText())
        .startsWith("error: field 'files': notes.txt is not named as on data.binance.vision");
    shot("data-upload-refused");
    files.clear();
    Path eth = dev.cryptoanomaly.testkit.Markets.sharedData().resolve("binance/spot/5m/ETHUSDT");
    files.sendKeys(
        String.join(
            "\n",
            Stream.of("2020-03-11", "2020-03-12", "2020-03-20")
                .map(day -> eth.resolve("ETHUSDT-5m-" + day + ".csv").toAbsolutePath())
                .map(Path::toString)
                .toList()));
    browser.findElement(By.id("start-upload")).click();
    jobEnds("succeeded", Duration.ofSeconds(60));
    waitFor(Duration.ofSeconds(10))
        .until(b -> !b.findElements(By.cssSelector(ETH_5M_DELETE)).isEmpty());
    assertThat(browser.findElement(By.id("coverage-table")).getText()).contains("import");
    assertThat(browser.findElements(By.cssSelector("#coverage-timeline canvas"))).isNotEmpty();
    shot("data-imported-timeline");
    browser.findElement(By.cssSelector(ETH_5M_DELETE)).click();
    org.openqa.selenium.Alert confirm =
        waitFor(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).startsWith("Delete spot ETHUSDT 5m: 864 candles");
    confirm.accept();
    waitFor(Duration.ofSeconds(10))
        .until(b -> b.findElements(By.cssSelector(ETH_5M_DELETE)).isEmpty());
    assertThat(browser.findElement(By.id("data-status")).getText()).startsWith("deleted ");

    browser.get(dashboard.url("/training"));
    // A training that fails (a period in the series' gap holds no candles) says why once, and
    // offers nothing to cancel.
    new Select(browser.findElement(By.cssSelector("#train-form select[name=model]")))
        .selectByVisibleText("kmeans");
    type("#train-form input[name=clusters]", "2-4");
    type("#train-form input[name=symbols]", "BTCUSDT");
    type("#train-form input[name=days]", "");
    type("#train-form input[name=start]", "2025-01-01");
    type("#train-form input[name=end]", "2025-01-02");
    browser.findElement(By.id("start-training")).click();
    jobEnds("failed", Duration.ofSeconds(60));
    WebElement failed = browser.findElement(By.id("job-panel"));
    assertThat(failed.findElement(By.className("job-status")).getText()).startsWith("failed: ");
    assertThat(failed.findElement(By.className("job-cancel")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("form-error")).isDisplayed()).isFalse();
    shot("training-failed");

    browser.get(dashboard.url("/training"));
    new Select(browser.findElement(By.cssSelector("#train-form select[name=model]")))
        .selectByVisibleText("kmeans");
    type("#train-form input[name=clusters]", "2-4");
    browser.findElement(By.id("start-training")).click();
    jobEnds("succeeded", Duration.ofSeconds(120));
    waitFor(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("tuning")));
    assertThat(browser.findElement(By.id("tuning-ref")).getText()).startsWith("crypto-anomaly@2");
    assertThat(browser.findElements(By.cssSelector("#tuning-chart canvas"))).isNotEmpty();
    shot("training-tuning-curves");

    browser.get(dashboard.url("/evaluation"));
    browser.findElement(By.id("start-compare")).click();
    jobEnds("succeeded", Duration.ofSeconds(60));
    waitFor(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("comparison")));
    assertThat(browser.findElement(By.id("metrics-table")).getText()).contains("crypto-anomaly@1");
    shot("evaluation-compared");
    assertThat(
            Integer.parseInt(
                browser.findElement(By.id("per-day-heatmap")).getDomAttribute("data-cells")))
        .isPositive();
    browser.navigate().refresh();
    waitFor(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("comparison")));
    assertThat(browser.findElement(By.id("comparison-period")).getText()).startsWith("made ");

    browser.get(dashboard.url("/live"));
    type("#live-form input[name=symbols]", "BTCUSDT");
    type("#live-form input[name=start]", "2024-04-01");
    type("#live-form input[name=end]", "2024-04-03");
    browser.findElement(By.id("start-live")).click();
    jobEnds("succeeded", Duration.ofSeconds(60));
    waitFor(Duration.ofSeconds(15)).until(b -> markers(b) > 0);
    assertThat(browser.findElement(By.id("alert-feed")).getText()).contains("BTCUSDT");
    assertThat(browser.findElements(By.cssSelector("#alert-feed .bar-fill"))).isNotEmpty();
    shot("live-markers");

    // Real 5m candles beside the 1m ones: train on 5m from the form, replay the August 2024 crash
    // with that model, and the view follows the replay's period with markers at alert onsets.
    browser.get(dashboard.url("/data"));
    type(
        "#import-form input[name=path]",
        dev.cryptoanomaly.testkit.Markets.sharedData()
            .resolve("binance/spot/5m/BTCUSDT")
            .toAbsolutePath()
            .toString());
    browser.findElement(By.id("start-import")).click();
    jobEnds("succeeded", Duration.ofSeconds(60));
    browser.get(dashboard.url("/training"));
    // The last training is there again after a reload, reopened from the registry.
    waitFor(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("tuning")));
    assertThat(browser.findElement(By.id("tuning-ref")).getText()).startsWith("crypto-anomaly@2");
    assertThat(browser.findElement(By.id("split-table")).getText()).contains("validation");
    new Select(browser.findElement(By.cssSelector("#train-form select[name=model]")))
        .selectByVisibleText("gmm");
    new Select(browser.findElement(By.cssSelector("#train-form select[name=interval]")))
        .selectByVisibleText("5m");
    type("#train-form input[name=clusters]", "2-3");
    type("#train-form input[name=symbols]", "BTCUSDT");
    type("#train-form input[name=days]", "");
    type("#train-form input[name=start]", "2024-07-25");
    type("#train-form input[name=end]", "2024-08-20");
    browser.findElement(By.id("start-training")).click();
    jobEnds("succeeded", Duration.ofSeconds(120));
    waitFor(Duration.ofSeconds(10))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("tuning-ref"), "crypto-anomaly@3"));

    // The 1m and the 5m model side by side on the crash: shared bins, warnings on the page.
    browser.get(dashboard.url("/evaluation"));
    Select versions =
        new Select(browser.findElement(By.cssSelector("#compare-form select[name=models]")));
    versions.deselectAll();
    versions.selectByValue("crypto-anomaly@2");
    versions.selectByValue("crypto-anomaly@3");
    new Select(browser.findElement(By.cssSelector("#compare-form select[name=period]")))
        .selectByValue("custom");
    type("#compare-form input[name=start]", "2024-08-04");
    type("#compare-form input[name=end]", "2024-08-06");
    browser.findElement(By.id("start-compare")).click();
    jobEnds("succeeded", Duration.ofSeconds(60));
    waitFor(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("comparison-warnings")));
    assertThat(browser.findElement(By.id("comparison-warnings")).getText())
        .contains("crypto-anomaly@2 (kmeans) has no candles in the period");
    assertThat(browser.findElement(By.id("metrics-table")).getText()).contains("crypto-anomaly@3");
    shot("evaluation-1m-and-5m");

    browser.get(dashboard.url("/live"));
    type("#live-form input[name=symbols]", "BTCUSDT");
    new Select(browser.findElement(By.cssSelector("#live-form select[name=interval]")))
        .selectByVisibleText("5m");
    new Select(browser.findElement(By.cssSelector("#live-form select[name=model]")))
        .selectByValue("crypto-anomaly@3");
    type("#live-form input[name=start]", "2024-08-04");
    type("#live-form input[name=end]", "2024-08-06");
    browser.findElement(By.id("start-live")).click();
    jobEnds("succeeded", Duration.ofSeconds(60));
    WebElement liveChart = browser.findElement(By.id("live-chart"));
    waitFor(Duration.ofSeconds(15))
        .until(b -> "2024-08-06T23:55:00Z".equals(liveChart.getDomAttribute("data-to")));
    assertThat(liveChart.getDomAttribute("data-from")).startsWith("2024-08-0");
    assertThat(Integer.parseInt(liveChart.getDomAttribute("data-markers"))).isPositive();
    assertThat(browser.findElement(By.id("live-status")).getText())
        .contains("crypto-anomaly@3")
        .contains("(following the latest)");
    shot("live-replayed-crash");

    // An alert in the feed opens the chart on its period; so does one on the Overview.
    WebElement alert = browser.findElement(By.cssSelector("#alert-feed a.open-alert"));
    String onset = alert.getText().substring(0, "2024-08-05T00:00:00Z".length());
    alert.click();
    waitFor(Duration.ofSeconds(10))
        .until(b -> !b.findElement(By.id("live-status")).getText().contains("following"));
    assertThat(
            browser
                .findElement(By.cssSelector("#view-form input[name=from]"))
                .getDomProperty("value"))
        .isNotBlank();
    assertThat(liveChart.getDomAttribute("data-candles")).isEqualTo("301");
    assertThat(onset).startsWith("2024-08-0");
    shot("live-alert-opened");

    browser.get(dashboard.url("/"));
    browser.findElement(By.cssSelector("#anomalies a.open-alert")).click();
    waitFor(Duration.ofSeconds(15)).until(b -> markers(b) > 0);
    assertThat(browser.getCurrentUrl()).contains("/live?").contains("at=");

    browser.get(dashboard.url("/"));
    assertThat(browser.findElement(By.id("anomalies")).getText()).contains("BTCUSDT");
    // Filtered to the 5m model's alerts and downloaded as the page offers them.
    type("#alert-filters input[name=model]", "crypto-anomaly@3");
    new Select(browser.findElement(By.cssSelector("#alert-filters select[name=interval]")))
        .selectByVisibleText("5m");
    browser.findElement(By.id("filter-alerts")).click();
    waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("interval=5m"));
    assertThat(browser.findElement(By.id("anomalies")).getText())
        .contains("BTCUSDT 5m")
        .doesNotContain("BTCUSDT 1m");
    Object csv =
        ((org.openqa.selenium.JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[0];"
                    + "fetch(document.getElementById('download-csv').href)"
                    + ".then(r => r.text()).then(done, e => done('failed: ' + e));");
    assertThat(String.valueOf(csv).lines().toList())
        .first()
        .asString()
        .startsWith("onset,peak,last_hit,market,symbol,interval,source");
    assertThat(String.valueOf(csv)).contains(",BTCUSDT,5m,import,").doesNotContain(",1m,");
    shot("overview-alerts-filtered");
    // The champion's drift, checked from the Overview and drawn as a table.
    browser.findElement(By.id("start-drift")).click();
    jobEnds("succeeded", Duration.ofSeconds(60));
    waitFor(Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("drift-result")));
    assertThat(browser.findElements(By.cssSelector("#drift-table tr"))).hasSizeGreaterThan(6);
    assertThat(browser.findElement(By.id("drift-summary")).getText())
        .startsWith("crypto-anomaly@")
        .contains("worst PSI");
    shot("overview-drift");
    // Numbers as the CLI prints them: no exponent in the Java style, no NaN.
    assertThat(browser.findElement(By.tagName("main")).getText())
        .doesNotContainPattern("\\dE-?\\d")
        .doesNotContain("NaN");
    shot("overview");
  }

  private static WebElement liveChart(WebDriver b) {
    return b.findElement(By.id("live-chart"));
  }

  /** Alert markers the live chart drew; 0 until it has drawn (or while the page loads). */
  private static int markers(WebDriver b) {
    java.util.List<WebElement> charts = b.findElements(By.id("live-chart"));
    String n = charts.isEmpty() ? null : charts.getFirst().getDomAttribute("data-markers");
    return n == null || n.isEmpty() ? 0 : Integer.parseInt(n);
  }

  private void type(String css, String text) {
    WebElement e = browser.findElement(By.cssSelector(css));
    e.clear();
    e.sendKeys(text);
  }

  /**
   * Waits for the job the last click started. The panel shows the previous job's end until the new
   * job's id comes back (an upload takes a while), so a new job is told by its id, not its state.
   */
  private void jobEnds(String state, Duration limit) {
    waitFor(limit)
        .until(
            b -> {
              WebElement p = b.findElement(By.id("job-panel"));
              String job = p.getDomAttribute("data-job");
              String s = p.getDomAttribute("data-state");
              return job != null && !job.equals(lastJob) && s != null && !s.equals("running");
            });
    WebElement panel = browser.findElement(By.id("job-panel"));
    lastJob = panel.getDomAttribute("data-job");
    assertThat(panel.getDomAttribute("data-state")).as(panel.getText()).isEqualTo(state);
  }

  private WebDriverWait waitFor(Duration limit) {
    return new WebDriverWait(browser, limit);
  }

  /**
   * Every screenshot is of a page people can read: no NaN, no Java-style exponent, no CLI flag
   * where a form field is meant.
   */
  private void shot(String name) throws Exception {
    String text = browser.findElement(By.tagName("main")).getText();
    assertThat(text)
        .as(name)
        .doesNotContain("NaN")
        .doesNotContainPattern("\\dE-?\\d")
        .doesNotContainPattern("(^|\\s)--[a-z]");
    File png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
