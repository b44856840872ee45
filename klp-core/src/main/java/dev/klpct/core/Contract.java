package dev.klpct.core;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.program.Property;
import java.util.Optional;

/**
 * The livepatch consistency contracts of kernel.md §6, with stable ids. Each is judged by the
 * kernel model: safety contracts through a sticky ghost flag set where the kernel would WARN or
 * where the invariant first breaks (monotone properties), the others on terminal states.
 */
public enum Contract {
  CONSISTENCY(
      "consistency",
      "INV-1",
      Property.Kind.MONOTONE,
      1,
      "All klp-managed frames on a task's stack run the same patch version.",
      "Documentation/livepatch/livepatch.rst (per-task consistency); Mladek 2021-09-24"),
  HANDLER_DEFINED_STATE(
      "handler-defined-state",
      "INV-3",
      Property.Kind.MONOTONE,
      2,
      "klp_ftrace_handler() never sees func->transition with current->patch_state =="
          + " KLP_UNDEFINED.",
      "kernel/livepatch/patch.c: WARN_ON_ONCE(patch_state == KLP_UNDEFINED)"),
  INIT_UNDEFINED(
      "init-undefined",
      "INV-4",
      Property.Kind.MONOTONE,
      4,
      "klp_init_transition() finds every task's patch_state KLP_UNDEFINED.",
      "kernel/livepatch/transition.c: klp_init_transition() WARN_ON_ONCE"),
  COMPLETE_SWITCHED(
      "complete-switched",
      "INV-5",
      Property.Kind.MONOTONE,
      8,
      "At klp_complete_transition() no task has TIF_PATCH_PENDING and every task's"
          + " patch_state, as the transition CPU sees it, equals klp_target_state.",
      "klp_complete_transition(): WARN_ON_ONCE(test_tsk_thread_flag) (a); kernel.md §6 INV-5(b)"),
  NO_STALE_WRITE(
      "no-stale-write",
      "INV-6",
      Property.Kind.MONOTONE,
      16,
      "Outside the driver's own init and reset, a task's patch_state is written only while a"
          + " transition is switching, and only with the current klp_target_state (either"
          + " direction inside klp_reverse_transition()), whatever value it held.",
      "Mladek 2021-10-06 10:12 (point 2: delayed ct_exit_user_work() writes a wrong value)"),
  COMPLETES(
      "completes",
      "INV-7",
      Property.Kind.TERMINAL,
      0,
      "Every transition completes within the scenario's retries.",
      "kernel/livepatch/transition.c: klp_try_complete_transition() and its delayed work"),
  NOHZ_UNDISTURBED(
      "nohz-undisturbed",
      "INV-8",
      Property.Kind.MONOTONE,
      64,
      "The transition sends no IPI, fake signal or work item to a NOHZ_FULL CPU while its task"
          + " runs in user mode (sent while the task is in the kernel, they count as"
          + " disturbances only; text-poke IPIs of an ftrace registration are a metric of their"
          + " own).",
      "RFC v1 cover 20210922110506.703075504@infradead.org; RFC v2 10/11"),
  REVERSAL(
      "reversal",
      "INV-9",
      Property.Kind.MONOTONE,
      32,
      "After klp_reverse_transition() restarts the transition, no task is written the"
          + " pre-reversal target.",
      "Josh Poimboeuf / Petr Mladek 2023 (klp_reverse_transition ordering, v6.4)");

  private final String id;
  private final String invariant;
  private final Property.Kind kind;
  private final int bit;
  private final String statement;
  private final String source;

  Contract(
      String id, String invariant, Property.Kind kind, int bit, String statement, String source) {
    this.id = id;
    this.invariant = invariant;
    this.kind = kind;
    this.bit = bit;
    this.statement = statement;
    this.source = source;
  }

  /** Stable id, used on the command line and in reports. */
  public String id() {
    return id;
  }

  /** The invariant of kernel.md §6 it implements, e.g. {@code INV-1}. */
  public String invariant() {
    return invariant;
  }

  public Property.Kind kind() {
    return kind;
  }

  /** Ghost flag bit, 0 for contracts judged from other ghost state. */
  int bit() {
    return bit;
  }

  public String statement() {
    return statement;
  }

  /** Where the contract comes from in the kernel or the thread. */
  public String source() {
    return source;
  }

  /** Whether it is judged on every state (safety) or on terminal states. */
  public String when() {
    return kind == Property.Kind.MONOTONE ? "every step" : "end of run";
  }

  public static ImmutableList<Contract> all() {
    return ImmutableList.copyOf(values());
  }

  public static Optional<Contract> byId(String id) {
    for (Contract c : values()) {
      if (c.id.equals(id)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
