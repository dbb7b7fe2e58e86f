package org.sipalg.transport.mgmt;

/**
 * {@code sipalg:type=Registrations}: bindings the ALG keeps for registered users; the table is
 * the attribute {@value #TABLE} (TabularData), served by {@link MXBeanWithTable}.
 */
public interface RegistrationsMXBean {
    /** The name of the registrations table attribute. */
    String TABLE = "Registrations";

    int getCount();

    /** What this bean does not show yet, and why. */
    String getNote();
}
