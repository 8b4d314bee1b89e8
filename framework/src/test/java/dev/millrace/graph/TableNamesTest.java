package dev.millrace.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.graph.internal.TableNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "rawEvents, raw_events",
      "eventsClean, events_clean",
      "userActivity1m, user_activity_1m",
      "pageViews, page_views",
      "events, events",
      "HTTPRequests, http_requests",
      "parseHTTPRequest, parse_http_request",
      "top10Pages, top_10_pages",
      "sales2024, sales_2024",
      "already_snake, already_snake",
      "a, a",
      "ordersV2, orders_v_2",
  })
  void derivesSnakeCaseTableNameFromMethodName(String method, String table) {
    assertThat(TableNames.snakeCase(method)).isEqualTo(table);
  }
}
