package dev.millrace.runtime.boot;

import dev.millrace.errors.MillraceException;
import dev.millrace.runtime.engine.progress.ProgressJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The live page: {@code GET /millrace} is a self-contained HTML page that draws the table graph left to right
 * (sources on the left, the tables that read them to their right) with each table's state, rows and watermark, and
 * refreshes itself every second from {@code GET /millrace/status}, the pipeline's status as JSON (the same document
 * as {@code /actuator/millrace}). No JavaScript library, no external request.
 */
final class MillraceWebRoutes {

  static final String PAGE = "/millrace";
  static final String STATUS = "/millrace/status";

  private MillraceWebRoutes() {}

  static RouterFunction<ServerResponse> routes(PipelineStatusSource source) {
    String html = page();
    return RouterFunctions.route()
        .GET(PAGE, request -> ServerResponse.ok().contentType(new MediaType(MediaType.TEXT_HTML,
            StandardCharsets.UTF_8)).header("Cache-Control", "no-store").body(html))
        .GET(STATUS, request -> {
          try {
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store")
                .body(ProgressJson.compact(source.status().snapshot()));
          } catch (MillraceException e) {
            return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .body(ProgressJson.compact(java.util.Map.of("error", e.getMessage())));
          }
        })
        .build();
  }

  private static String page() {
    try (InputStream in = MillraceWebRoutes.class.getResourceAsStream("millrace-live.html")) {
      if (in == null) {
        throw new IllegalStateException("millrace-live.html is missing from the Millrace runtime jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
