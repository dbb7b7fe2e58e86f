package org.sipalg.transport.mgmt;

import java.util.Map;

/**
 * {@code sipalg:type=Alg}: the edge at a glance, and the operations that change it live.
 * Counters count since start or since {@link #resetCounters()}.
 */
public interface AlgMXBean {
    /** {@code running}, or {@code draining} while new calls are refused. */
    String getState();

    boolean isDraining();

    long getUptimeSeconds();

    String getConfigFile();

    String getLogLevel();

    int getShards();

    int getRingSize();

    /** Ring slots in use at the moment of reading. */
    long getRingOccupancy();

    /** Back-pressure: datagrams dropped because the ring was full. */
    long getRingFullDrops();

    long getRequestsReceived();

    long getRequestsForwarded();

    long getResponsesReceived();

    long getResponsesForwarded();

    /** Final responses the ALG wrote itself (4xx, 5xx, 200 to OPTIONS); 100 Trying is counted apart. */
    long getLocalResponsesSent();

    long getLocal4xxSent();

    long getLocal5xxSent();

    /** Messages that did not parse: dropped, or answered 400/505/513. */
    long getParseErrors();

    /** Bugs caught by a stage; should stay 0. */
    long getErrors();

    /** Every datagram or request that was not forwarded, by reason (counter name to count). */
    Map<String, Long> getDrops();

    /** Every counter of the ALG by name. */
    Map<String, Long> getCounters();

    /**
     * Re-reads the configuration file and applies what can change live (log level, call timers,
     * realm networks, next hops, advertised names, aliases). A bad file, or a change that needs a
     * restart, is refused with {@code file: key: reason}, and the running config stays.
     *
     * @return what changed
     */
    String reloadConfig();

    /** Refuses new calls with {@code 503 Service Unavailable (draining)}; calls in progress go on. */
    String drain();

    /** Ends a drain: new calls are accepted again. */
    String resume();

    /** Zeroes the counters and the latency histograms. */
    String resetCounters();
}
