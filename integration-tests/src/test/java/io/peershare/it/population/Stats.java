package io.peershare.it.population;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one kind of request (register, announce, heartbeat) did: answers by status, failures by exception, and a
 * latency histogram with buckets 5 % apart (enough for p50/p99, constant memory however many requests).
 */
public final class Stats {

    private static final double STEP = Math.log(1.05);
    private static final int BUCKETS = 512; // 1.05^512 µs is far beyond any request deadline

    private final String kind;
    private final AtomicLongArray latency = new AtomicLongArray(BUCKETS);
    private final ConcurrentHashMap<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LongAdder ok = new LongAdder();
    private final LongAdder all = new LongAdder();
    private final LongAdder retries = new LongAdder();

    public Stats(String kind) {
        this.kind = kind;
    }

    /** One answer with HTTP status {@code status} after {@code nanos}; {@code success} says whether it was the expected one. */
    void answered(int status, long nanos, boolean success) {
        record(String.valueOf(status), nanos);
        if (success) {
            ok.increment();
        }
    }

    /** One answer with {@code status} that was retried: counted under "status type retried", not as a final answer. */
    void retried(int status, String problemType, long nanos) {
        record(status + " " + problemType + " retried", nanos);
        retries.increment();
    }

    /** Answers that were retried (each retry is one). */
    public long retries() {
        return retries.sum();
    }

    /** One request that got no answer (timeout, refused connection...). */
    void failed(Throwable error, long nanos) {
        record(error.getClass().getSimpleName(), nanos);
    }

    private void record(String outcome, long nanos) {
        all.increment();
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
        double micros = Math.max(1, nanos / 1000.0);
        latency.incrementAndGet(Math.min(BUCKETS - 1, (int) (Math.log(micros) / STEP)));
    }

    public long succeeded() {
        return ok.sum();
    }

    public long total() {
        return all.sum();
    }

    /** Answers and failures by status or exception name. */
    public Map<String, Long> outcomes() {
        Map<String, Long> sorted = new TreeMap<>();
        outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    /** The latency below which {@code fraction} of the requests fell, in milliseconds (bucket upper bound). */
    public double percentileMillis(double fraction) {
        long count = total();
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * count);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += latency.get(i);
            if (seen >= rank) {
                return Math.exp((i + 1) * STEP) / 1000.0;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** One line: kind, rate over {@code seconds}, outcomes, p50/p99. */
    public String line(double seconds) {
        return "%-9s %8d ok %9.0f/s  p50 %7.2f ms  p99 %7.2f ms  %s".formatted(kind, succeeded(),
                seconds > 0 ? succeeded() / seconds : 0, percentileMillis(0.50), percentileMillis(0.99), outcomes());
    }
}
