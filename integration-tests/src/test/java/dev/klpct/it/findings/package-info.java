/**
 * The findings of the October 2021 LKML thread, reproduced in the default pair scenario: the
 * WHOOPSIE of RFC v1 and of Mladek's is_ct_user() proposal, the stale write of the deferred v2, the
 * disturbance of upstream, and Zijlstra's race-to-complete keeping every contract.
 */
@NullMarked
package dev.klpct.it.findings;

import org.jspecify.annotations.NullMarked;
