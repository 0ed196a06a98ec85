package org.mcptrace.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Chromium trace (the events DevTools {@code Tracing} reports) summed up as thread time: per process, per thread and
 * per event as self time, an event's own time less that of the events nested in it on its thread, so that nothing is
 * counted twice and the lines of a thread add up to its total.
 */
final class Trace {

    /** One timed event: where it ran, when (wall clock) and its thread time, both in microseconds. */
    private record Timed(String process, String thread, String name, double ts, double end, double tdur) {
    }

    private final List<Timed> timed;

    private Trace(List<Timed> timed) {
        this.timed = timed;
    }

    @SuppressWarnings("unchecked")
    static Trace of(List<Map<String, Object>> events) {
        Map<Object, String> processes = new HashMap<>();
        Map<String, String> threads = new HashMap<>();
        for (Map<String, Object> e : events) {
            Object name = e.get("args") instanceof Map<?, ?> args ? ((Map<String, Object>) args).get("name") : null;
            if ("process_name".equals(e.get("name"))) {
                processes.put(e.get("pid"), String.valueOf(name));
            } else if ("thread_name".equals(e.get("name"))) {
                threads.put(e.get("pid") + "/" + e.get("tid"), String.valueOf(name));
            }
        }
        List<Timed> timed = new ArrayList<>();
        // events given as a begin and an end ('B', 'E') rather than one complete event ('X'), matched per thread
        Map<String, Deque<Map<String, Object>>> begun = new HashMap<>();
        for (Map<String, Object> e : events) {
            String thread = e.get("pid") + "/" + e.get("tid");
            Object ph = e.get("ph");
            String process = processes.getOrDefault(e.get("pid"), "pid " + e.get("pid"));
            String threadName = threads.getOrDefault(thread, "tid " + e.get("tid"));
            if ("X".equals(ph) && e.get("tdur") instanceof Number tdur && e.get("dur") instanceof Number dur) {
                double ts = ((Number) e.get("ts")).doubleValue();
                timed.add(new Timed(process, threadName, String.valueOf(e.get("name")), ts, ts + dur.doubleValue(),
                        tdur.doubleValue()));
            } else if ("B".equals(ph) && e.get("tts") != null) {
                begun.computeIfAbsent(thread, t -> new ArrayDeque<>()).push(e);
            } else if ("E".equals(ph) && e.get("tts") != null) {
                Map<String, Object> b = begun.getOrDefault(thread, new ArrayDeque<>()).poll();
                if (b != null) {
                    double ts = ((Number) b.get("ts")).doubleValue();
                    timed.add(new Timed(process, threadName, String.valueOf(b.get("name")), ts,
                            ((Number) e.get("ts")).doubleValue(),
                            ((Number) e.get("tts")).doubleValue() - ((Number) b.get("tts")).doubleValue()));
                }
            }
        }
        return new Trace(timed);
    }

    /** Thread time per second and per draw: by process, by thread, and the events' self time, largest first. */
    String summary(int seconds, long draws, String title) {
        Map<String, Double> self = new HashMap<>();
        Map<String, Double> byThread = new HashMap<>();
        Map<String, Double> byProcess = new HashMap<>();
        Map<String, List<Timed>> perThread = new HashMap<>();
        for (Timed t : timed) {
            perThread.computeIfAbsent(t.process() + " / " + t.thread(), k -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<String, List<Timed>> thread : perThread.entrySet()) {
            List<Timed> list = thread.getValue();
            // outer events first: earlier start, and of two that start together the longer
            list.sort(Comparator.comparingDouble(Timed::ts).thenComparing(Comparator.comparingDouble(Timed::end).reversed()));
            Deque<Timed> open = new ArrayDeque<>();
            Map<Timed, Double> nested = new HashMap<>();
            for (Timed t : list) {
                while (!open.isEmpty() && open.peek().end() <= t.ts()) {
                    open.pop();
                }
                if (open.isEmpty()) {
                    byThread.merge(thread.getKey(), t.tdur(), Double::sum);
                    byProcess.merge(t.process(), t.tdur(), Double::sum);
                } else {
                    nested.merge(open.peek(), t.tdur(), Double::sum);
                }
                open.push(t);
            }
            for (Timed t : list) {
                self.merge(thread.getKey() + " " + t.name(), Math.max(0, t.tdur() - nested.getOrDefault(t, 0.0)),
                        Double::sum);
            }
        }
        StringBuilder out = new StringBuilder(String.format("%s, %d draws: thread time in ms per second and per draw%n",
                title, draws));
        section(out, "by process", byProcess, seconds, draws, 10);
        section(out, "by thread", byThread, seconds, draws, 14);
        section(out, "by event, self time", self, seconds, draws, 40);
        return out.toString();
    }

    private static void section(StringBuilder out, String name, Map<String, Double> micros, int seconds, long draws,
            int limit) {
        out.append("  ").append(name).append(":\n");
        micros.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.append(String.format("    %7.1f ms/s %6.2f ms/draw  %s%n", e.getValue() / 1000 / seconds,
                        draws > 0 ? e.getValue() / 1000 / draws : 0.0, e.getKey())));
    }
}
