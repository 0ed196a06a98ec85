package org.mcptrace.application;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * The newest entries, bounded; older ones fall off. Entries are deliberately not persisted: the console is a live
 * view, and the configuration, not the traffic, is what operators keep.
 *
 * <p>Slots are indexed by sequence, so writers never lock each other and a reader can tell an overwritten or
 * not-yet-written slot by the sequence it holds. What the buffer holds per severity is counted as entries come and
 * go, so an unfiltered console's counters cost no walk over the buffer: that walk, ten thousand entries on every push
 * tick, was half of the tick's CPU, taken from the two cores the forward-auth answers need (docs/performance.md).</p>
 */
@ApplicationScoped
public class LiveBuffer {

    @Inject
    @ConfigProperty(name = "mcptrace.buffer.capacity", defaultValue = "10000")
    int capacity;

    // more requests than this are never resolved at once, so a gap deeper than this is lost, not in flight
    private static final int IN_FLIGHT = 256;

    private AtomicReferenceArray<TraceEntry> slots;
    private final AtomicLong highest = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLongArray heldBySeverity = new AtomicLongArray(Severity.values().length);

    public LiveBuffer() {
    }

    LiveBuffer(int capacity) {
        this.capacity = capacity;
        init();
    }

    @PostConstruct
    void init() {
        if (capacity < 1) {
            throw new IllegalArgumentException("mcptrace.buffer.capacity must be at least 1, was " + capacity);
        }
        slots = new AtomicReferenceArray<>(capacity);
    }

    // before every other observer of the event (they default to APPLICATION + 500): what they tell consoles and
    // streams about the entry must already be readable here
    void add(@Observes @Priority(Interceptor.Priority.APPLICATION) @Resolved TraceEntry entry) {
        append(entry);
    }

    public void append(TraceEntry entry) {
        long sequence = entry.getSequence();
        int slot = slot(sequence);
        TraceEntry replaced;
        do {
            replaced = slots.get(slot);
            if (replaced == entry || replaced != null && replaced.getSequence() > sequence) {
                // stored already, or a writer far behind (more than the capacity) whose entry has already fallen off
                replaced = entry;
                break;
            }
        } while (!slots.compareAndSet(slot, replaced, entry));
        if (replaced != entry) {
            if (replaced != null) {
                heldBySeverity.decrementAndGet(replaced.getSeverity().ordinal());
            }
            heldBySeverity.incrementAndGet(entry.getSeverity().ordinal());
        }
        highest.accumulateAndGet(sequence, Math::max);
        total.incrementAndGet();
    }

    public int capacity() {
        return capacity;
    }

    /** The highest sequence stored so far; 0 when empty. */
    public long highestSequence() {
        return highest.get();
    }

    /** Entries stored since start, including those already fallen off. */
    public long totalAppended() {
        return total.get();
    }

    /** How many entries the buffer holds now. */
    public int size() {
        return (int) Math.min(capacity, total.get());
    }

    public Optional<TraceEntry> bySequence(long sequence) {
        if (sequence < 1) {
            return Optional.empty();
        }
        TraceEntry entry = slots.get(slot(sequence));
        return entry != null && entry.getSequence() == sequence ? Optional.of(entry) : Optional.empty();
    }

    public Optional<TraceEntry> byId(String id) {
        if (TraceIds.local(id)) {
            return TraceIds.sequenceOf(id).stream().boxed().findFirst().flatMap(this::bySequence);
        }
        // another node's id: its place here is not in it, so look (a row opened or re-evaluated, not ingestion)
        for (int i = 0; i < capacity; i++) {
            TraceEntry entry = slots.get(i);
            if (entry != null && entry.getId().equals(id)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** The oldest sequence that may still be held. */
    public long oldestRetained() {
        return Math.max(1, highest.get() - capacity + 1);
    }

    /** Newest first, skipping {@code skip} matches, at most {@code limit} of them. */
    public List<TraceEntry> newest(Predicate<TraceEntry> filter, int skip, int limit) {
        return newest(filter, skip, limit, Long.MAX_VALUE);
    }

    /** As {@link #newest(Predicate, int, int)}, ignoring entries above {@code upTo}: a paused view stays still. */
    public List<TraceEntry> newest(Predicate<TraceEntry> filter, int skip, int limit, long upTo) {
        List<TraceEntry> page = new ArrayList<>(Math.min(limit, 256));
        long top = Math.min(highest.get(), upTo);
        long bottom = Math.max(1, highest.get() - capacity + 1);
        int skipped = 0;
        for (long s = top; s >= bottom && page.size() < limit; s--) {
            TraceEntry entry = slots.get(slot(s));
            if (entry == null || entry.getSequence() != s || !filter.test(entry)) {
                continue;
            }
            if (skipped < skip) {
                skipped++;
            } else {
                page.add(entry);
            }
        }
        return page;
    }

    /** Counts entries matching the filter among those held, optionally only those above a sequence. */
    public int count(Predicate<TraceEntry> filter, long above) {
        return count(filter, above, Long.MAX_VALUE);
    }

    /** Counts entries matching the filter with a sequence above {@code above} and not above {@code upTo}. */
    public int count(Predicate<TraceEntry> filter, long above, long upTo) {
        long top = Math.min(highest.get(), upTo);
        long bottom = Math.max(Math.max(1, highest.get() - capacity + 1), above + 1);
        int count = 0;
        for (long s = top; s >= bottom; s--) {
            TraceEntry entry = slots.get(slot(s));
            if (entry != null && entry.getSequence() == s && filter.test(entry)) {
                count++;
            }
        }
        return count;
    }

    /**
     * What a console shows about the buffer, in one pass: entries held per severity (indexed by ordinal), and among
     * those not above {@code upTo} how many there are and how many match the filter.
     */
    public Census census(Predicate<TraceEntry> filter, long upTo) {
        if (filter instanceof TraceFilter f && f.isEmpty()) {
            return censusOfAll(upTo);
        }
        return walkedCensus(filter, upTo);
    }

    /** The census of an unfiltered view from the running counts: only entries above {@code upTo} are read. */
    private Census censusOfAll(long upTo) {
        long top = highest.get();
        long[] bySeverity = new long[heldBySeverity.length()];
        long held = 0;
        for (int i = 0; i < bySeverity.length; i++) {
            bySeverity[i] = heldBySeverity.get(i);
            held += bySeverity[i];
        }
        // upTo is often Long.MAX_VALUE: compared before adding, or it wraps
        long bottom = upTo >= top ? top + 1 : Math.max(Math.max(1, top - capacity + 1), upTo + 1);
        for (long s = top; s >= bottom; s--) {
            TraceEntry entry = slots.get(slot(s));
            if (entry != null && entry.getSequence() == s) {
                held--;
            }
        }
        int shown = (int) Math.max(0, held);
        return new Census(bySeverity, shown, shown);
    }

    /** The census by reading every entry held: for a filtered view, and what {@link #censusOfAll} must agree with. */
    Census walkedCensus(Predicate<TraceEntry> filter, long upTo) {
        long[] bySeverity = new long[Severity.values().length];
        int held = 0;
        int matching = 0;
        long top = highest.get();
        long bottom = Math.max(1, top - capacity + 1);
        for (long s = top; s >= bottom; s--) {
            TraceEntry entry = slots.get(slot(s));
            if (entry == null || entry.getSequence() != s) {
                continue;
            }
            bySeverity[entry.getSeverity().ordinal()]++;
            if (s <= upTo) {
                held++;
                if (filter.test(entry)) {
                    matching++;
                }
            }
        }
        return new Census(bySeverity, held, matching);
    }

    /** See {@link #census(Predicate, long)}. */
    public record Census(long[] bySeverity, int held, int matching) {
    }

    /** Oldest first, entries with a sequence above {@code after}, at most {@code max}; for streams that resume. */
    public List<TraceEntry> after(long after, int max) {
        long top = highest.get();
        long from = Math.max(after + 1, Math.max(1, top - capacity + 1));
        List<TraceEntry> batch = new ArrayList<>();
        for (long s = from; s <= top && batch.size() < max; s++) {
            TraceEntry entry = slots.get(slot(s));
            if (entry != null && entry.getSequence() == s) {
                batch.add(entry);
            } else if (top - s < IN_FLIGHT) {
                // a concurrent writer has taken this sequence but not stored it yet: stop here, never skip it
                break;
            }
        }
        return batch;
    }

    /**
     * The highest sequence below which nothing is still being written: every entry up to it that the buffer holds is
     * readable. A console that is sent "everything up to here" therefore never misses an entry that was in flight.
     */
    public long settled() {
        long top = highest.get();
        long s = Math.max(Math.max(1, top - capacity + 1), top - IN_FLIGHT);
        long settled = s - 1;
        for (; s <= top; s++) {
            TraceEntry entry = slots.get(slot(s));
            if (entry == null || entry.getSequence() != s) {
                break;
            }
            settled = s;
        }
        return settled;
    }

    /**
     * What a live console has not been sent yet: the newest {@code limit} matching entries above {@code after} and not
     * above {@code upTo} (newest first; a {@link #settled()} taken once per push, so every console is sent up to the
     * same sequence), and the sequence they bring the console up to. Entries that arrived faster than a console could
     * show them are counted, not sent.
     */
    public Fresh fresh(Predicate<TraceEntry> filter, long after, int limit, long upTo) {
        List<TraceEntry> entries = new ArrayList<>(Math.min(limit, 64));
        long bottom = Math.max(Math.max(1, highest.get() - capacity + 1), after + 1);
        for (long s = upTo; s >= bottom && entries.size() < limit; s--) {
            TraceEntry entry = slots.get(slot(s));
            if (entry != null && entry.getSequence() == s && filter.test(entry)) {
                entries.add(entry);
            }
        }
        return new Fresh(entries, Math.max(after, upTo));
    }

    /** See {@link #fresh(Predicate, long, int, long)}. */
    public record Fresh(List<TraceEntry> entries, long upTo) {
    }

    private int slot(long sequence) {
        return (int) (sequence % capacity);
    }
}
