package org.sipalg.transport.mgmt;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The JMX names of the ALG's MXBeans, all in one domain: {@code sipalg:type=<Concern>[,key=<instance>]}. */
public final class MgmtNames {
    public static final String DOMAIN = "sipalg";
    public static final String ALG = DOMAIN + ":type=Alg";
    public static final String CALLS = DOMAIN + ":type=Calls";
    public static final String REGISTRATIONS = DOMAIN + ":type=Registrations";
    public static final String MEDIA = DOMAIN + ":type=Media";
    /** Every realm's MXBean (a pattern). */
    public static final String REALMS = DOMAIN + ":type=Realm,*";
    /** Every pipeline stage's MXBean (a pattern). */
    public static final String STAGES = DOMAIN + ":type=Pipeline,*";

    /** Latency stages, in pipeline order. */
    public static final String STAGE_PARSE = "parse";
    public static final String STAGE_SEND = "send";
    public static final String STAGE_CALL_SETUP = "callSetup";

    private MgmtNames() {
    }

    public static String realm(String name) {
        return DOMAIN + ":type=Realm,name=" + name;
    }

    public static String stage(String stage) {
        return DOMAIN + ":type=Pipeline,stage=" + stage;
    }

    public static ObjectName of(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("bad JMX name " + name, e);
        }
    }
}
