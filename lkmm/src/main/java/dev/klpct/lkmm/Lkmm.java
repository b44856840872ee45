package dev.klpct.lkmm;

import static com.google.common.base.Preconditions.checkArgument;

import dev.klpct.lkmm.Event.FenceKind;
import dev.klpct.lkmm.Event.LockKind;
import dev.klpct.lkmm.Event.Mode;
import dev.klpct.lkmm.Event.SrcuKind;
import java.util.EnumSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The Linux-kernel memory model: decides whether it allows a candidate execution.
 *
 * <h2>What this is</h2>
 *
 * <p>A transcription into Java of the model that herd7 runs for the kernel: {@code
 * tools/memory-model/linux-kernel.bell}, {@code lock.cat} and {@code linux-kernel.cat} (the current
 * upstream files, {@code variant lkmmv2}), together with the two parts of herd7's own library they
 * use ({@code stdlib.cat}'s {@code fencerel} and {@code co0}; {@code cos-opt.cat}'s {@code ConsCo}
 * check and {@code fr}). Each relation is computed under its name in the model (camel case: {@code
 * po-unlock-lock-po} is {@code poUnlockLockPo}), in the order of the files, with the definition in
 * a comment beside it, so that the Java reads against the {@code .cat} line by line. Where a file
 * redefines a name ({@code lock.cat} extends {@code R}, {@code W}, {@code rf}, {@code co}; the bell
 * extends {@code addr}, {@code data}, {@code ctrl}; the RCU part extends {@code fence} and {@code
 * strong-fence}), the Java uses a new variable and says so.
 *
 * <h2>Contract</h2>
 *
 * <p>{@link #check(ExecutionGraph)} returns the first check the execution fails in herd7's order
 * ({@link Axiom}), or that it is allowed, with the flags herd7 would report for it ({@link Flag}).
 * It is a pure function of the graph: deterministic, thread-safe, and without side effects other
 * than caching in the {@link EventStructure} the relations that do not depend on {@code rf} and
 * {@code co}.
 *
 * <h2>Cost</h2>
 *
 * <p>Relations are bit matrices ({@link Relation}); a check is a few hundred matrix operations,
 * each a handful of word operations per event for graphs of up to 64 events. Parts of the model
 * that cannot matter for a graph are skipped: the RCU relations when it has no RCU or SRCU event,
 * the plain-access relations when it has no plain access. Both shortcuts are exact (every relation
 * they skip is empty or the identity then), not approximations.
 *
 * <h2>References</h2>
 *
 * <ol>
 *   <li>J. Alglave, L. Maranget, P. E. McKenney, A. Parri, A. Stern, <i>Frightening small children
 *       and disconcerting grown-ups: Concurrency in the Linux kernel</i>, ASPLOS 2018.
 *   <li>{@code tools/memory-model/Documentation/explanation.txt} (A. Stern): what each relation
 *       means.
 *   <li>J. Alglave, L. Maranget, M. Tautschnig, <i>Herding cats</i>, TOPLAS 36(2), 2014: the cat
 *       language.
 * </ol>
 */
public final class Lkmm {
  private Lkmm() {}

  /** Decides whether the Linux-kernel memory model allows {@code g}. */
  public static LkmmVerdict check(ExecutionGraph g) {
    EventStructure s = g.structure();
    Object c = s.cache();
    Static st;
    if (c instanceof Static cached) {
      st = cached;
    } else {
      st = new Static(s);
      s.cache(st);
    }
    return new Dynamic(st, g).verdict();
  }

  /** {@code fencerel(B) = (po & (_ * B)) ; po}, i.e. {@code po ; [B] ; po}. */
  private static Relation fencerel(Relation po, EventSet b) {
    return po.restrictRange(b).seq(po);
  }

  /**
   * Everything that depends on the event structure alone: the event sets, {@code lock.cat}'s
   * pairing of locks and unlocks, and the fences of {@code linux-kernel.cat}.
   */
  private static final class Static {
    final int n;
    final EventStructure s;

    // ---- event sets: herd7's classes of the bell's events ----
    final EventSet iw;

    /** The bell's R, W and M: herd7's reads and writes, before lock.cat adds its events. */
    final EventSet r0;

    final EventSet w0;
    final EventSet m0;
    final EventSet once;
    final EventSet acquireTag;
    final EventSet releaseTag;

    /** 'MB: fully ordered accesses and smp_mb() fences, one tag in the bell. */
    final EventSet mbTag;

    final EventSet noreturnTag;
    final EventSet rmwSet;
    final EventSet rmbF;
    final EventSet wmbF;
    final EventSet barrierF;
    final EventSet rcuLock;
    final EventSet rcuUnlock;
    final EventSet syncRcu;
    final EventSet beforeAtomic;
    final EventSet afterAtomic;
    final EventSet afterSpinlock;
    final EventSet afterUnlockLock;
    final EventSet afterSrcuReadUnlock;
    final EventSet lkr;
    final EventSet lkw;
    final EventSet ul;
    final EventSet lf;
    final EventSet ru;
    final EventSet srcuLock;
    final EventSet srcuUnlock;
    final EventSet syncSrcu;

    // ---- basic relations ----
    final Relation po;
    final Relation poOpt;
    final Relation intRel;
    final Relation ext;
    final Relation loc;
    final Relation poLoc;

    // ---- linux-kernel.bell ----
    final EventSet acquire;
    final EventSet release;
    final EventSet mb;
    final EventSet noreturn;
    final Relation rcuRscs;
    final EventSet marked;
    final EventSet plain;
    final EnumSet<Flag> staticFlags = EnumSet.noneOf(Flag.class);

    // ---- lock.cat ----
    final Relation lkRmw;
    final Relation rmw;
    final @Nullable Axiom staticFailure;
    final EventSet r;
    final EventSet w;
    final EventSet m;
    final Relation critical;
    final EventSet unmatchedLkw;
    final Relation rfiLf;
    final Relation co0;

    // ---- linux-kernel.cat, the parts without rf or co ----
    final Relation acqPo;
    final Relation poRel;
    final EventSet r4rmb;
    final Relation rmb;
    final Relation wmb;
    final Relation mbStatic;
    final Relation gp;
    final Relation barrier;

    /** cos-opt.cat's obsco parts without rf: po-loc between the writes and reads it relates. */
    final Relation obscoWw;

    final Relation poLocRw;
    final Relation poLocWr;
    final Relation poLocRr;

    /** The LF and RL events inside their own critical section, and each RU's last own UL. */
    final EventSet insideLf;

    final Relation lastUl;

    /** {@code pre-race}, {@code mixed-accesses} and {@code [R4rmb]/[~Noreturn]} fencerels. */
    final Relation preRace;

    final boolean mixedAccesses;
    final Relation rmbToAny;
    final Relation anyToRmb;
    final boolean hasRcu;
    final boolean hasPlain;
    final boolean hasLocks;

    Static(EventStructure s) {
      this.s = s;
      this.n = s.size();
      iw = set(e -> e instanceof Event.InitWrite);
      r0 =
          set(
              e ->
                  e instanceof Event.Read
                      || (e instanceof Event.Srcu x && x.kind() == SrcuKind.LOCK));
      w0 =
          set(
              e ->
                  e instanceof Event.InitWrite
                      || e instanceof Event.Write
                      || (e instanceof Event.Srcu x && x.kind() == SrcuKind.UNLOCK));
      m0 = r0.union(w0);
      once = mode(Mode.ONCE);
      acquireTag = mode(Mode.ACQUIRE);
      releaseTag = mode(Mode.RELEASE);
      mbTag = mode(Mode.MB).union(fence(FenceKind.MB));
      noreturnTag = mode(Mode.NORETURN);
      rmwSet =
          set(
              e ->
                  (e instanceof Event.Read x && x.rmw())
                      || (e instanceof Event.Write y && y.rmw()));
      rmbF = fence(FenceKind.RMB);
      wmbF = fence(FenceKind.WMB);
      barrierF = fence(FenceKind.BARRIER);
      rcuLock = fence(FenceKind.RCU_LOCK);
      rcuUnlock = fence(FenceKind.RCU_UNLOCK);
      syncRcu = fence(FenceKind.SYNC_RCU);
      beforeAtomic = fence(FenceKind.BEFORE_ATOMIC);
      afterAtomic = fence(FenceKind.AFTER_ATOMIC);
      afterSpinlock = fence(FenceKind.AFTER_SPINLOCK);
      afterUnlockLock = fence(FenceKind.AFTER_UNLOCK_LOCK);
      afterSrcuReadUnlock = fence(FenceKind.AFTER_SRCU_READ_UNLOCK);
      lkr = lock(LockKind.LKR);
      lkw = lock(LockKind.LKW);
      ul = lock(LockKind.UL);
      EventSet lf0 = lock(LockKind.LF);
      EventSet rl = lock(LockKind.RL);
      ru = lock(LockKind.RU);
      srcuLock = srcu(SrcuKind.LOCK);
      srcuUnlock = srcu(SrcuKind.UNLOCK);
      syncSrcu = srcu(SrcuKind.SYNC);

      po = s.po();
      poOpt = po.opt();
      Relation.Builder ib = Relation.builder(n);
      Relation.Builder lb = Relation.builder(n);
      for (int i = 0; i < n; i++) {
        Event a = s.event(i);
        for (int j = 0; j < n; j++) {
          Event b = s.event(j);
          if (i == j || (a.thread() >= 0 && a.thread() == b.thread())) {
            ib.add(i, j);
          }
          if (a.location() >= 0 && a.location() == b.location()) {
            lb.add(i, j);
          }
        }
      }
      intRel = ib.build();
      ext = Relation.cross(EventSet.all(n), EventSet.all(n)).minus(intRel);
      loc = lb.build();
      poLoc = po.intersect(loc);

      // ---------------- linux-kernel.bell ----------------
      Relation rmw0 = s.rmw();
      // let FailedRMW = RMW \ (domain(rmw) | range(rmw))
      EventSet failedRmw = rmwSet.minus(rmw0.domain().union(rmw0.range()));
      // let Acquire = ACQUIRE \ W \ FailedRMW
      EventSet acquire0 = acquireTag.minus(w0).minus(failedRmw);
      // let Release = RELEASE \ R \ FailedRMW
      EventSet release0 = releaseTag.minus(r0).minus(failedRmw);
      // let Mb = MB \ FailedRMW
      mb = mbTag.minus(failedRmw);
      // let Noreturn = NORETURN \ W
      noreturn = noreturnTag.minus(w0);
      rcuRscs = rcuRscs();
      // flag ~empty Rcu-lock \ domain(rcu-rscs) as unmatched-rcu-lock
      flagIf(!rcuLock.minus(rcuRscs.domain()).isEmpty(), Flag.UNMATCHED_RCU_LOCK);
      // flag ~empty Rcu-unlock \ range(rcu-rscs) as unmatched-rcu-unlock
      flagIf(!rcuUnlock.minus(rcuRscs.range()).isEmpty(), Flag.UNMATCHED_RCU_UNLOCK);
      // flag ~empty rcu-rscs & (po ; [Sync-srcu] ; po) as invalid-sleep
      flagIf(!rcuRscs.intersect(fencerel(po, syncSrcu)).isEmpty(), Flag.INVALID_SLEEP);
      // let Marked = (~M) | IW | ONCE | RELEASE | ACQUIRE | MB | RMW |
      //     LKR | LKW | UL | LF | RL | RU | Srcu-lock | Srcu-unlock
      marked =
          m0.complement()
              .union(iw)
              .union(once)
              .union(releaseTag)
              .union(acquireTag)
              .union(mbTag)
              .union(rmwSet)
              .union(lkr)
              .union(lkw)
              .union(ul)
              .union(lf0)
              .union(rl)
              .union(ru)
              .union(srcuLock)
              .union(srcuUnlock);
      // let Plain = M \ Marked
      plain = m0.minus(marked);

      // ---------------- lock.cat ----------------
      // let LF = LF | RL
      lf = lf0.union(rl);
      // let ALL-LOCKS = LKR | LKW | UL | LF | RU | Srcu-lock | Srcu-unlock | Sync-srcu
      EventSet allLocks =
          lkr.union(lkw)
              .union(ul)
              .union(lf)
              .union(ru)
              .union(srcuLock)
              .union(srcuUnlock)
              .union(syncSrcu);
      // flag ~empty [M \ IW \ ALL-LOCKS] ; loc ; [ALL-LOCKS] as mixed-lock-accesses
      flagIf(
          !loc.restrict(m0.minus(iw).minus(allLocks), allLocks).isEmpty(),
          Flag.MIXED_LOCK_ACCESSES);
      // let lk-rmw = ([LKR] ; po-loc ; [LKW]) \ (po ; po)
      lkRmw = poLoc.restrict(lkr, lkw).minus(po.seq(po));
      // let rmw = rmw | lk-rmw
      rmw = rmw0.union(lkRmw);
      // flag ~empty LKW \ range(lk-rmw) as unpaired-LKW
      flagIf(!lkw.minus(lkRmw.range()).isEmpty(), Flag.UNPAIRED_LKW);
      // flag ~empty LKR \ domain(lk-rmw) as unpaired-LKR
      flagIf(!lkr.minus(lkRmw.domain()).isEmpty(), Flag.UNPAIRED_LKR);
      Relation poLocUlPoLoc = poLoc.restrictRange(ul).seq(poLoc);
      @Nullable Axiom failure = null;
      // empty ([LKW] ; po-loc ; [LKR]) \ (po-loc ; [UL] ; po-loc) as lock-nest
      if (!poLoc.restrict(lkw, lkr).minus(poLocUlPoLoc).isEmpty()) {
        failure = Axiom.LOCK_NEST;
      }
      // empty ([LKW] ; po-loc ; [RU]) \ (po-loc ; [UL] ; po-loc) as nested-is-locked
      if (failure == null && !poLoc.restrict(lkw, ru).minus(poLocUlPoLoc).isEmpty()) {
        failure = Axiom.NESTED_IS_LOCKED;
      }
      // let R = R | LKR | LF | RU
      r = r0.union(lkr).union(lf).union(ru);
      // let W = W | LKW   (UL joins W after co is generated; m includes it below)
      // let Release = Release | UL ; let Acquire = Acquire | LKR
      release = release0.union(ul);
      acquire = acquire0.union(lkr);
      // let critical = ([LKW] ; po-loc ; [UL]) \ (po-loc ; [LKW | UL] ; po-loc)
      critical = poLoc.restrict(lkw, ul).minus(poLoc.restrictRange(lkw.union(ul)).seq(poLoc));
      // flag ~empty UL \ range(critical) as unmatched-unlock
      flagIf(!ul.minus(critical.range()).isEmpty(), Flag.UNMATCHED_UNLOCK);
      // let UNMATCHED-LKW = LKW \ domain(critical)
      unmatchedLkw = lkw.minus(critical.domain());
      // empty ([UNMATCHED-LKW] ; loc ; [UNMATCHED-LKW]) \ id as unmatched-locks
      if (failure == null && !loc.restrict(unmatchedLkw, unmatchedLkw).minusId().isEmpty()) {
        failure = Axiom.UNMATCHED_LOCKS;
      }
      staticFailure = failure;
      // let rfi-lf = ([LKW] ; po-loc ; [LF]) \ ([LKW] ; po-loc ; [UL] ; po-loc)
      rfiLf = poLoc.restrict(lkw, lf).minus(poLoc.restrict(lkw, ul).seq(poLoc));
      // stdlib: let co0 = loc & ((IW * (W\IW)) | ((W\FW) * FW)); lock.cat adds
      // ([IW] ; loc ; [LKW]) | (([LKW] ; loc ; [UNMATCHED-LKW]) \ [UNMATCHED-LKW]).
      // FW, the final writes, are the co-maximal ones, so (W\FW) * FW is in every co and
      // ConsCo cannot fail because of it: it is left out.
      co0 =
          loc.restrict(iw, w0.minus(iw))
              .union(loc.restrict(iw, lkw))
              .union(loc.restrict(lkw, unmatchedLkw).minusId());
      // let W = W | UL ; let M = R | W
      w = w0.union(lkw).union(ul);
      m = r.union(w);

      // ---------------- linux-kernel.cat: basic relations ----------------
      // let acq-po = [Acquire] ; po ; [M]
      acqPo = po.restrict(acquire, m);
      // let po-rel = [M] ; po ; [Release]
      poRel = po.restrict(m, release);
      // let R4rmb = R \ Noreturn
      r4rmb = r.minus(noreturn);
      // let rmb = [R4rmb] ; fencerel(Rmb) ; [R4rmb]
      rmb = fencerel(po, rmbF).restrict(r4rmb, r4rmb);
      // let wmb = [W] ; fencerel(Wmb) ; [W]
      wmb = fencerel(po, wmbF).restrict(w, w);
      // let mb = ([M] ; fencerel(Mb) ; [M]) |
      //   ([M] ; po ; [Mb & R]) | ([Mb & W] ; po ; [M]) |
      //   ([M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M]) |
      //   ([M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M]) |
      //   ([M] ; po? ; [LKW] ; fencerel(After-spinlock) ; [M]) |
      //   ([M] ; po-unlock-lock-po ; [After-unlock-lock] ; po ; [M])   (needs rf: Dynamic) |
      //   ([M] ; po? ; [Srcu-unlock] ; fencerel(After-srcu-read-unlock) ; [M])
      mbStatic =
          fencerel(po, mb)
              .restrict(m, m)
              .union(po.restrict(m, mb.intersect(r)))
              .union(po.restrict(mb.intersect(w), m))
              .union(fencerel(po, beforeAtomic).restrictRange(rmwSet).seq(poOpt).restrict(m, m))
              .union(poOpt.restrictRange(rmwSet).seq(fencerel(po, afterAtomic)).restrict(m, m))
              .union(poOpt.restrictRange(lkw).seq(fencerel(po, afterSpinlock)).restrict(m, m))
              .union(
                  poOpt
                      .restrictRange(srcuUnlock)
                      .seq(fencerel(po, afterSrcuReadUnlock))
                      .restrict(m, m));
      // let gp = po ; [Sync-rcu | Sync-srcu] ; po?
      gp = po.restrictRange(syncRcu.union(syncSrcu)).seq(poOpt);
      // let barrier = fencerel(Barrier | Rmb | Wmb | Mb | Sync-rcu | Sync-srcu |
      //     Before-atomic | After-atomic | Acquire | Release |
      //     Rcu-lock | Rcu-unlock | Srcu-lock | Srcu-unlock) |
      //   (po ; [Release]) | ([Acquire] ; po)
      barrier =
          fencerel(
                  po,
                  barrierF
                      .union(rmbF)
                      .union(wmbF)
                      .union(mb)
                      .union(syncRcu)
                      .union(syncSrcu)
                      .union(beforeAtomic)
                      .union(afterAtomic)
                      .union(acquire)
                      .union(release)
                      .union(rcuLock)
                      .union(rcuUnlock)
                      .union(srcuLock)
                      .union(srcuUnlock))
              .union(po.restrictRange(release))
              .union(po.restrictDomain(acquire));

      EventSet wLocked = w0.union(lkw);
      obscoWw = poLoc.restrict(wLocked, wLocked);
      poLocRw = poLoc.restrict(r, wLocked);
      poLocWr = poLoc.restrict(wLocked, r);
      poLocRr = poLoc.restrict(r, r);
      insideLf = rfiLf.range();
      lastUl = poLoc.restrict(ul, ru).minus(poLoc.restrict(ul, ul).seq(poLoc));
      // let pre-race = ext & ((Plain * M) | ((M \ IW) * Plain))
      preRace = Relation.cross(plain, m).union(Relation.cross(m.minus(iw), plain)).intersect(ext);
      // let mixed-accesses = ([Plain & W] ; (po-loc \ barrier) ; [Marked]) |
      //     ([Marked] ; (po-loc \ barrier) ; [Plain & W])
      EventSet plainW = plain.intersect(w);
      Relation poLocNoBarrier = poLoc.minus(barrier);
      mixedAccesses =
          !poLocNoBarrier.restrict(plainW, marked).isEmpty()
              || !poLocNoBarrier.restrict(marked, plainW).isEmpty();
      EventSet notNoreturn = noreturn.complement();
      // [R4rmb] ; fencerel(Rmb) ; [~Noreturn] and [~Noreturn] ; fencerel(Rmb) ; [R4rmb]
      rmbToAny = fencerel(po, rmbF).restrict(r4rmb, notNoreturn);
      anyToRmb = fencerel(po, rmbF).restrict(notNoreturn, r4rmb);
      hasRcu =
          !rcuLock
              .union(rcuUnlock)
              .union(syncRcu)
              .union(srcuLock)
              .union(srcuUnlock)
              .union(syncSrcu)
              .isEmpty();
      hasPlain = !plain.isEmpty();
      hasLocks = !lkr.union(lkw).union(ul).union(lf).union(ru).isEmpty();
    }

    private void flagIf(boolean raised, Flag f) {
      if (raised) {
        staticFlags.add(f);
      }
    }

    /**
     * The bell's recursive matching of nested {@code rcu_read_lock()} / {@code rcu_read_unlock()}:
     * repeatedly match an unmatched lock with the first unmatched unlock after it that has no other
     * unmatched lock or unlock between them.
     *
     * <pre>
     * let rcu-rscs = let rec
     *     unmatched-locks = Rcu-lock \ domain(matched)
     * and unmatched-unlocks = Rcu-unlock \ range(matched)
     * and unmatched = unmatched-locks | unmatched-unlocks
     * and unmatched-po = [unmatched] ; po ; [unmatched]
     * and unmatched-locks-to-unlocks = [unmatched-locks] ; po ; [unmatched-unlocks]
     * and matched = matched | (unmatched-locks-to-unlocks \ (unmatched-po ; unmatched-po))
     * in matched
     * </pre>
     */
    private Relation rcuRscs() {
      Relation matched = Relation.empty(n);
      if (rcuLock.isEmpty() || rcuUnlock.isEmpty()) {
        return matched;
      }
      while (true) {
        EventSet unmatchedLocks = rcuLock.minus(matched.domain());
        EventSet unmatchedUnlocks = rcuUnlock.minus(matched.range());
        EventSet unmatched = unmatchedLocks.union(unmatchedUnlocks);
        Relation unmatchedPo = po.restrict(unmatched, unmatched);
        Relation next =
            matched.union(
                po.restrict(unmatchedLocks, unmatchedUnlocks).minus(unmatchedPo.seq(unmatchedPo)));
        if (next.equals(matched)) {
          return matched;
        }
        matched = next;
      }
    }

    private EventSet set(Predicate<Event> p) {
      return EventSet.of(n, i -> p.test(s.event(i)));
    }

    private EventSet mode(Mode mode) {
      return set(
          e ->
              (e instanceof Event.Read x && x.mode() == mode)
                  || (e instanceof Event.Write y && y.mode() == mode));
    }

    private EventSet fence(FenceKind k) {
      return set(e -> e instanceof Event.Fence f && f.kind() == k);
    }

    private EventSet lock(LockKind k) {
      return set(e -> e instanceof Event.Lock l && l.kind() == k);
    }

    private EventSet srcu(SrcuKind k) {
      return set(e -> e instanceof Event.Srcu x && x.kind() == k);
    }
  }

  /** The relations that depend on {@code rf} and {@code co}, and the checks. */
  private static final class Dynamic {
    private final Static st;
    private final ExecutionGraph g;
    private final int n;
    private final EnumSet<Flag> flags;

    Dynamic(Static st, ExecutionGraph g) {
      this.st = st;
      this.g = g;
      this.n = st.n;
      this.flags =
          EnumSet.copyOf(st.staticFlags.isEmpty() ? EnumSet.noneOf(Flag.class) : st.staticFlags);
    }

    LkmmVerdict verdict() {
      if (st.staticFailure != null) {
        return LkmmVerdict.forbidden(st.staticFailure);
      }
      EventStructure s = st.s;
      Relation po = st.po;
      Relation poOpt = st.poOpt;
      Relation rfGiven = g.rf();
      Relation coGiven = g.co();

      // ---------------- linux-kernel.bell, the parts with rf ----------------
      // herd7's own rf: the rf of reads, not of lock.cat's LF, RL and RU
      Relation rf0 = rfGiven.restrictRange(st.r0);
      Relation rfi0 = rf0.intersect(st.intRel);
      Relation data0 = s.data();
      EventSet notSrcuUnlock = st.srcuUnlock.complement();
      if (!st.srcuLock.isEmpty() || !st.srcuUnlock.isEmpty()) {
        srcu(rf0, data0, notSrcuUnlock);
      }
      // let carry-dep = (data ; [~ Srcu-unlock] ; rfi)*
      Relation carryStep = data0.restrictRange(notSrcuUnlock).seq(rfi0);
      Relation addr;
      Relation data;
      Relation ctrl;
      if (carryStep.isEmpty()) {
        addr = s.addr();
        data = data0;
        ctrl = s.ctrl();
      } else {
        Relation carryDep = carryStep.star();
        // let addr = carry-dep ; addr  (and likewise data, ctrl)
        addr = carryDep.seq(s.addr());
        data = carryDep.seq(data0);
        ctrl = carryDep.seq(s.ctrl());
      }

      // ---------------- lock.cat, the parts with rf and co ----------------
      if (st.hasLocks) {
        validateLockRf(rfGiven);
      }
      // rf = rf | rf-lf | rf-ru: the given rf
      Relation rfL = rfGiven;
      Relation rfInv = rfL.inverse();
      // cos-opt.cat: let obsco = ww | rw | wr | rr, with R and W as lock.cat has them now:
      //   ww = po-loc & (W * W)     rw = rf ; (po-loc & (R * W))
      //   wr = ((po-loc & (W * R)) ; invrf) \ id     rr = (rf ; (po-loc & (R * R)) ; invrf) \ id
      Relation rw = rfL.seq(st.poLocRw);
      Relation wr = st.poLocWr.seq(rfInv).minusId();
      Relation rr = rfL.seq(st.poLocRr).seq(rfInv).minusId();
      // let cobase = obsco | rmwco | co0   (rmwco is empty: no C event is both R and W)
      Relation cobase = st.obscoWw.union(rw).union(wr).union(rr).union(st.co0);
      // acyclic cobase as ConsCo; and co must be one of the linearisations of cobase that
      // herd7 generates, in particular with co0's edges (a never-unlocked LKW last)
      if (!cobase.isAcyclic() || !st.co0.minus(coGiven).isEmpty()) {
        return LkmmVerdict.forbidden(Axiom.CONS_CO);
      }
      // let co = (co | critical | (critical^-1 ; co))+   (merges UL into co)
      Relation co = coGiven;
      if (!st.ul.isEmpty()) {
        co = co.union(st.critical).union(st.critical.inverse().seq(co)).plus();
      }
      // let rf = rf | ([IW | UL] ; singlestep(co) ; lk-rmw^-1)
      Relation rf = rfL;
      if (!st.lkr.isEmpty()) {
        Relation singlestep = co.minus(co.seq(co));
        rf = rf.union(singlestep.restrictDomain(st.iw.union(st.ul)).seq(st.lkRmw.inverse()));
      }
      Relation rfe = rf.intersect(st.ext);
      Relation rfi = rf.intersect(st.intRel);
      Relation coe = co.intersect(st.ext);
      // let fr = rf^-1 ; co
      Relation fr = rf.inverse().seq(co);
      Relation fre = fr.intersect(st.ext);

      // ---------------- linux-kernel.cat ----------------
      // let po-unlock-lock-po = po ; [UL] ; (po|rf) ; [LKR] ; po
      Relation poUnlockLockPo =
          st.hasLocks
              ? po.restrictRange(st.ul).seq(po.union(rf).restrictRange(st.lkr)).seq(po)
              : Relation.empty(n);
      Relation mb = st.mbStatic;
      if (!st.afterUnlockLock.isEmpty()) {
        // ([M] ; po-unlock-lock-po ; [After-unlock-lock] ; po ; [M])
        mb =
            mb.union(poUnlockLockPo.restrictRange(st.afterUnlockLock).seq(po).restrict(st.m, st.m));
      }
      // let strong-fence = mb | gp
      Relation strongFence = mb.union(st.gp);
      // let nonrw-fence = strong-fence | po-rel | acq-po
      Relation nonrwFence = strongFence.union(st.poRel).union(st.acqPo);
      // let fence = nonrw-fence | wmb | rmb
      Relation fence = nonrwFence.union(st.wmb).union(st.rmb);

      // let com = rf | co | fr ; acyclic po-loc | com as coherence
      Relation com = rf.union(co).union(fr);
      if (!st.poLoc.union(com).isAcyclic()) {
        return LkmmVerdict.forbidden(Axiom.COHERENCE);
      }
      // empty rmw & (fre ; coe) as atomic
      if (!st.rmw.intersect(fre.seq(coe)).isEmpty()) {
        return LkmmVerdict.forbidden(Axiom.ATOMIC);
      }

      // let dep = addr | data
      Relation dep = addr.union(data);
      // let rwdep = (dep | ctrl) ; [W]
      Relation rwdep = dep.union(ctrl).restrictRange(st.w);
      // let overwrite = co | fr
      Relation overwrite = co.union(fr);
      // let to-w = rwdep | (overwrite & int) | (addr ; [Plain] ; wmb)
      Relation toW =
          rwdep
              .union(overwrite.intersect(st.intRel))
              .union(addr.restrictRange(st.plain).seq(st.wmb));
      // let to-r = (addr ; [R]) | (dep ; [Marked] ; rfi)
      Relation toR = addr.restrictRange(st.r).union(dep.restrictRange(st.marked).seq(rfi));
      // let ppo = to-r | to-w | (fence & int) | (po-unlock-lock-po & int)
      Relation ppo =
          toR.union(toW)
              .union(fence.intersect(st.intRel))
              .union(poUnlockLockPo.intersect(st.intRel));

      // let A-cumul(r) = (rfe ; [Marked])? ; r
      Relation rfeMarkedOpt = rfe.restrictRange(st.marked).opt();
      // let rmw-sequence = (rf ; rmw)*
      Relation rmwSequence = rf.seq(st.rmw).star();
      Relation cumulFenceStar;
      // let cumul-fence = [Marked] ; (A-cumul(strong-fence | po-rel) | wmb |
      //     po-unlock-lock-po) ; [Marked] ; rmw-sequence
      Relation cumulFence =
          rfeMarkedOpt
              .seq(strongFence.union(st.poRel))
              .union(st.wmb)
              .union(poUnlockLockPo)
              .restrict(st.marked, st.marked)
              .seq(rmwSequence);
      cumulFenceStar = cumulFence.star();
      // let prop = [Marked] ; (overwrite & ext)? ; cumul-fence* ; [Marked] ; rfe? ; [Marked]
      Relation prop =
          overwrite
              .intersect(st.ext)
              .opt()
              .restrictDomain(st.marked)
              .seq(cumulFenceStar)
              .restrictRange(st.marked)
              .seq(rfe.opt())
              .restrictRange(st.marked);
      // let hb = [Marked] ; (ppo | rfe | ((prop \ id) & int)) ; [Marked]
      Relation hb =
          ppo.union(rfe).union(prop.minusId().intersect(st.intRel)).restrict(st.marked, st.marked);
      // acyclic hb as happens-before
      if (!hb.isAcyclic()) {
        return LkmmVerdict.forbidden(Axiom.HAPPENS_BEFORE);
      }
      Relation hbStar = hb.star();
      // let pb = prop ; strong-fence ; hb* ; [Marked]
      Relation pb = prop.seq(strongFence).seq(hbStar).restrictRange(st.marked);
      // acyclic pb as propagation
      if (!pb.isAcyclic()) {
        return LkmmVerdict.forbidden(Axiom.PROPAGATION);
      }

      // ---------------- RCU ----------------
      Relation rb = Relation.empty(n);
      Relation fence2 = fence;
      Relation strongFence2 = strongFence;
      if (st.hasRcu) {
        Relation pbStar = pb.star();
        // let rcu-link = po? ; hb* ; pb* ; prop ; po
        Relation rcuLink = poOpt.seq(hbStar).seq(pbStar).seq(prop).seq(po);
        Relation rcuFence = rcuFence(rcuLink, srcuRscs);
        // let fence = fence | rcu-fence ; let strong-fence = strong-fence | rcu-fence
        fence2 = fence.union(rcuFence);
        strongFence2 = strongFence.union(rcuFence);
        // let rb = prop ; rcu-fence ; hb* ; pb* ; [Marked]
        rb = prop.seq(rcuFence).seq(hbStar).seq(pbStar).restrictRange(st.marked);
        // irreflexive rb as rcu
        if (!rb.isIrreflexive()) {
          return LkmmVerdict.forbidden(Axiom.RCU);
        }
      }

      // ---------------- plain accesses and data races ----------------
      if (st.hasPlain) {
        Axiom failed =
            plainAccesses(
                hb,
                pb,
                rb,
                fence2,
                strongFence2,
                nonrwFence,
                cumulFenceStar,
                rfe,
                rmwSequence,
                addr,
                rf,
                co,
                fr);
        if (failed != null) {
          return LkmmVerdict.forbidden(failed);
        }
      }
      return LkmmVerdict.allowed(flags);
    }

    private @Nullable Relation srcuRscs;

    /**
     * The SRCU part of the bell, which needs rf:
     *
     * <pre>
     * let carry-srcu-data = (data ; [~ Srcu-unlock] ; rf)*
     * let srcu-rscs = ([Srcu-lock] ; carry-srcu-data ; data ; [Srcu-unlock]) &amp; loc
     * </pre>
     *
     * and its flags.
     */
    private void srcu(Relation rf0, Relation data0, EventSet notSrcuUnlock) {
      Relation carrySrcuData = data0.restrictRange(notSrcuUnlock).seq(rf0).star();
      Relation rscs =
          carrySrcuData
              .restrictDomain(st.srcuLock)
              .seq(data0)
              .restrictRange(st.srcuUnlock)
              .intersect(st.loc);
      srcuRscs = rscs;
      // flag ~empty Srcu-lock \ domain(srcu-rscs) as unmatched-srcu-lock
      if (!st.srcuLock.minus(rscs.domain()).isEmpty()) {
        flags.add(Flag.UNMATCHED_SRCU_LOCK);
      }
      // flag ~empty Srcu-unlock \ range(srcu-rscs) as unmatched-srcu-unlock
      if (!st.srcuUnlock.minus(rscs.range()).isEmpty()) {
        flags.add(Flag.UNMATCHED_SRCU_UNLOCK);
      }
      // flag ~empty (srcu-rscs^-1 ; srcu-rscs) \ id as multiple-srcu-matches
      if (!rscs.inverse().seq(rscs).minusId().isEmpty()) {
        flags.add(Flag.MULTIPLE_SRCU_MATCHES);
      }
      // flag ~empty different-values(srcu-rscs) as srcu-bad-value-match
      for (int[] p : rscs.pairs()) {
        if (g.value(p[0]) != g.value(p[1])) {
          flags.add(Flag.SRCU_BAD_VALUE_MATCH);
        }
      }
    }

    /**
     * lock.cat generates the rf of failed trylocks and of spin_is_locked() itself: an LF or RL
     * inside a critical section of its lock reads from that section's LKW ({@code rfi-lf}), one
     * outside from an LKW of another thread; an RU reads from the last UL before it in its thread,
     * or from an UL of another thread or the initial write. A graph whose rf for these events is
     * otherwise is not one of herd7's candidates.
     */
    private void validateLockRf(Relation rfGiven) {
      EventSet insideLf = st.insideLf;
      Relation lastUl = st.lastUl;
      for (int e : st.lf.union(st.ru).toArray()) {
        for (int src = 0; src < n; src++) {
          if (!rfGiven.contains(src, e)) {
            continue;
          }
          boolean ok;
          if (st.ru.contains(e)) {
            ok = lastUl.contains(src, e) || st.ext.contains(src, e);
          } else if (insideLf.contains(e)) {
            ok = st.rfiLf.contains(src, e);
          } else {
            ok = st.ext.contains(src, e);
          }
          checkArgument(ok, "rf %s -> %s is not one lock.cat generates", src, e);
        }
      }
    }

    /**
     *
     *
     * <pre>
     * let rec rcu-order = rcu-gp | srcu-gp |
     *   (rcu-gp ; rcu-link ; rcu-rscsi) | ((srcu-gp ; rcu-link ; srcu-rscsi) &amp; loc) |
     *   (rcu-rscsi ; rcu-link ; rcu-gp) | ((srcu-rscsi ; rcu-link ; srcu-gp) &amp; loc) |
     *   (rcu-gp ; rcu-link ; rcu-order ; rcu-link ; rcu-rscsi) |
     *   ((srcu-gp ; rcu-link ; rcu-order ; rcu-link ; srcu-rscsi) &amp; loc) |
     *   (rcu-rscsi ; rcu-link ; rcu-order ; rcu-link ; rcu-gp) |
     *   ((srcu-rscsi ; rcu-link ; rcu-order ; rcu-link ; srcu-gp) &amp; loc) |
     *   (rcu-order ; rcu-link ; rcu-order)
     * let rcu-fence = po ; rcu-order ; po?
     * </pre>
     *
     * computed as herd7 computes a recursive definition: the least fixed point, by iteration from
     * the empty relation.
     */
    private Relation rcuFence(Relation rcuLink, @Nullable Relation srcuRscsOrNull) {
      Relation rcuGp = Relation.id(st.syncRcu);
      Relation srcuGp = Relation.id(st.syncSrcu);
      Relation rcuRscsi = st.rcuRscs.inverse();
      Relation srcuRscsi = srcuRscsOrNull == null ? Relation.empty(n) : srcuRscsOrNull.inverse();
      Relation loc = st.loc;
      Relation gpLink = rcuGp.seq(rcuLink);
      Relation sgpLink = srcuGp.seq(rcuLink);
      Relation rscsiLink = rcuRscsi.seq(rcuLink);
      Relation srscsiLink = srcuRscsi.seq(rcuLink);
      Relation base =
          rcuGp
              .union(srcuGp)
              .union(gpLink.seq(rcuRscsi))
              .union(sgpLink.seq(srcuRscsi).intersect(loc))
              .union(rscsiLink.seq(rcuGp))
              .union(srscsiLink.seq(srcuGp).intersect(loc));
      Relation order = Relation.empty(n);
      while (true) {
        Relation orderLink = order.seq(rcuLink);
        Relation next =
            base.union(gpLink.seq(orderLink).seq(rcuRscsi))
                .union(sgpLink.seq(orderLink).seq(srcuRscsi).intersect(loc))
                .union(rscsiLink.seq(orderLink).seq(rcuGp))
                .union(srscsiLink.seq(orderLink).seq(srcuGp).intersect(loc))
                .union(orderLink.seq(order));
        if (next.equals(order)) {
          break;
        }
        order = next;
      }
      return st.po.seq(order).seq(st.poOpt);
    }

    /** The plain-access part of linux-kernel.cat: the plain-coherence check and the flags. */
    private @Nullable Axiom plainAccesses(
        Relation hb,
        Relation pb,
        Relation rb,
        Relation fence,
        Relation strongFence,
        Relation nonrwFence,
        Relation cumulFenceStar,
        Relation rfe,
        Relation rmwSequence,
        Relation addr,
        Relation rf,
        Relation co,
        Relation fr) {
      EventSet marked = st.marked;
      // mixed-accesses: Static (it depends on the structure only)
      boolean mixed = st.mixedAccesses;
      // let xbstar = (hb | pb | rb)*
      Relation xbstar = hb.union(pb).union(rb).star();
      // let vis = cumul-fence* ; rfe? ; [Marked] ;
      //     ((strong-fence ; [Marked] ; xbstar) | (xbstar & int))
      Relation vis =
          cumulFenceStar
              .seq(rfe.opt())
              .restrictRange(marked)
              .seq(
                  strongFence.restrictRange(marked).seq(xbstar).union(xbstar.intersect(st.intRel)));
      // let w-pre-bounded = [Marked] ; (addr | fence)?
      Relation wPreBounded = addr.union(fence).opt().restrictDomain(marked);
      // let r-pre-bounded = [Marked] ; (addr | nonrw-fence |
      //     ([R4rmb] ; fencerel(Rmb) ; [~Noreturn]))?
      Relation rPreBounded = addr.union(nonrwFence).union(st.rmbToAny).opt().restrictDomain(marked);
      // let w-post-bounded = fence? ; [Marked] ; rmw-sequence
      Relation wPostBounded = fence.opt().restrictRange(marked).seq(rmwSequence);
      // let r-post-bounded = (nonrw-fence | ([~Noreturn] ; fencerel(Rmb) ; [R4rmb]))? ;
      //     [Marked]
      Relation rPostBounded = nonrwFence.union(st.anyToRmb).opt().restrictRange(marked);
      Relation strongXb = strongFence.seq(xbstar);
      Relation postVis = wPostBounded.seq(vis);
      // let ww-vis = fence | (strong-fence ; xbstar ; w-pre-bounded) |
      //     (w-post-bounded ; vis ; w-pre-bounded)
      Relation wwVis = fence.union(strongXb.seq(wPreBounded)).union(postVis.seq(wPreBounded));
      // let wr-vis = fence | (strong-fence ; xbstar ; r-pre-bounded) |
      //     (w-post-bounded ; vis ; r-pre-bounded)
      Relation wrVis = fence.union(strongXb.seq(rPreBounded)).union(postVis.seq(rPreBounded));
      // let rw-xbstar = fence | (r-post-bounded ; xbstar ; w-pre-bounded)
      Relation rwXbstar = fence.union(rPostBounded.seq(xbstar).seq(wPreBounded));
      // pre-race: Static
      Relation preRace = st.preRace;
      // let wr-incoh = pre-race & rf & rw-xbstar^-1
      Relation wrIncoh = preRace.intersect(rf).intersect(rwXbstar.inverse());
      // let rw-incoh = pre-race & fr & wr-vis^-1
      Relation rwIncoh = preRace.intersect(fr).intersect(wrVis.inverse());
      // let ww-incoh = pre-race & co & ww-vis^-1
      Relation wwIncoh = preRace.intersect(co).intersect(wwVis.inverse());
      // empty (wr-incoh | rw-incoh | ww-incoh) as plain-coherence
      if (!wrIncoh.union(rwIncoh).union(wwIncoh).isEmpty()) {
        return Axiom.PLAIN_COHERENCE;
      }
      if (mixed) {
        flags.add(Flag.MIXED_ACCESSES);
      }
      // let ww-nonrace = ww-vis & ((Marked * W) | rw-xbstar) & ((W * Marked) | wr-vis)
      Relation wwNonrace =
          wwVis
              .intersect(Relation.cross(marked, st.w).union(rwXbstar))
              .intersect(Relation.cross(st.w, marked).union(wrVis));
      // let ww-race = (pre-race & co) \ ww-nonrace
      Relation wwRace = preRace.intersect(co).minus(wwNonrace);
      // let wr-race = (pre-race & (co? ; rf)) \ wr-vis \ rw-xbstar^-1
      Relation wrRace = preRace.intersect(co.opt().seq(rf)).minus(wrVis).minus(rwXbstar.inverse());
      // let rw-race = (pre-race & fr) \ rw-xbstar
      Relation rwRace = preRace.intersect(fr).minus(rwXbstar);
      // flag ~empty (ww-race | wr-race | rw-race) as data-race
      if (!wwRace.union(wrRace).union(rwRace).isEmpty()) {
        flags.add(Flag.DATA_RACE);
      }
      return null;
    }
  }
}
