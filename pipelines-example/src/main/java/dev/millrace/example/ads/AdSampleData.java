package dev.millrace.example.ads;

import dev.millrace.example.generator.SampleData;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Sample data for the ads pipeline: 6,000 impressions over 4 hours and their clicks, 4 files each in
 * {@code <landing>/impressions} and {@code <landing>/clicks}.
 */
@Component
public class AdSampleData implements SampleData {

  @Override
  public String pipeline() {
    return "ads";
  }

  @Override
  public List<String> landingDirectories() {
    return List.of("impressions", "clicks");
  }

  @Override
  public String write(Path landing) {
    AdGenerator.Summary summary = new AdGenerator().writeTo(landing);
    return "No data in " + landing.resolve("impressions") + " and " + landing.resolve("clicks")
        + " yet: wrote sample ad impressions and clicks (" + summary + ")";
  }
}
