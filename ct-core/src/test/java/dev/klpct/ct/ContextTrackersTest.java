package dev.klpct.ct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.klp.ContextTracker;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.program.MemoryLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The context trackers on a two-CPU system: CPU0 is the housekeeping (driver) CPU that samples or
 * posts work, CPU1 the NOHZ_FULL CPU that starts in user mode and crosses the user/kernel boundary.
 * Every interleaving is explored.
 */
class ContextTrackersTest {
  private static final int DRIVER = 0;
  private static final int NOHZ = 1;
  private static final int WORK = 1;

  /** A tracker on a fresh two-CPU layout. */
  private record Setup(ContextTracker tracker, MemoryLayout layout, Hooks hooks) {}

  private static Setup setup(ContextTracking kind, boolean rcuUsesCtSeq) {
    MemoryLayout.Builder b = MemoryLayout.builder(2);
    ContextTracker t = ContextTrackers.create(kind, b, DRIVER, new int[] {NOHZ}, rcuUsesCtSeq);
    return new Setup(t, b.build(), new Hooks(rcuUsesCtSeq));
  }

  /** Hooks that note what context tracking asks of the rest of the kernel. */
  private static final class Hooks implements ContextTracker.Hooks {
    private final boolean rcuUsesCtSeq;

    Hooks(boolean rcuUsesCtSeq) {
      this.rcuUsesCtSeq = rcuUsesCtSeq;
    }

    @Override
    public void runWork(Kernel k, int work) {
      k.note("work " + work);
    }

    @Override
    public void rcuWatching(Kernel k, boolean watching) {
      k.note("rcu " + watching);
    }

    @Override
    public boolean rcuUsesCtSeq() {
      return rcuUsesCtSeq;
    }
  }

  /** CPU1's code: the boundary crossings named in {@code calls}, each announced by a note. */
  private static Consumer<Kernel> crossings(Setup s, String... calls) {
    return k -> {
      for (String call : calls) {
        k.note("call " + call);
        switch (call) {
          case "exit" -> s.tracker().ct_user_exit(k, s.hooks());
          case "enter" -> s.tracker().ct_user_enter(k, s.hooks());
          case "nmi_enter" -> s.tracker().ct_nmi_enter(k, s.hooks());
          case "nmi_exit" -> s.tracker().ct_nmi_exit(k, s.hooks());
          case "guest_enter" -> s.tracker().ct_guest_enter(k, s.hooks());
          case "guest_exit" -> s.tracker().ct_guest_exit(k, s.hooks());
          default -> throw new IllegalArgumentException(call);
        }
      }
      k.note("end");
    };
  }

  /** CPU0's code: posts {@code works} in order, noting each outcome. */
  private static Consumer<Kernel> posts(Setup s, int... works) {
    return k -> {
      for (int w : works) {
        k.note("call post " + w);
        boolean ok = s.tracker().context_tracking_set_cpu_work(k, NOHZ, w);
        k.note("posted " + w + " " + ok);
      }
    };
  }

  /** CPU0's code: samples is_ct_user(CPU1) {@code n} times. */
  private static Consumer<Kernel> samples(Setup s, int n) {
    return k -> {
      for (int i = 0; i < n; i++) {
        k.note("sampled " + s.tracker().is_ct_user(k, NOHZ));
      }
    };
  }

  // ---- oracle: CPU1's mode from the calls it made -------------------------------------------

  private enum Mode {
    USER,
    KERNEL,
    NMI
  }

  /** One boundary crossing of CPU1 and the global positions of its first and last primitive. */
  private static final class Span {
    final String call;
    int first = -1;
    int last = -1;
    final List<String> notes = new ArrayList<>();

    Span(String call) {
      this.call = call;
    }
  }

  private static List<Span> spans(List<Executions.Event> events) {
    List<Span> out = new ArrayList<>();
    Span cur = null;
    for (int i = 0; i < events.size(); i++) {
      Executions.Event e = events.get(i);
      if (e.cpu() != NOHZ) {
        continue;
      }
      if (!e.primitive() && e.text().startsWith("call ")) {
        cur = new Span(e.text().substring(5));
        out.add(cur);
      } else if (!e.primitive() && e.text().equals("end")) {
        cur = null;
      } else if (cur != null && e.primitive()) {
        if (cur.first < 0) {
          cur.first = i;
        }
        cur.last = i;
      } else if (cur != null) {
        cur.notes.add(e.text());
      }
    }
    return out;
  }

  /**
   * CPU1's mode just before global position {@code at}: the entry paths leave user mode at their
   * first primitive, the exit paths return to it at their last.
   */
  private static Mode modeBefore(List<Span> spans, int at) {
    Mode m = Mode.USER;
    for (Span s : spans) {
      switch (s.call) {
        case "exit" -> m = s.first >= 0 && s.first < at ? Mode.KERNEL : m;
        case "nmi_enter" -> m = s.first >= 0 && s.first < at ? Mode.NMI : m;
        case "enter", "nmi_exit" -> m = s.last >= 0 && s.last < at ? Mode.USER : m;
        default -> throw new IllegalStateException(s.call);
      }
    }
    return m;
  }

  /** Global position of CPU0's last primitive before its note {@code text}, or -1. */
  private static List<Integer> primitiveBeforeNotes(List<Executions.Event> events, String text) {
    List<Integer> out = new ArrayList<>();
    int lastPrimitive = -1;
    for (int i = 0; i < events.size(); i++) {
      Executions.Event e = events.get(i);
      if (e.cpu() != DRIVER) {
        continue;
      }
      if (e.primitive()) {
        lastPrimitive = i;
      } else if (e.text().equals(text)) {
        out.add(lastPrimitive);
      }
    }
    return out;
  }

  private static final String[][] SCENARIOS = {
    {"exit", "enter", "exit"},
    {"nmi_enter", "nmi_exit", "exit"},
    {"exit", "enter", "nmi_enter", "nmi_exit", "exit"},
  };

  // ---- SEQ_WORK ------------------------------------------------------------------------------

  @ParameterizedTest(name = "rcuUsesCtSeq={0}")
  @ValueSource(booleans = {false, true})
  void seqWorkPostSucceedsOnlyInUserModeAndTheWorkRunsOnTheNextEntry(boolean rcuUsesCtSeq) {
    Set<String> outcomes = new HashSet<>();
    int executions = 0;
    for (String[] scenario : SCENARIOS) {
      Setup s = setup(ContextTracking.SEQ_WORK, rcuUsesCtSeq);
      List<Executions.Execution> all =
          Executions.explore(s.layout(), List.of(posts(s, WORK), crossings(s, scenario)), 100_000);
      executions += all.size();
      for (Executions.Execution x : all) {
        List<Span> spans = spans(x.events());
        List<Integer> ok = primitiveBeforeNotes(x.events(), "posted " + WORK + " true");
        List<Span> ran = spans.stream().filter(sp -> sp.notes.contains("work " + WORK)).toList();
        if (ok.isEmpty()) {
          assertThat(ran).as("work without a successful post: %s", x.events()).isEmpty();
          outcomes.add("failed");
          continue;
        }
        int at = ok.get(0);
        assertThat(modeBefore(spans, at))
            .as("mode at the successful post: %s", x.events())
            .isEqualTo(Mode.USER);
        Span next =
            spans.stream()
                .filter(
                    sp -> (sp.call.equals("exit") || sp.call.equals("nmi_enter")) && sp.first > at)
                .findFirst()
                .orElseThrow();
        assertThat(ran)
            .as("work runs exactly on the next entry: %s", x.events())
            .containsExactly(next);
        outcomes.add("ran in " + next.call);
      }
    }
    // Every kind of outcome is reachable, so the assertions above were exercised.
    assertThat(outcomes).contains("failed", "ran in exit", "ran in nmi_enter");
    assertThat(executions).isGreaterThan(100);
  }

  @Test
  void seqWorkEveryPostedWorkRunsWithTwoPosts() {
    Setup s = setup(ContextTracking.SEQ_WORK, true);
    List<Executions.Execution> all =
        Executions.explore(
            s.layout(), List.of(posts(s, 1, 2), crossings(s, "exit", "enter", "exit")), 200_000);

    boolean bothSucceeded = false;
    for (Executions.Execution x : all) {
      List<Span> spans = spans(x.events());
      for (int w : new int[] {1, 2}) {
        for (int at : primitiveBeforeNotes(x.events(), "posted " + w + " true")) {
          assertThat(modeBefore(spans, at)).isEqualTo(Mode.USER);
          Span next =
              spans.stream()
                  .filter(sp -> sp.call.equals("exit") && sp.first > at)
                  .findFirst()
                  .orElseThrow();
          assertThat(next.notes).as("%s", x.events()).contains("work " + w);
          bothSucceeded |= w == 2 && !primitiveBeforeNotes(x.events(), "posted 1 true").isEmpty();
        }
      }
    }
    assertThat(bothSucceeded).isTrue();
  }

  @ParameterizedTest(name = "rcuUsesCtSeq={0}")
  @ValueSource(booleans = {false, true})
  void seqWorkIsCtUserMeansUserModeAndNoNmi(boolean rcuUsesCtSeq) {
    Set<Mode> seen = new HashSet<>();
    for (String[] scenario : SCENARIOS) {
      Setup s = setup(ContextTracking.SEQ_WORK, rcuUsesCtSeq);
      for (Executions.Execution x :
          Executions.explore(s.layout(), List.of(samples(s, 2), crossings(s, scenario)), 100_000)) {
        List<Span> spans = spans(x.events());
        for (boolean answer : new boolean[] {true, false}) {
          for (int at : primitiveBeforeNotes(x.events(), "sampled " + answer)) {
            Mode m = modeBefore(spans, at);
            seen.add(m);
            assertThat(answer).as("is_ct_user in %s: %s", m, x.events()).isEqualTo(m == Mode.USER);
          }
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(Mode.USER, Mode.KERNEL, Mode.NMI);
  }

  @Test
  void seqWorkSequentialCases() {
    Setup s = setup(ContextTracking.SEQ_WORK, true);
    List<Consumer<Kernel>> code = List.of(posts(s, WORK), crossings(s, "exit", "enter", "exit"));

    // In user mode: the post succeeds and the next entry runs the work.
    Executions.Run r = Executions.Run.start(s.layout(), code).runToEnd(DRIVER);
    assertThat(noteTexts(r, DRIVER)).contains("posted 1 true");
    r.runUntilNote(NOHZ, "call enter");
    assertThat(noteTexts(r, NOHZ)).containsSubsequence("call exit", "work 1", "call enter");

    // In the kernel: the post fails and nothing runs.
    r =
        Executions.Run.start(s.layout(), code)
            .runUntilNote(NOHZ, "call enter")
            .runToEnd(DRIVER)
            .runToEnd(NOHZ);
    assertThat(noteTexts(r, DRIVER)).contains("posted 1 false");
    assertThat(noteTexts(r, NOHZ)).noneMatch(t -> t.startsWith("work"));

    // In an NMI from user mode: the post fails.
    Setup n = setup(ContextTracking.SEQ_WORK, false);
    r =
        Executions.Run.start(
                n.layout(), List.of(posts(n, WORK), crossings(n, "nmi_enter", "nmi_exit", "exit")))
            .runUntilNote(NOHZ, "call nmi_exit")
            .runToEnd(DRIVER)
            .runToEnd(NOHZ);
    assertThat(noteTexts(r, DRIVER)).contains("posted 1 false");
    assertThat(noteTexts(r, NOHZ)).noneMatch(t -> t.startsWith("work"));
  }

  /**
   * KVM guest mode (issue 9 §2.1): 07/11 calls {@code ct_seq_user_enter/exit()} from {@code
   * __context_tracking_enter/exit()} whatever the state, so a CPU in guest mode is "in user" for
   * the seq (a post succeeds, the guest exit runs the work); the 2021 state is {@code
   * CONTEXT_GUEST}, which is not {@code CONTEXT_USER}. RCU stops watching in guest mode either way.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SEQ_WORK", "STATE_2021"})
  void guestModeIsUserModeForTheSeqOnly(String kind) {
    ContextTracking tracking = ContextTracking.valueOf(kind);
    Setup s = setup(tracking, false);
    Consumer<Kernel> sampler =
        k -> {
          k.note("sampled " + s.tracker().is_ct_user(k, NOHZ));
          k.note("posted " + s.tracker().context_tracking_set_cpu_work(k, NOHZ, WORK));
        };
    List<Consumer<Kernel>> code =
        List.of(sampler, crossings(s, "exit", "guest_enter", "guest_exit", "enter"));
    Executions.Run r = Executions.Run.start(s.layout(), code).runUntilNote(NOHZ, "call guest_exit");
    assertThat(noteTexts(r, NOHZ))
        .containsSubsequence("call exit", "rcu true", "call guest_enter", "rcu false");
    r.runToEnd(DRIVER).runToEnd(NOHZ);
    boolean seq = tracking == ContextTracking.SEQ_WORK;
    assertThat(noteTexts(r, DRIVER)).containsExactly("sampled " + seq, "posted " + seq);
    if (seq) {
      assertThat(noteTexts(r, NOHZ))
          .containsSubsequence("call guest_exit", "work 1", "rcu true", "call enter");
    } else {
      assertThat(noteTexts(r, NOHZ)).noneMatch(t -> t.startsWith("work"));
    }
  }

  @Test
  void seqWorkPostToACpuWithoutTrackingFails() {
    Setup s = setup(ContextTracking.SEQ_WORK, true);
    Executions.Run r =
        Executions.Run.start(
            s.layout(),
            List.of(
                k -> {
                  k.note("cpu0 " + s.tracker().context_tracking_set_cpu_work(k, 0, WORK));
                  k.note("cpu7 " + s.tracker().context_tracking_set_cpu_work(k, 7, WORK));
                  k.note("cpu-1 " + s.tracker().is_ct_user(k, -1));
                  k.note("user0 " + s.tracker().is_ct_user(k, 0));
                },
                k -> {}));

    assertThat(noteTexts(r, DRIVER))
        .containsExactly("cpu0 false", "cpu7 false", "cpu-1 false", "user0 false");
    assertThat(r.events).noneMatch(Executions.Event::primitive);
    assertThat(s.tracker().supportsWork()).isTrue();
  }

  @Test
  void seqWorkRunsTheHighestWorkBit() {
    Setup s = setup(ContextTracking.SEQ_WORK, true);
    int w = 1 << 31;
    Executions.Run r =
        Executions.Run.start(s.layout(), List.of(posts(s, w), crossings(s, "exit")))
            .runToEnd(DRIVER)
            .runToEnd(NOHZ);

    assertThat(noteTexts(r, DRIVER)).contains("posted " + w + " true");
    assertThat(noteTexts(r, NOHZ)).contains("work " + w);
  }

  @Test
  void seqWorkLayout() {
    Setup with = setup(ContextTracking.SEQ_WORK, true);
    Setup without = setup(ContextTracking.SEQ_WORK, false);

    Loc seq = with.layout().byName("ct[1].seq");
    assertThat(seq.kind()).isEqualTo(Loc.Kind.SHARED);
    assertThat(seq.initial()).isEqualTo(SeqWorkContextTracker.CT_SEQ_USER);
    assertThat(seq.readers()).isEqualTo(MemoryLayout.Builder.mask(DRIVER, NOHZ));
    assertThat(seq.writers()).isEqualTo(MemoryLayout.Builder.mask(DRIVER, NOHZ));
    assertThat(with.layout().byName("ct[1].work").initial()).isZero();
    assertThat(with.layout().locations())
        .extracting(Loc::name)
        .containsExactly("ct[1].seq", "ct[1].work");
    assertThat(without.layout().locations())
        .extracting(Loc::name)
        .containsExactly("ct[1].seq", "ct[1].work", "rcu[1].dynticks");
    assertThat(without.layout().byName("rcu[1].dynticks").writers())
        .isEqualTo(MemoryLayout.Builder.mask(NOHZ));
    assertThat(with.tracker().name()).isEqualTo("seq-work (07/11+08/11)");
    assertThat(without.tracker().name()).isEqualTo("seq-work (07/11)");
  }

  @ParameterizedTest(name = "rcuUsesCtSeq={0}")
  @ValueSource(booleans = {false, true})
  void seqWorkRcuWatchesFromTheRightPoint(boolean rcuUsesCtSeq) {
    // 07/11 alone: the work runs before rcu_user_exit() (RCU not watching yet);
    // with 08/11: RCU watches from the seq increment, before the work.
    Setup s = setup(ContextTracking.SEQ_WORK, rcuUsesCtSeq);
    Executions.Run r =
        Executions.Run.start(s.layout(), List.of(posts(s, WORK), crossings(s, "exit")))
            .runToEnd(DRIVER)
            .runToEnd(NOHZ);

    List<String> notes = noteTexts(r, NOHZ);
    assertThat(notes).contains("work 1", "rcu true");
    assertThat(notes.indexOf("rcu true") < notes.indexOf("work 1")).isEqualTo(rcuUsesCtSeq);
  }

  @ParameterizedTest(name = "rcuUsesCtSeq={0}")
  @ValueSource(booleans = {false, true})
  void seqWorkNmiFollowsTheOrderOf0711(boolean rcuUsesCtSeq) {
    // irqentry_nmi_enter() of 07/11 runs the ct hook (and its work) before rcu_nmi_enter():
    // with 07/11 alone RCU starts watching only after the work; with 08/11 at the seq increment.
    // The exit mirrors it: rcu_nmi_exit() before the hook clears the work and leaves the NMI.
    Setup s = setup(ContextTracking.SEQ_WORK, rcuUsesCtSeq);
    Executions.Run r =
        Executions.Run.start(
                s.layout(), List.of(posts(s, WORK), crossings(s, "nmi_enter", "nmi_exit")))
            .runToEnd(DRIVER)
            .runToEnd(NOHZ);

    List<String> notes = noteTexts(r, NOHZ);
    assertThat(notes).contains("work 1", "rcu true", "rcu false");
    assertThat(notes.indexOf("rcu true") < notes.indexOf("work 1")).isEqualTo(rcuUsesCtSeq);
    List<String> prims = primitiveTexts(r, NOHZ);
    assertThat(prims.stream().anyMatch(t -> t.contains("dynticks"))).isEqualTo(!rcuUsesCtSeq);
  }

  // ---- STATE_2021 ----------------------------------------------------------------------------

  @Test
  void state2021IsCtUserReflectsContextUser() {
    Set<Mode> seen = new HashSet<>();
    for (String[] scenario : SCENARIOS) {
      Setup s = setup(ContextTracking.STATE_2021, false);
      for (Executions.Execution x :
          Executions.explore(s.layout(), List.of(samples(s, 2), crossings(s, scenario)), 100_000)) {
        List<Span> spans = spans(x.events());
        int state = x.state().value(s.layout().byName("ct[1].state"));
        assertThat(state).isEqualTo(StateContextTracker.CONTEXT_KERNEL); // all end in the kernel
        for (boolean answer : new boolean[] {true, false}) {
          for (int at : primitiveBeforeNotes(x.events(), "sampled " + answer)) {
            Mode m = modeBefore(spans, at);
            seen.add(m);
            // 2021: NMIs leave the state CONTEXT_USER.
            assertThat(answer)
                .as("is_ct_user in %s: %s", m, x.events())
                .isEqualTo(m != Mode.KERNEL);
          }
        }
      }
    }
    // 2021 NMI entry touches no context-tracking memory, so a sample taken during the NMI is
    // one taken in user mode (and must say user, which the USER case checks).
    assertThat(seen).containsExactlyInAnyOrder(Mode.USER, Mode.KERNEL);
  }

  @Test
  void state2021SequentialCases() {
    Setup s = setup(ContextTracking.STATE_2021, false);
    Consumer<Kernel> sampler =
        k -> {
          k.note("call sample");
          k.note("sampled " + s.tracker().is_ct_user(k, NOHZ));
          k.note("posted " + s.tracker().context_tracking_set_cpu_work(k, NOHZ, WORK));
        };
    List<Consumer<Kernel>> code = List.of(sampler, crossings(s, "exit", "enter"));

    Executions.Run user = Executions.Run.start(s.layout(), code).runToEnd(DRIVER);
    Executions.Run kernel =
        Executions.Run.start(s.layout(), code).runUntilNote(NOHZ, "call enter").runToEnd(DRIVER);
    Executions.Run back = Executions.Run.start(s.layout(), code).runToEnd(NOHZ).runToEnd(DRIVER);

    assertThat(noteTexts(user, DRIVER))
        .containsExactly("call sample", "sampled true", "posted false");
    assertThat(noteTexts(kernel, DRIVER)).contains("sampled false");
    assertThat(noteTexts(back, DRIVER)).contains("sampled true");
    assertThat(s.tracker().supportsWork()).isFalse();
    assertThat(s.tracker().name()).isEqualTo("state-2021");
  }

  @Test
  void state2021Layout() {
    Setup s = setup(ContextTracking.STATE_2021, false);

    Loc state = s.layout().byName("ct[1].state");
    assertThat(state.initial()).isEqualTo(StateContextTracker.CONTEXT_USER);
    assertThat(state.readers()).isEqualTo(MemoryLayout.Builder.mask(DRIVER, NOHZ));
    assertThat(state.writers()).isEqualTo(MemoryLayout.Builder.mask(NOHZ));
    assertThat(s.layout().byName("rcu[1].dynticks").readers())
        .isEqualTo(MemoryLayout.Builder.mask(NOHZ));
  }

  @Test
  void severalNohzCpusGetTheirOwnLocations() {
    MemoryLayout.Builder b = MemoryLayout.builder(4);
    ContextTrackers.create(ContextTracking.SEQ_WORK, b, 0, new int[] {1, 3}, true);
    MemoryLayout l = b.build();

    assertThat(l.locations())
        .extracting(Loc::name)
        .containsExactly("ct[1].seq", "ct[1].work", "ct[3].seq", "ct[3].work");
    assertThat(l.byName("ct[3].seq").writers()).isEqualTo(MemoryLayout.Builder.mask(0, 3));
  }

  private static List<String> noteTexts(Executions.Run r, int cpu) {
    return r.events.stream()
        .filter(e -> e.cpu() == cpu && !e.primitive())
        .map(Executions.Event::text)
        .toList();
  }

  private static List<String> primitiveTexts(Executions.Run r, int cpu) {
    return r.events.stream()
        .filter(e -> e.cpu() == cpu && e.primitive())
        .map(Executions.Event::text)
        .toList();
  }
}
