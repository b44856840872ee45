package dev.klpct.checker;

/** The checker's judgement of one contract. */
public enum Verdict {
  /** Holds in every state of an exploration that was exhaustive within the scenario's bounds. */
  HOLDS,
  /** Violated; a counterexample is attached. */
  VIOLATED,
  /** Not violated in the part explored, but the exploration was cut short by a budget. */
  INCONCLUSIVE
}
