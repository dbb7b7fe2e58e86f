package org.sipalg.transport.mgmt;

import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * {@link RegistrationsMXBean}: the ALG keeps no registration state yet (issue 6), so the count is
 * 0 and the table empty, with the columns it will have, so that consoles and scripts can rely on
 * the shape now.
 */
final class RegistrationsBean implements RegistrationsMXBean {
    static final String[] COLUMNS = {"aor", "realm", "contact", "contactSeenAs", "expiresSeconds"};
    static final TabularType TABLE_TYPE;

    static {
        try {
            CompositeType row = new CompositeType("sipalg.Registration", "one registered binding", COLUMNS,
                new String[] {"address of record", "realm the user registered from", "the user's real Contact",
                    "the Contact the registrar sees (the ALG's face and token)", "seconds until the binding expires"},
                new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.LONG});
            TABLE_TYPE = new TabularType("sipalg.Registrations", "registered bindings", row, new String[] {"aor", "contact"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public int getCount() {
        return 0;
    }

    /** Address of record, contact as each side sees it, realm, seconds left: empty until issue 6. */
    TabularData registrations() {
        return new TabularDataSupport(TABLE_TYPE);
    }

    @Override
    public String getNote() {
        return "registration state comes with issue 6; REGISTER is relayed like any request until then";
    }
}
