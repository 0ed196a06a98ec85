package org.mcptrace.application;

import java.util.List;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * A live buffer whose writers run between a reader's look at what is retained and its read, every time the test asks:
 * the race a stream client at the buffer's far end meets under load, made to happen on cue.
 */
public class RacingLiveBuffer extends LiveBuffer {

    private volatile Runnable beforeNextRead;

    public RacingLiveBuffer(int capacity) {
        super(capacity);
    }

    /** {@code writers} runs once, inside the next {@link #after} call, before it reads. */
    public void beforeNextRead(Runnable writers) {
        beforeNextRead = writers;
    }

    @Override
    public List<TraceEntry> after(long after, int max) {
        Runnable writers = beforeNextRead;
        beforeNextRead = null;
        if (writers != null) {
            writers.run();
        }
        return super.after(after, max);
    }

    /** Appends entries {@code from} to {@code to}, as ingestion would. */
    public void appendRange(long from, long to) {
        for (long s = from; s <= to; s++) {
            append(LiveBufferTest.entry(s, "10.0.0." + (s % 250)));
        }
    }
}
