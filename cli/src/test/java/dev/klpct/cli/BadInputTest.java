package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import dev.klpct.report.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to every command, as a table: the command line, and the message it must get on stderr.
 * Every row must exit 2, print nothing on stdout, print no Java exception class name and no stack
 * trace, and leave the files it names untouched (no new file, no temporary file left behind, every
 * existing one byte for byte as it was).
 *
 * <p>{@code {d}} is a folder holding one file of each kind a command reads or writes: {@code
 * keep.txt} (text), {@code adir/} (a folder), {@code notjson.json}, {@code empty.json} ({@code
 * []}), {@code binary.bin} (not UTF-8), {@code r.html} and {@code x.json} (earlier outputs), and
 * broken trace, ablation and JMH files. {@code ''} is an empty argument.
 */
class BadInputTest {
  private static final String TABLE =
      """
        frobnicate ::: Unmatched argument at index 0: 'frobnicate'
        --bogus ::: Unknown option: '--bogus'
        check ::: Missing required option: '--strategy=NAME'
        check --strategy ::: Missing required parameter for option '--strategy' (NAME)
        check --strategy nope ::: unknown strategy 'nope' (known: baseline, mladek, v1, v2, zijlstra)
        check --strategy '' ::: unknown strategy '' (known: baseline, mladek, v1, v2, zijlstra)
        check --strategy v1 --nohz-cpus 0 ::: --nohz-cpus must be in 1..6, got 0
        check --strategy v1 --nohz-cpus 7 ::: --nohz-cpus must be in 1..6, got 7
        check --strategy v1 --nohz-cpus -1 ::: --nohz-cpus must be in 1..6, got -1
        check --strategy v1 --nohz-cpus x ::: Invalid value for option '--nohz-cpus': 'x' is not an int
        check --strategy v1 --nohz-cpus 99999999999 ::: Invalid value for option '--nohz-cpus': '99999999999' is not an int
        check --strategy v1 --nohz-cpus 1 --nohz-cpus 2 ::: option '--nohz-cpus' (N) should be specified only once
        check --strategy v1 --sleeping-tasks 7 ::: --sleeping-tasks must be in 0..6, got 7
        check --strategy v1 --idle-cpus 5 ::: --idle-cpus must be in 0..4, got 5
        check --strategy v1 --episodes 99 ::: --episodes must be in 0..6, got 99
        check --strategy v1 --retries 17 ::: --retries must be in 0..16, got 17
        check --strategy v1 --signal-after 0 ::: --signal-after must be in 1..64, got 0
        check --strategy v1 --signal-after 65 ::: --signal-after must be in 1..64, got 65
        check --strategy v1 --transitions 3 ::: --transitions must be in 1..2, got 3
        check --strategy v1 --transitions 0 ::: --transitions must be in 1..2, got 0
        check --strategy v1 --reverse=maybe ::: Invalid value for option '--reverse': 'maybe' is not a boolean
        check --strategy v1 --transitions disable ::: --transitions: transition 1 disables a patch but no patch is enabled before it, got disable
        check --strategy v1 --transitions enable,disable,disable ::: --transitions: transition 3 disables a patch but no patch is enabled before it, got enable,disable,disable
        check --strategy v1 --transitions enable,nope ::: --transitions must be 1, 2 or a list of enable and disable such as enable,enable,disable, got enable,nope
        check --strategy v1 --transitions enable,enable,enable,enable,enable ::: --transitions must list 1..4 transitions, got 5
        check --strategy v1 --reversals 4 ::: --reversals must be in 0..3, got 4
        check --strategy v1 --reversals x ::: Invalid value for option '--reversals': 'x' is not an int
        check --strategy v1 --reverse --reversals 1 ::: --reverse and --reversals are exclusive: --reverse reverses the first transition at its first failed attempt, --reversals N up to N times at any failed attempt of any transition
        check --strategy v1 --sync xyz ::: unknown sync mode 'xyz' (known: schedule-on-each-cpu, rcu, rcu-eqs-work)
        check --strategy v1 --sync ::: Missing required parameter for option '--sync' (MODE)
        check --strategy v1 --test-and-clear 2020 ::: --test-and-clear must be 2021 or 2022, got 2020
        check --strategy v1 --reverse-order v7 ::: --reverse-order must be v5.15 or v6.4, got v7
        check --strategy v1 --printk maybe ::: --printk must be on or off, got maybe
        check --strategy v1 --vcpu-tasks 2 ::: --vcpu-tasks must be in 0..1 (vCPU threads are some of the --nohz-cpus tasks), got 2
        check --strategy v1 --vcpu-tasks -1 ::: --vcpu-tasks must be in 0..1 (vCPU threads are some of the --nohz-cpus tasks), got -1
        check --strategy v1 --vcpu-tasks x ::: Invalid value for option '--vcpu-tasks': 'x' is not an int
        check --strategy v1 --vcpu-tasks 1 --vcpu-run frame ::: --vcpu-run must be patched or unpatched, got frame
        check --strategy v1 --vcpu-run unpatched ::: --vcpu-run unpatched needs --vcpu-tasks 1 or more
        check --strategy v1 --sleepers-in-f 3 ::: --sleepers-in-f must be in 0..2, got 3
        check --strategy v1 --sleepers-in-f -1 ::: --sleepers-in-f must be in 0..2, got -1
        check --strategy v1 --kworker yes ::: --kworker must be off, on or no-current-clause, got yes
        check --strategy v1 --task-order foo ::: --task-order must be listed or all, got foo
        check --strategy v1 --task-order all --nohz-cpus 6 --sleeping-tasks 3 ::: --task-order all: 60480 orders of the tasks, more than 40320
        check --strategy v1 --contract foo ::: unknown contract 'foo' (known: consistency, handler-defined-state, init-undefined, complete-switched, no-stale-write, completes, nohz-undisturbed, reversal, deadlock-free, model-sound)
        check --strategy v1 --contract , ::: --contract needs a contract id (known: consistency, handler-defined-state, init-undefined, complete-switched, no-stale-write, completes, nohz-undisturbed, reversal, deadlock-free, model-sound)
        check --strategy v1 --contract consistency,,nmi ::: --contract needs a contract id (known: consistency, handler-defined-state, init-undefined, complete-switched, no-stale-write, completes, nohz-undisturbed, reversal, deadlock-free, model-sound)
        check --strategy v1 --memory-model , ::: --memory-model needs a model: sc, tso or lkmm
        check --strategy v1 --memory-model arm ::: unknown memory model 'arm' (known: sc, tso, lkmm)
        check --strategy v1 --memory-model sc,tso ::: --memory-model takes one model here, got sc,tso
        check --strategy v1 --memory-model sc,,tso ::: --memory-model needs a model name between the commas (sc, tso or lkmm), got 'sc,,tso'
        check --strategy v1 --memory-model '' ::: --memory-model needs a model name between the commas (sc, tso or lkmm), got ''
        check --strategy v1 --max-states 0 ::: --max-states must be positive, got 0
        check --strategy v1 --max-states -5 ::: --max-states must be positive, got -5
        check --strategy v1 --max-states 1e9 ::: Invalid value for option '--max-states': '1e9' is not a long
        check --strategy v1 --max-states 99999999999999999999 ::: Invalid value for option '--max-states': '99999999999999999999' is not a long
        check --strategy v1 --threads 0 ::: --threads must be in 1..256, got 0
        check --strategy v1 --threads 257 ::: --threads must be in 1..256, got 257
        check --strategy v1 --threads abc ::: Invalid value for option '--threads': 'abc' is not an int
        check --strategy v1 --time-limit 5 ::: --time-limit needs a unit: e.g. 500ms, 30s, 2m, 1h or PT30S, got '5'
        check --strategy v1 --time-limit 0s ::: --time-limit must be positive, got '0s'
        check --strategy v1 --time-limit -1s ::: --time-limit must be positive, got '-1s'
        check --strategy v1 --time-limit soon ::: --time-limit needs a unit: e.g. 500ms, 30s, 2m, 1h or PT30S, got 'soon'
        check --strategy v1 --time-limit 1.5xs ::: --time-limit is not a duration (e.g. 30s, 2m, PT30S): '1.5xs'
        check --strategy v1 --time-limit PT ::: --time-limit is not a duration (e.g. 30s, 2m, PT30S): 'PT'
        check --strategy v1 --time-limit 99999999h ::: --time-limit must be at most a year, got '99999999h'
        check --strategy v1 --time-limit NaNs ::: --time-limit is not a duration (e.g. 30s, 2m, PT30S): 'NaNs'
        check --strategy v1 --time-limit Infinitys ::: --time-limit is not a duration (e.g. 30s, 2m, PT30S): 'Infinitys'
        check --strategy v1 --format xml ::: --format must be text, json or mail, got 'xml'
        check --strategy v1 --format markdown ::: --format must be text, json or mail, got 'markdown'
        check --strategy v1 --format html ::: --format must be text, json or mail, got 'html'
        check --strategy v1 --format ::: Missing required parameter for option '--format' (text|json|mail)
        check --strategy v1 --format text --format json ::: option '--format' (text|json|mail) should be specified only once
        check --strategy v1 --save-trace /nonexistent/x.trace ::: cannot write --save-trace /nonexistent/x.trace: its folder does not exist
        check --strategy v1 --save-trace {d}/adir ::: cannot write --save-trace {d}/adir: it is a folder
        check --strategy v1 --save-trace {d}/keep.txt/x ::: cannot write --save-trace {d}/keep.txt/x: {d}/keep.txt is not a folder
        check --strategy v1 --save-trace '' ::: --save-trace needs a file name
        check --strategy v1 --output /nonexistent/x.json ::: cannot write --output /nonexistent/x.json: its folder does not exist
        check --strategy v1 --output {d}/adir ::: cannot write --output {d}/adir: it is a folder
        check --strategy v1 -o {d}/keep.txt/x ::: cannot write --output {d}/keep.txt/x: {d}/keep.txt is not a folder
        check --strategy v1 --stats=yes ::: Invalid value for option '--stats': 'yes' is not a boolean
        check --strategy v1 extra ::: Unmatched argument at index 3: 'extra'
        compare --strategies , ::: --strategies needs a strategy name (known: baseline, mladek, v1, v2, zijlstra)
        compare --strategies v1,v1 ::: --strategies names v1 twice
        compare --strategies nope ::: unknown strategy 'nope' (known: baseline, mladek, v1, v2, zijlstra)
        compare --strategies v1,nope ::: unknown strategy 'nope' (known: baseline, mladek, v1, v2, zijlstra)
        compare --strategies '_' ::: --strategies needs strategy names between the commas (known: baseline, mladek, v1, v2, zijlstra)
        compare --memory-model , ::: --memory-model needs a model: sc, tso or lkmm
        compare --memory-model sc,arm ::: unknown memory model 'arm' (known: sc, tso, lkmm)
        compare --format xml ::: --format must be text, markdown, json or html, got 'xml'
        compare --format ::: Missing required parameter for option '--format' (text|markdown|json|html)
        compare --jmh {d}/x.json ::: --jmh needs --report FILE.html
        compare --ablation {d}/x.json ::: --ablation needs --report FILE.html
        compare --report /nonexistent/r.html ::: cannot write --report /nonexistent/r.html: its folder does not exist
        compare --report {d}/adir ::: cannot write --report {d}/adir: it is a folder
        compare --report {d}/keep.txt/r.html ::: cannot write --report {d}/keep.txt/r.html: {d}/keep.txt is not a folder
        compare --report {d}/r.html --jmh /nonexistent/j.json ::: cannot read JMH result file /nonexistent/j.json: no such file
        compare --report {d}/r.html --jmh {d}/notjson.json ::: JMH result file {d}/notjson.json: not JSON (line 1, column 6); write it with -rf json
        compare --report {d}/r.html --jmh {d}/empty.json ::: JMH result file {d}/empty.json: contains no benchmark results
        compare --report {d}/r.html --jmh {d}/binary.bin ::: cannot read JMH result file {d}/binary.bin: not UTF-8 text
        compare --report {d}/r.html --jmh {d}/adir ::: cannot read JMH result file {d}/adir: it is a folder
        compare --report {d}/r.html --ablation /nonexistent/a.json ::: cannot read ablation file /nonexistent/a.json: no such file or folder
        compare --report {d}/r.html --ablation {d}/notjson.json ::: ablation file {d}/notjson.json is not the JSON of klpct ablate --format json: not JSON
        compare --report {d}/r.html --ablation {d}/empty.json ::: ablation file {d}/empty.json is not the JSON of klpct ablate --format json: not a JSON object
        compare --report {d}/r.html --ablation {d}/binary.bin ::: cannot read ablation file {d}/binary.bin: not UTF-8 text
        compare --report {d}/r.html --ablation {d}/adir ::: cannot read ablation file {d}/adir: it is a folder
        compare --report {d}/r.html --ablation , ::: --ablation needs a file name
        compare --output {d}/adir ::: cannot write --output {d}/adir: it is a folder
        compare --threads 0 ::: --threads must be in 1..256, got 0
        compare --time-limit x ::: --time-limit needs a unit: e.g. 500ms, 30s, 2m, 1h or PT30S, got 'x'
        ablate ::: Missing required option: '--strategy=NAME'
        ablate --strategy nope ::: unknown strategy 'nope' (known: baseline, mladek, v1, v2, zijlstra)
        ablate --strategy v1 --memory-model , ::: --memory-model needs a model: sc, tso or lkmm
        ablate --strategy v1 --memory-model x ::: unknown memory model 'x' (known: sc, tso, lkmm)
        ablate --strategy v1 --format html ::: --format must be text, markdown or json, got 'html'
        ablate --strategy v1 --format xml ::: --format must be text, markdown or json, got 'xml'
        ablate --strategy v1 --output /nonexistent/a.json ::: cannot write --output /nonexistent/a.json: its folder does not exist
        ablate --strategy v1 --max-states 0 ::: --max-states must be positive, got 0
        ablate --strategy v1 --contract consistency ::: Unknown options: '--contract', 'consistency'
        replay ::: Missing required parameter: 'FILE'
        replay /nonexistent/file ::: cannot read trace file /nonexistent/file: no such file or folder
        replay {d}/adir ::: cannot read trace file {d}/adir: it is a folder
        replay {d}/binary.bin ::: cannot read trace file {d}/binary.bin: not UTF-8 text
        replay {d}/notjson.json ::: {d}/notjson.json:1: expected '# klpct trace 1' (not a klpct trace file)
        replay {d}/ok.trace --format xml ::: --format must be text or json, got 'xml'
        replay {d}/ok.trace --format markdown ::: --format must be text or json, got 'markdown'
        replay {d}/ok.trace extra ::: Unmatched argument at index 2: 'extra'
        replay {d}/ok.trace --output {d}/adir ::: cannot write --output {d}/adir: it is a folder
        stress ::: Missing required option: '--strategy=NAME'
        stress --strategy nope ::: unknown strategy 'nope' (known: baseline, mladek, v1, v2, zijlstra)
        stress --strategy v1 --duration 5 ::: --duration needs a unit: e.g. 500ms, 30s, 2m, 1h or PT30S, got '5'
        stress --strategy v1 --duration -1s ::: --duration must be positive, got '-1s'
        stress --strategy v1 --duration 0ms ::: --duration must be positive, got '0ms'
        stress --strategy v1 --duration 1.5xs ::: --duration is not a duration (e.g. 30s, 2m, PT30S): '1.5xs'
        stress --strategy v1 --duration 400d ::: --duration needs a unit: e.g. 500ms, 30s, 2m, 1h or PT30S, got '400d'
        stress --strategy v1 --jitter -1 ::: --jitter must be >= 0, got -1
        stress --strategy v1 --jitter x ::: Invalid value for option '--jitter': 'x' is not an int
        stress --strategy v1 --seed x ::: Invalid value for option '--seed': 'x' is not a long
        stress --strategy v1 --contract foo ::: unknown contract 'foo' (known: consistency, handler-defined-state, init-undefined, complete-switched, no-stale-write, completes, nohz-undisturbed, reversal, deadlock-free, model-sound)
        stress --strategy v1 --contract , ::: --contract needs a contract id (known: consistency, handler-defined-state, init-undefined, complete-switched, no-stale-write, completes, nohz-undisturbed, reversal, deadlock-free, model-sound)
        stress --strategy v1 --nohz-cpus 9 ::: --nohz-cpus must be in 1..6, got 9
        stress --strategy v1 --format markdown ::: --format must be text or json, got 'markdown'
        stress --strategy v1 --output /nonexistent/s.json ::: cannot write --output /nonexistent/s.json: its folder does not exist
        measure --config foo ::: unknown --config 'foo' (known: pair, episodes, scaled2, scaled3, none)
        measure --config , ::: --config needs configuration names: pair, episodes, scaled2, scaled3 or none
        measure --runs 0 ::: --runs must be in 1..1000, got 0
        measure --runs -1 ::: --runs must be in 1..1000, got -1
        measure --warmup -1 ::: --warmup must be in 0..1000, got -1
        measure --threads 0 ::: --threads must be in 1..256, got 0
        measure --memory-model x ::: unknown memory model 'x' (known: sc, tso, lkmm)
        measure --memory-model , ::: --memory-model needs a model: sc, tso or lkmm
        measure --memory-model sc,tso ::: --memory-model takes one model here, got sc,tso
        measure --memory-model sc,,tso ::: --memory-model needs a model name between the commas (sc, tso or lkmm), got 'sc,,tso'
        measure --memory-model '' ::: --memory-model needs a model name between the commas (sc, tso or lkmm), got ''
        measure --litmus /nonexistent ::: --litmus /nonexistent: no such folder
        measure --litmus {d}/keep.txt ::: --litmus {d}/keep.txt: not a folder
        measure --time-limit 0s ::: --time-limit must be positive, got '0s'
        measure --time-limit x ::: --time-limit needs a unit: e.g. 500ms, 30s, 2m, 1h or PT30S, got 'x'
        litmus ::: Missing required parameter: 'FILE|DIR'
        litmus /nonexistent.litmus ::: /nonexistent.litmus: cannot read: no such file or folder
        litmus {d}/notjson.json ::: {d}/notjson.json
        litmus {d}/binary.bin ::: {d}/binary.bin: cannot read: not UTF-8 text
        litmus {d}/adir ::: {d}/adir: a folder with no *.litmus file in it
        litmus --memory-model , {d}/x.litmus ::: --memory-model needs a model: sc, tso or lkmm
        litmus --memory-model sc,tso {d}/x.litmus ::: --memory-model takes one model here, got sc,tso
        list extra ::: Unmatched argument at index 1: 'extra'
        list --bogus ::: Unknown option: '--bogus'
        replay {d}/badstep.trace ::: {d}/badstep.trace:4: bad step 'x:1'
        replay {d}/badopts.trace ::: {d}/badopts.trace: bad options line: --nohz-cpus must be in 1..6, got 9
        replay {d}/unknownopt.trace ::: {d}/unknownopt.trace: bad options line: Unknown option: '--bogus'
        replay {d}/nostrategy.trace ::: {d}/nostrategy.trace: missing 'strategy' or 'options' line
        replay {d}/unknownstrategy.trace ::: unknown strategy 'nope'
        replay {d}/badmodel.trace ::: {d}/badmodel.trace: unknown memory model 'arm'
        replay {d}/nofit.trace ::: {d}/nofit.trace: the trace does not fit this model
        replay {d}/nosteps.trace ::: {d}/nosteps.trace: no 'steps' line
        replay {d}/dupkey.trace ::: duplicate key 'strategy'
        replay {d}/empty.trace ::: {d}/empty.trace:1: expected '# klpct trace 1'
        compare --report {d}/r.html --ablation {d}/ablation-outcome.json ::: row 1: unknown outcome 'MAYBE' (known: NEEDED, NOT_NEEDED, INCONCLUSIVE)
        compare --report {d}/r.html --ablation {d}/ablation-missing.json ::: row 1: "outcome" is missing or not a string
        compare --report {d}/r.html --ablation {d}/ablation-nomodel.json ::: row 1: "memoryModel" is missing or not a string
        compare --report {d}/r.html --ablation {d}/ablation-norows.json ::: "rows" is missing or not an array
        compare --report {d}/r.html --jmh {d}/jmh-object.json ::: expected a JSON array of results as written by -rf json
        compare --report {d}/r.html --jmh {d}/jmh-noscore.json ::: "score" is missing or not a number
        compare --report {d}/r.html --output {d}/./r.html ::: --report and --output name the same file
        check --strategy v1 --output {d}/x.json --save-trace {d}/./x.json ::: --save-trace and --output name the same file
        check --strategy v1 --output '' ::: --output needs a file name
        compare --report '' ::: --report needs a file name
        measure --config pair,bogus ::: unknown --config 'bogus' (known: pair, episodes, scaled2, scaled3, none)
        stress --strategy v1 --output {d}/adir ::: cannot write --output {d}/adir: it is a folder
        ablate --strategy v1 --output {d}/keep.txt/a.json ::: cannot write --output {d}/keep.txt/a.json: {d}/keep.txt is not a folder
        check --strategy v1 --nmi=false --nmi ::: option '--nmi' should be specified only once
        check --strategy v1 --episodes=x ::: Invalid value for option '--episodes': 'x' is not an int
      """;

  static Stream<Arguments> rows() {
    List<Arguments> out = new ArrayList<>();
    for (String line : TABLE.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      List<String> parts = Splitter.on(" ::: ").splitToList(line);
      out.add(Arguments.of(parts.get(0), parts.get(1)));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "klpct {0}")
  @MethodSource("rows")
  void isOneLineOnStderrExitTwoAndTouchesNoFile(String command, String message, @TempDir Path d)
      throws IOException {
    fixtures(d);
    Map<String, String> before = snapshot(d);
    List<String> args = new ArrayList<>();
    for (String a : Splitter.on(' ').split(command.replace("{d}", d.toString()))) {
      args.add(a.equals("''") ? "" : a.equals("'_'") ? " " : a);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(exit)
        .as("exit code of klpct %s (stderr: %s)", command, err)
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .startsWith("klpct: ")
        .contains(message.replace("{d}", d.toString()))
        .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b")
        .doesNotContain("\tat ")
        .doesNotContain("internal error");
    assertThat(out.toString()).as("stdout").isEmpty();
    assertThat(snapshot(d)).as("files in %s", d).isEqualTo(before);
  }

  /** Every file under {@code d} with its content (folders as {@code <folder>}). */
  private static Map<String, String> snapshot(Path d) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : s.toList()) {
        files.put(
            d.relativize(p).toString(),
            Files.isDirectory(p)
                ? "<folder>"
                : new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  private static void fixtures(Path d) throws IOException {
    write(d, "keep.txt", "keep\n");
    Files.createDirectory(d.resolve("adir"));
    write(d, "notjson.json", "not json\n");
    write(d, "empty.json", "[]\n");
    Files.write(d.resolve("binary.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x5b});
    write(d, "r.html", "an earlier report\n");
    write(d, "x.json", "an earlier output\n");
    write(d, "ok.trace", "# klpct trace 1\nstrategy v1\noptions --nohz-cpus 1\nsteps 0\n");
    write(d, "badstep.trace", "# klpct trace 1\nstrategy v1\noptions --nohz-cpus 1\nsteps 0 x:1\n");
    write(d, "badopts.trace", "# klpct trace 1\nstrategy v1\noptions --nohz-cpus 9\nsteps 0\n");
    write(d, "unknownopt.trace", "# klpct trace 1\nstrategy v1\noptions --bogus\nsteps 0\n");
    write(d, "nostrategy.trace", "# klpct trace 1\noptions --nohz-cpus 1\nsteps 0\n");
    write(d, "unknownstrategy.trace", "# klpct trace 1\nstrategy nope\noptions --nmi\nsteps 0\n");
    write(
        d,
        "badmodel.trace",
        "# klpct trace 1\nstrategy v1\noptions --nmi\nmemory-model arm\nsteps 0\n");
    write(d, "nofit.trace", "# klpct trace 1\nstrategy v1\noptions --nohz-cpus 1\nsteps 0 7\n");
    write(d, "nosteps.trace", "# klpct trace 1\nstrategy v1\noptions --nohz-cpus 1\n");
    write(d, "dupkey.trace", "# klpct trace 1\nstrategy v1\nstrategy v2\noptions\nsteps 0\n");
    write(d, "empty.trace", "");
    write(
        d,
        "ablation-outcome.json",
        "{\"strategy\": \"v1\", \"rows\": [{\"site\": \"s\", \"function\": \"f\","
            + " \"ordering\": \"o\", \"outcome\": \"MAYBE\", \"verdict\": \"v\","
            + " \"broken\": []}]}");
    write(d, "ablation-missing.json", "{\"strategy\": \"v1\", \"rows\": [{\"site\": \"s\"}]}");
    write(
        d,
        "ablation-nomodel.json",
        "{\"strategy\": \"v1\", \"rows\": [{\"site\": \"s\", \"function\": \"f\","
            + " \"ordering\": \"o\", \"outcome\": \"NEEDED\", \"verdict\": \"v\","
            + " \"broken\": [\"consistency\"]}]}");
    write(d, "ablation-norows.json", "{\"strategy\": \"v1\"}");
    write(d, "jmh-object.json", "{\"benchmark\": 1}");
    write(
        d,
        "jmh-noscore.json",
        "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\","
            + " \"primaryMetric\": {\"scoreUnit\": \"ns/op\"}}]");
  }

  private static void write(Path d, String name, String text) throws IOException {
    Files.writeString(d.resolve(name), text, StandardCharsets.UTF_8);
  }
}
