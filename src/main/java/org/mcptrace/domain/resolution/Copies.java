package org.mcptrace.domain.resolution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Immutable copies that tolerate null input, because the resolver must never throw on what callers hand it. */
final class Copies {

    private Copies() {
    }

    static <T> List<T> withoutNulls(Collection<? extends T> source) {
        if (source == null) {
            return List.of();
        }
        for (T element : source) {
            if (element == null) {
                List<T> copy = new ArrayList<>(source);
                copy.removeIf(Objects::isNull);
                return List.copyOf(copy);
            }
        }
        // returns an already immutable list as is, which the resolver's own lists always are
        return List.copyOf(source);
    }
}
