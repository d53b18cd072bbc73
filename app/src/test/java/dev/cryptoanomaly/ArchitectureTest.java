package dev.cryptoanomaly;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packages' dependencies as the architecture draws them, checked on the compiled classes. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cryptoanomaly");
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.cryptoanomaly.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void realTimeDetectionAndTheRegistryDependOnModelsNotOnTraining() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.cryptoanomaly.stream..", "dev.cryptoanomaly.model..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.cryptoanomaly.train..")
        .check(classes);
  }

  @Test
  void onlyTheFrontEndsKnowTheFrontEnds() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.cryptoanomaly.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.cryptoanomaly.cli..")
        .check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.cryptoanomaly.web..", "dev.cryptoanomaly.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.cryptoanomaly.web..")
        .check(classes);
  }
}
