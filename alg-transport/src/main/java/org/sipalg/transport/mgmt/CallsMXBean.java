package org.sipalg.transport.mgmt;

/**
 * {@code sipalg:type=Calls}: calls in progress, the rate of new ones, and the call table: the
 * attribute {@value #TABLE} (TabularData, at most {@link #getRowLimit()} rows keyed by Call-ID),
 * served beside this interface by {@link MXBeanWithTable}.
 */
public interface CallsMXBean {
    /** The name of the call table attribute. */
    String TABLE = "Calls";

    /** INVITE calls being set up or established (not yet ended). */
    int getActiveCalls();

    /** Entries in the call tables: active calls, ended ones kept for retransmissions, other dialogs. */
    int getTableEntries();

    int getTableCapacity();

    long getCallsStarted();

    long getCallsEnded();

    /** New calls per second over the last few seconds. */
    double getCallsPerSecond();

    long getRefusedTableFull();

    long getRefusedNoMediaPort();

    long getRefusedDraining();

    int getRowLimit();

    /** Ends the call with this Call-ID with a BYE to each side; false when no such call is live. */
    boolean terminateCall(String callId);
}
