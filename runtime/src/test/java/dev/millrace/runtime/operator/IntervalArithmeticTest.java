package dev.millrace.runtime.operator;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.interval;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.dataset.Dataset;
import dev.millrace.plan.Plans;
import dev.millrace.plan.Project;
import dev.millrace.plan.TableRead;
import dev.millrace.plan.internal.Analyzer;
import dev.millrace.types.Schema;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntervalArithmeticTest {

  @Test
  void addsAndSubtractsIntervalsInMicroseconds() {
    Schema schema = Schema.parse("t TIMESTAMP");
    Dataset ds = new Dataset(new TableRead(Plans.nextId(), "x", true, Optional.empty()))
        .select(col("t").plus(interval("1 hour")), col("t").minus(interval("PT0.000001S")));
    var p = (Project) new Analyzer(n -> Optional.of(schema)).analyze(ds.plan());
    var compiler = new ExpressionCompiler(new BatchClock());
    long t = InternalValues.micros(Instant.parse("2026-01-01T12:00:00Z"));

    assertThat(compiler.compile(p.exprs().get(0)).eval(new Object[] {t}))
        .isEqualTo(InternalValues.micros(Instant.parse("2026-01-01T13:00:00Z")));
    assertThat(compiler.compile(p.exprs().get(1)).eval(new Object[] {t})).isEqualTo(t - 1);
    assertThat(compiler.compile(p.exprs().get(0)).eval(new Object[] {null})).isNull();
  }
}
