package org.sipalg.transport.mgmt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.ReflectionException;
import javax.management.StandardMBean;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularType;

/**
 * An MXBean plus one read-only {@link TabularData} attribute of a declared {@link TabularType}.
 * The MXBean mapping cannot carry TabularData itself (it would flatten the interface's getters
 * into a CompositeData), so the table is served here, with its open type in the MBeanInfo: any
 * JMX client (JConsole, VisualVM) shows it as a table without our classes.
 */
final class MXBeanWithTable extends StandardMBean {
    private final String tableAttribute;
    private final MBeanAttributeInfo tableInfo;
    private final Supplier<TabularData> table;

    <T> MXBeanWithTable(T implementation, Class<T> mxbeanInterface, String tableAttribute, String description,
                        TabularType type, Supplier<TabularData> table) {
        super(implementation, mxbeanInterface, true);
        this.tableAttribute = tableAttribute;
        this.tableInfo = new OpenMBeanAttributeInfoSupport(tableAttribute, description, type, true, false, false);
        this.table = table;
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException, MBeanException, ReflectionException {
        return name.equals(tableAttribute) ? table.get() : super.getAttribute(name);
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        AttributeList values = new AttributeList();
        for (String name : names) {
            try {
                values.add(new Attribute(name, getAttribute(name)));
            } catch (JMException | RuntimeException e) {
                // JMX semantics: an attribute that cannot be read is left out of the list
            }
        }
        return values;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanInfo info = super.getMBeanInfo();
        List<MBeanAttributeInfo> attributes = new ArrayList<>(List.of(info.getAttributes()));
        attributes.add(tableInfo);
        return new MBeanInfo(info.getClassName(), info.getDescription(), attributes.toArray(new MBeanAttributeInfo[0]),
            info.getConstructors(), info.getOperations(), info.getNotifications(), info.getDescriptor());
    }
}
