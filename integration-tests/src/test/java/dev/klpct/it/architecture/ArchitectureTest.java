package dev.klpct.it.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSet;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure docs/architecture.md describes, enforced on the main code of every module on this
 * module's class path (every published one): no module uses another module's {@code internal}
 * packages, the checker, the JVM backend and the LKMM know nothing of livepatch ({@code
 * dev.klpct.api.klp}), and the packages form no cycle. Each rule is also shown to fail on a fixture
 * that breaks it.
 */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.klpct");
  }

  /**
   * The module a class was built by: the reactor module directory ({@code checker/target/classes})
   * or the artifact ({@code checker-0.1.0-SNAPSHOT.jar}) it was loaded from.
   */
  static String moduleOf(JavaClass c) {
    String where = c.getSource().map(s -> s.getUri()).map(URI::toString).orElse("");
    Matcher dir = Pattern.compile("/([^/]+)/target/(?:test-)?classes/").matcher(where);
    if (dir.find()) {
      return dir.group(1);
    }
    Matcher jar = Pattern.compile("/([^/]+?)-\\d[^/]*\\.jar!").matcher(where);
    return jar.find() ? jar.group(1) : "?" + where;
  }

  /**
   * A class's code may use {@code internal} packages of its own module only (klpct's: what
   * generated code uses of a library's internals is the library's business).
   */
  static ArchRule internalsStayInTheirModule(Function<JavaClass, String> moduleOf) {
    return ArchRuleDefinition.classes()
        .should(
            new ArchCondition<JavaClass>("use the internal packages of their own module only") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                  JavaClass target = d.getTargetClass().getBaseComponentType();
                  if (target.getPackageName().startsWith("dev.klpct.")
                      && isInternal(target.getPackageName())
                      && !moduleOf.apply(target).equals(moduleOf.apply(c))) {
                    events.add(
                        SimpleConditionEvent.violated(
                            d,
                            moduleOf.apply(c)
                                + " uses "
                                + moduleOf.apply(target)
                                + "'s internals: "
                                + d.getDescription()));
                  }
                }
              }
            });
  }

  private static boolean isInternal(String pkg) {
    return pkg.endsWith(".internal") || pkg.contains(".internal.");
  }

  /** The modules that run programs and judge properties, and know nothing of livepatch. */
  static final ImmutableSet<String> BACKENDS = ImmutableSet.of("checker", "jvm-backend", "lkmm");

  /** The livepatch API: strategies, task switchers, patch-state updaters. */
  static final String LIVEPATCH = "dev.klpct.api.klp";

  /**
   * The classes of {@code backends} use nothing of package {@code forbidden} or its subpackages:
   * the checker knows the program SPI, not what a program models.
   */
  static ArchRule backendsKnowNothingOf(
      String forbidden, Set<String> backends, Function<JavaClass, String> moduleOf) {
    return ArchRuleDefinition.classes()
        .should(
            new ArchCondition<JavaClass>(
                "not use " + forbidden + " in the modules " + String.join(", ", backends)) {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                  String pkg = d.getTargetClass().getBaseComponentType().getPackageName();
                  if ((pkg.equals(forbidden) || pkg.startsWith(forbidden + "."))
                      && backends.contains(moduleOf.apply(c))) {
                    events.add(
                        SimpleConditionEvent.violated(
                            d,
                            moduleOf.apply(c) + " uses " + forbidden + ": " + d.getDescription()));
                  }
                }
              }
            });
  }

  /** Every package of {@code root} on its own: the slices whose cycles count. */
  static ArchRule packagesFormNoCycle(String root) {
    return slices().matching(root + ".(**)").should().beFreeOfCycles();
  }

  @Test
  void everyClassComesFromAKnownModule() {
    assertThat(main.stream().map(ArchitectureTest::moduleOf).distinct())
        .contains(
            "kernel-api",
            "klp-api",
            "ct-core",
            "klp-core",
            "checker",
            "jvm-backend",
            "strategies",
            "cli")
        .noneMatch(m -> m.startsWith("?"));
  }

  @Test
  void noModuleUsesAnotherModulesInternals() {
    internalsStayInTheirModule(ArchitectureTest::moduleOf).check(main);
  }

  @Test
  void theCheckerAndTheJvmBackendAndTheLkmmKnowNoLivepatch() {
    assertThat(main.stream().map(ArchitectureTest::moduleOf).distinct())
        .as("the rule has classes of every backend to check")
        .containsAll(BACKENDS);
    backendsKnowNothingOf(LIVEPATCH, BACKENDS, ArchitectureTest::moduleOf).check(main);
  }

  @Test
  void packagesFormNoCycle() {
    packagesFormNoCycle("dev.klpct").check(main);
  }

  // ---- the rules fail where they should --------------------------------------------------------

  private static final String FIXTURE = "dev.klpct.it.architecture.fixture";

  private static JavaClasses fixture() {
    return new ClassFileImporter().importPackages(FIXTURE);
  }

  /** Fixture modules by package: {@code fixture.one} and {@code fixture.two}. */
  private static String fixtureModule(JavaClass c) {
    String rest = c.getPackageName().substring(FIXTURE.length() + 1);
    return Optional.of(rest.indexOf('.'))
        .filter(i -> i >= 0)
        .map(i -> rest.substring(0, i))
        .orElse(rest);
  }

  @Test
  void theInternalsRuleCatchesAModuleUsingAnothersInternals() {
    assertThatThrownBy(
            () -> internalsStayInTheirModule(ArchitectureTest::fixtureModule).check(fixture()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("two uses one's internals")
        .hasMessageNotContaining("one uses one's internals");
  }

  @Test
  void theLivepatchRuleCatchesABackendThatKnowsLivepatch() {
    assertThatThrownBy(
            () ->
                backendsKnowNothingOf(
                        FIXTURE + ".klp",
                        ImmutableSet.of("backend"),
                        ArchitectureTest::fixtureModule)
                    .check(fixture()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("backend uses " + FIXTURE + ".klp")
        .hasMessageContaining("Explorer")
        .hasMessageNotContaining("Patcher");
  }

  @Test
  void theCycleRuleCatchesAPackageCycle() {
    assertThatThrownBy(() -> packagesFormNoCycle(FIXTURE).check(fixture()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("cycle.a")
        .hasMessageContaining("cycle.b");
  }
}
