package org.sipalg.transport.mgmt;

/**
 * {@code sipalg:type=Registrations}: bindings the ALG keeps for users registered through it; the
 * table is the attribute {@value #TABLE} (TabularData), served by {@link MXBeanWithTable}.
 */
public interface RegistrationsMXBean {
    /** The name of the registrations table attribute. */
    String TABLE = "Registrations";

    /** Bindings kept now (registered and pending). */
    int getCount();

    /** Bindings the registrar confirmed, new or refreshed, since start. */
    long getRegistrationsConfirmed();

    /** Bindings removed because they expired or were never confirmed. */
    long getBindingsExpired();

    /** NAT keep-alives sent to registered contacts. */
    long getKeepalivesSent();

    /** The keep-alive in use: crlf, options or off, and its interval. */
    String getKeepalive();

    /** What this bean shows and how. */
    String getNote();
}
