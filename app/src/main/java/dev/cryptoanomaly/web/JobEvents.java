package dev.cryptoanomaly.web;

import io.javalin.http.sse.SseClient;
import java.util.Optional;

/** Server-sent events of one background job: its state whenever it changes, until it ends. */
final class JobEvents {
  private JobEvents() {}

  static void follow(SseClient client, BackgroundJobs jobs) {
    String id = client.ctx().pathParam("id");
    client.keepAlive();
    Thread.ofVirtual()
        .name("job-events-" + id)
        .start(
            () -> {
              long revision = -1;
              try {
                while (!client.terminated()) {
                  Optional<BackgroundJobs.View> v = jobs.get(id);
                  if (v.isEmpty()) {
                    client.sendEvent("problem", "no job " + id);
                    break;
                  }
                  if (v.get().revision() != revision) {
                    revision = v.get().revision();
                    client.sendEvent("job", v.get());
                    if (!v.get().state().equals("running")) {
                      break;
                    }
                  }
                  Thread.sleep(200);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                client.close();
              }
            });
  }
}
