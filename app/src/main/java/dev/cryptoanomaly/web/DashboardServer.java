package dev.cryptoanomaly.web;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard: server-rendered pages (Overview, Data Management, Training, Evaluation, Live
 * Detection), each backed by a JSON API under {@code /api}, server-sent events for jobs and live
 * views, and htmx and ECharts served from their WebJars. It reads the store and the registry; long
 * work runs in {@link BackgroundJobs}, detection in the streaming worker.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private final Dashboard dashboard;
  private final LiveFeed live;
  private final Javalin app;
  private final DashboardOptions options;

  private DashboardServer(Dashboard dashboard, DashboardOptions options) {
    this.dashboard = dashboard;
    this.options = options;
    this.live = new LiveFeed(dashboard);
    Views views = new Views();
    AccessGuard guard = new AccessGuard(options);
    OverviewPage overview = new OverviewPage(dashboard);
    DataPage data = new DataPage(dashboard);
    TrainingPage training = new TrainingPage(dashboard);
    EvaluationPage evaluation = new EvaluationPage(dashboard);
    LivePage livePage = new LivePage(dashboard);
    SchedulePanel schedule = new SchedulePanel(dashboard);
    this.app =
        Javalin.create(
            config -> {
              config.jsonMapper(new io.javalin.json.JavalinJackson(Dashboard.JSON, false));
              config.jetty.host = options.bindAddress();
              config.jetty.port = options.port();
              config.staticFiles.enableWebjars();
              config.staticFiles.add("/web/static", Location.CLASSPATH);
              config.http.maxRequestSize = 64 * 1024;
              // Uploads stream to disk past 1 MiB; the limits keep one request from filling it.
              config.jetty.multipartConfig.maxFileSize(
                  KlineUpload.MAX_FILE_BYTES, io.javalin.config.SizeUnit.BYTES);
              config.jetty.multipartConfig.maxTotalRequestSize(
                  KlineUpload.MAX_REQUEST_BYTES, io.javalin.config.SizeUnit.BYTES);
              config.jetty.multipartConfig.maxInMemoryFileSize(1, io.javalin.config.SizeUnit.MB);
              config.startup.showJavalinBanner = false;
              var r = config.routes;
              r.before(guard::check);
              r.get(
                  "/",
                  ctx ->
                      ctx.html(
                          render(views, "overview", "Overview", overview.model(filters(ctx)))));
              r.get("/api/overview", ctx -> ctx.json(overview.model(filters(ctx))));
              AlertsView alerts = new AlertsView(dashboard);
              r.get(
                  "/api/evaluation/result",
                  ctx -> {
                    new Fields(filters(ctx)).only("name");
                    ctx.json(evaluation.savedComparison(ctx.queryParam("name")));
                  });
              r.get(
                  "/api/training/history",
                  ctx -> {
                    new Fields(filters(ctx)).only("ref");
                    ctx.json(training.history(ctx.queryParam("ref")));
                  });
              r.get(
                  "/api/alerts",
                  ctx -> ctx.json(Map.of("alerts", alerts.rows(filters(ctx), AlertsView.SHOWN))));
              IncidentsView incidents = new IncidentsView(dashboard);
              r.get(
                  "/api/incidents",
                  ctx -> ctx.json(Map.of("incidents", incidents.rows(filters(ctx)))));
              r.post("/api/triage", ctx -> ctx.json(incidents.triage(fields(ctx))));
              r.get(
                  "/api/alerts.csv",
                  ctx -> {
                    String csv = alerts.csv(filters(ctx), AlertsView.SHOWN);
                    ctx.contentType("text/csv; charset=utf-8")
                        .header("Content-Disposition", "attachment; filename=\"alerts.csv\"")
                        .result(csv);
                  });
              page(r, views, "/data", "data", "Data Management", data::model);
              page(r, views, "/training", "training", "Training", training::model);
              page(r, views, "/evaluation", "evaluation", "Evaluation", evaluation::model);
              page(r, views, "/live", "live", "Live Detection", livePage::model);
              r.get("/api/health", ctx -> ctx.json(dashboard.health.all(dashboard::store)));
              r.post(
                  "/api/data/download",
                  ctx ->
                      started(
                          ctx,
                          data.startDownload(
                              fields(ctx)
                                  .only(
                                      "symbols",
                                      "interval",
                                      "market",
                                      "source",
                                      "days",
                                      "start",
                                      "end"))));
              r.post("/api/data/update", ctx -> started(ctx, data.startUpdate()));
              r.post(
                  "/api/data/import",
                  ctx -> started(ctx, data.startImport(fields(ctx).only("path", "market"))));
              r.post(
                  AccessGuard.UPLOAD_PATH,
                  ctx -> {
                    Map<String, Object> parts = new LinkedHashMap<>(ctx.formParamMap());
                    parts.putAll(ctx.uploadedFileMap());
                    new Fields(parts).only("files", "market");
                    started(
                        ctx, data.startUpload(ctx.uploadedFiles("files"), ctx.formParam("market")));
                  });
              r.post(
                  "/api/data/delete",
                  ctx ->
                      ctx.json(
                          data.deleteSeries(
                              fields(ctx).only("market", "symbol", "interval", "rows"))));
              r.post(
                  "/api/training/train",
                  ctx ->
                      started(
                          ctx,
                          training.start(
                              fields(ctx)
                                  .only(
                                      "model",
                                      "clusters",
                                      "covariance",
                                      "features",
                                      "symbols",
                                      "interval",
                                      "market",
                                      "days",
                                      "start",
                                      "end",
                                      "name",
                                      "alerts_per_day",
                                      "cooldown",
                                      "seed"))));
              r.post(
                  "/api/evaluation/compare",
                  ctx ->
                      started(
                          ctx,
                          evaluation.startComparison(
                              fields(ctx).only("models", "labels", "period", "start", "end"))));
              r.post(
                  "/api/evaluation/promote",
                  ctx ->
                      started(
                          ctx,
                          evaluation.startPromotion(
                              fields(ctx).only("ref", "name", "version", "force", "labels"))));
              DriftPanel drift = new DriftPanel(dashboard);
              r.post(
                  "/api/drift/check",
                  ctx -> started(ctx, drift.start(fields(ctx).only("model", "days"))));
              r.post(
                  "/api/live/start",
                  ctx ->
                      started(
                          ctx,
                          livePage.start(
                              fields(ctx)
                                  .only(
                                      "source",
                                      "symbols",
                                      "interval",
                                      "market",
                                      "speed",
                                      "model",
                                      "days",
                                      "start",
                                      "end"))));
              r.get("/api/live/view", ctx -> ctx.json(live.snapshot(view(ctx))));
              r.sse(
                  "/api/live/events",
                  client -> {
                    long cursor = number(client.ctx().queryParam("cursor"));
                    live.follow(client, view(client.ctx()), cursor);
                  });
              r.get("/api/schedule", ctx -> ctx.json(schedule.model()));
              r.post(
                  "/api/schedule/{job}/run",
                  ctx -> ctx.json(schedule.runNow(ctx.pathParam("job"))));
              r.get("/api/jobs", ctx -> ctx.json(dashboard.jobs.list()));
              r.get("/api/jobs/{id}", ctx -> ctx.json(job(ctx.pathParam("id"))));
              r.post(
                  "/api/jobs/{id}/cancel",
                  ctx -> ctx.json(Map.of("cancelled", dashboard.jobs.cancel(ctx.pathParam("id")))));
              r.sse("/api/jobs/{id}/events", client -> JobEvents.follow(client, dashboard.jobs));
              r.exception(UserException.class, DashboardServer::userMistake);
              r.exception(HttpResponseException.class, DashboardServer::refused);
              r.exception(dev.cryptoanomaly.OperationalException.class, DashboardServer::failed);
              r.exception(Exception.class, DashboardServer::bug);
              r.error(404, DashboardServer::notFound);
            });
  }

  /** Starts serving; the caller closes it. */
  public static DashboardServer start(Settings settings, Clock clock, DashboardOptions options) {
    return start(settings, clock, options, DashboardServices.none());
  }

  /** Starts serving with what {@code serve} runs beside it; the caller closes both. */
  public static DashboardServer start(
      Settings settings, Clock clock, DashboardOptions options, DashboardServices services) {
    DashboardServer server = new DashboardServer(new Dashboard(settings, clock, services), options);
    try {
      server.app.start();
    } catch (RuntimeException e) {
      server.close();
      throw new UserException(
          "cannot serve the dashboard on "
              + options.host()
              + ":"
              + options.port()
              + ": "
              + Messages.oneLine(Messages.rootMessage(e)),
          e);
    }
    return server;
  }

  public int port() {
    return app.port();
  }

  public String url() {
    return options.url(port());
  }

  private static void page(
      JavalinDefaultRoutingApi r,
      Views views,
      String path,
      String name,
      String title,
      Supplier<Map<String, Object>> model) {
    r.get(path, ctx -> ctx.html(render(views, name, title, model.get())));
    r.get("/api/" + name, ctx -> ctx.json(model.get()));
  }

  private static String render(Views views, String name, String title, Map<String, Object> data) {
    Map<String, Object> m = new LinkedHashMap<>(Dashboard.JSON.convertValue(data, MAP));
    m.put("page", name);
    m.put("title", title);
    m.put("data_json", jsonText(data));
    return views.render(name, m);
  }

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static String jsonText(Object data) {
    try {
      // Safe inside <script type="application/json">: no '<' can close the element.
      return Dashboard.JSON.writeValueAsString(data).replace("<", "\\u003c");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Fields fields(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      return new Fields(Map.of());
    }
    try {
      return new Fields(Dashboard.JSON.readValue(body, MAP));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserException("the request body is not a JSON object");
    }
  }

  /** A page's query parameters as form fields (the first value of each). */
  private static Map<String, Object> filters(Context ctx) {
    Map<String, Object> m = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((k, v) -> m.put(k, v.isEmpty() ? null : v.getFirst()));
    return m;
  }

  private LivePage.View view(Context ctx) {
    return LivePage.View.of(ctx.queryParamMap(), dashboard.store().series());
  }

  private BackgroundJobs.View job(String id) {
    return dashboard
        .jobs
        .get(id)
        .orElseThrow(() -> new io.javalin.http.NotFoundResponse("no job " + id));
  }

  private static long number(String text) {
    try {
      return text == null ? 0 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new UserException("cursor must be a number");
    }
  }

  private static void started(Context ctx, BackgroundJobs.View job) {
    ctx.status(HttpStatus.ACCEPTED).json(job);
  }

  private static boolean wantsJson(Context ctx) {
    return ctx.path().startsWith("/api/");
  }

  private static void userMistake(UserException e, Context ctx) {
    int status = e instanceof BackgroundJobs.Busy ? 409 : 400;
    answer(ctx, status, FormMessages.of(e));
  }

  private static void refused(HttpResponseException e, Context ctx) {
    answer(ctx, e.getStatus(), Messages.oneLine(e.getMessage()));
  }

  /** The store or the registry failed: the operator's to fix, so 503 and the one-line cause. */
  private static void failed(dev.cryptoanomaly.OperationalException e, Context ctx) {
    LOG.error("{} {}: {}", ctx.method(), ctx.path(), Messages.oneLine(e.getMessage()), e);
    answer(ctx, 503, Messages.oneLine(e.getMessage()));
  }

  private static void bug(Exception e, Context ctx) {
    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
    answer(
        ctx,
        500,
        "internal error: " + Messages.oneLine(Messages.rootMessage(e)) + " (see the server log)");
  }

  private static void answer(Context ctx, int status, String message) {
    ctx.status(status);
    if (wantsJson(ctx)) {
      ctx.json(Map.of("error", message));
    } else {
      ctx.contentType("text/plain; charset=utf-8").result("error: " + message);
    }
  }

  /** A 404 without a JSON answer already (an unknown job has one) gets a one-line error. */
  private static void notFound(Context ctx) {
    if (wantsJson(ctx)) {
      if (!String.valueOf(ctx.result()).startsWith("{")) {
        ctx.json(Map.of("error", "no such address: " + ctx.path()));
      }
      return;
    }
    ctx.contentType("text/plain; charset=utf-8").result("error: no page at " + ctx.path());
  }

  @Override
  public void close() {
    app.stop();
    live.close();
    dashboard.close();
  }
}
