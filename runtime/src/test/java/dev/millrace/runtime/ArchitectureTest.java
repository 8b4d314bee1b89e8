package dev.millrace.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of STYLE.md, checked on the compiled classes (as Kafka checks its import-control). */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.millrace");
  }

  @Test
  void onlyTheTableStoreSpeaksJdbcAndDuckDb() {
    // (The framework's record encoder names java.sql types only to say "use Instant instead".)
    noClasses().that().resideInAPackage("dev.millrace.runtime..")
        .and().resideOutsideOfPackage("dev.millrace.runtime.table..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.duckdb..")
        .check(classes);
  }

  @Test
  void onlyTheBootPackageUsesSpringBoot() {
    noClasses().that().resideOutsideOfPackage("dev.millrace.runtime.boot..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework.boot..")
        .check(classes);
  }

  @Test
  void onlyTheRocksDbProviderImportsRocksDb() {
    noClasses().that().resideOutsideOfPackage("dev.millrace.runtime.state.rocksdb..")
        .should().dependOnClassesThat().resideInAnyPackage("org.rocksdb..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void theFrameworkDoesNotDependOnTheRuntime() {
    noClasses().that().resideInAPackage("dev.millrace..").and().resideOutsideOfPackage("dev.millrace.runtime..")
        .should().dependOnClassesThat().resideInAPackage("dev.millrace.runtime..")
        .check(classes);
  }

  @Test
  void theEngineDoesNotDependOnSpringOrTheCommandLine() {
    noClasses().that().resideInAnyPackage("dev.millrace.runtime.engine..", "dev.millrace.runtime.planner..",
            "dev.millrace.runtime.operator..", "dev.millrace.runtime.checkpoint..", "dev.millrace.runtime.source..",
            "dev.millrace.runtime.table..", "dev.millrace.runtime.testing..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "picocli..",
            "dev.millrace.runtime.boot..")
        .check(classes);
  }

  @Test
  void operatorsDoNotReachUpIntoTheEngine() {
    noClasses().that().resideInAnyPackage("dev.millrace.runtime.operator..", "dev.millrace.runtime.planner..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.millrace.runtime.engine..",
            "dev.millrace.runtime.testing..")
        .check(classes);
  }

  @Test
  void onlyTheMetricsAndBootPackagesUseMicrometer() {
    noClasses().that().resideOutsideOfPackages("dev.millrace.runtime.metrics..", "dev.millrace.runtime.boot..")
        .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..")
        .check(classes);
  }

  @Test
  void theMetricsPackageOnlyListensToTheEngine() {
    // Meters are fed by progress records; the metrics package neither drives the engine nor knows Spring.
    noClasses().that().resideInAPackage("dev.millrace.runtime.metrics..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.millrace.runtime.boot..", "org.springframework..",
            "dev.millrace.runtime.operator..", "dev.millrace.runtime.state..", "dev.millrace.runtime.table..")
        .check(classes);
  }

  @Test
  void theEngineDoesNotDependOnItsObservers() {
    noClasses().that().resideInAnyPackage("dev.millrace.runtime.engine..", "dev.millrace.runtime.planner..",
            "dev.millrace.runtime.operator..", "dev.millrace.runtime.state..", "dev.millrace.runtime.table..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.millrace.runtime.metrics..")
        .check(classes);
  }

  @Test
  void progressRecordsDoNotReachBackIntoTheEngine() {
    // engine.progress holds what listeners see; it sits below the engine that produces it.
    noClasses().that().resideInAPackage("dev.millrace.runtime.engine.progress..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.millrace.runtime.engine",
            "dev.millrace.runtime.planner..", "dev.millrace.runtime.operator..", "dev.millrace.runtime.state..")
        .check(classes);
  }
}
