package dev.klpct.checker;

/** Minimum and maximum of a machine metric over the terminal states explored. */
public record MetricRange(String id, int min, int max) {}
