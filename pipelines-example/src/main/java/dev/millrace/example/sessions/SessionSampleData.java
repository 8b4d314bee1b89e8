package dev.millrace.example.sessions;

import dev.millrace.example.generator.SampleData;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/** Sample page views for the sessions pipeline: 300 users over 6 hours, in 4 files in {@code <landing>/page_views}. */
@Component
public class SessionSampleData implements SampleData {

  @Override
  public String pipeline() {
    return "sessions";
  }

  @Override
  public List<String> landingDirectories() {
    return List.of("page_views");
  }

  @Override
  public String write(Path landing) {
    Path dir = landing.resolve("page_views");
    SessionGenerator.Summary summary = new SessionGenerator().writeTo(dir);
    return "No data in " + dir + " yet: wrote sample page views (" + summary + ")";
  }
}
