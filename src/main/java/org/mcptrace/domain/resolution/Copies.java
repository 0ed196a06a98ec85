package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Immutable copies that tolerate null input, because the resolver must never throw on what callers hand it. */
final class Copies {

    private Copies() {
    }

    static <T> List<T> withoutNulls(Collection<? extends T> source) {
        if (source == null || source.isEmpty()) {
            return List.of();
        }
        boolean hasNull = false;
        for (T element : source) {
            hasNull |= element == null;
        }
        if (!hasNull) {
            // returns an already immutable list as is, which the resolver's own lists always are
            return List.copyOf(source);
        }
        List<T> copy = new ArrayList<>(source.size());
        for (T element : source) {
            if (element != null) {
                copy.add(element);
            }
        }
        return List.copyOf(copy);
    }
}
