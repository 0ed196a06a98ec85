package org.mcptrace.interfaces.rest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * The JSON of the newest entries, so that an entry is serialised once, not once for the ingestion response and again
 * for every stream client. Kept here rather than on the entry, whose domain class knows nothing of JSON.
 *
 * <p>Slots are indexed by sequence and hold the entry itself, so a slot taken over by a newer entry (or, after a
 * restart, by a different entry with the same sequence) is simply a miss, and a slot never goes back to an older entry. Stream clients read close behind the newest
 * entry, so a small ring serves nearly all of them; one far behind serialises for itself. Entries without a sequence
 * (dry runs) are never kept.
 */
@ApplicationScoped
public class EntryJsonCache {

    // a power of two; 1,024 entries of about 1 KiB of text each
    private static final int SLOTS = 1024;

    private record Serialised(TraceEntry entry, String json) {
    }

    private final AtomicReferenceArray<Serialised> slots = new AtomicReferenceArray<>(SLOTS);

    /** The entry as {@link TraceEntryJson#of(TraceEntry)} writes it. */
    public String json(TraceEntry entry) {
        long sequence = entry.getSequence();
        if (sequence <= 0) {
            return TraceEntryJson.of(entry);
        }
        int slot = (int) (sequence & (SLOTS - 1));
        Serialised held = slots.get(slot);
        if (held != null && held.entry == entry) {
            return held.json;
        }
        String json = TraceEntryJson.of(entry);
        // a client far behind must not evict the newest entries, which everybody else is about to read; two threads
        // serialising the same entry at once both store the same text, which is harmless
        if (held == null || held.entry.getSequence() < sequence) {
            slots.set(slot, new Serialised(entry, json));
        }
        return json;
    }
}
