package org.sipalg.core.registration;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** A reader's copy of a {@link Binding}: where to reach the registered user, and its real Contact. */
public final class BindingView {
    private final UnsafeBuffer contact = new UnsafeBuffer(new byte[Binding.MAX_CONTACT_LENGTH]);
    private int contactLength;
    private int realm;
    private int sourceIp;
    private int sourcePort;

    void set(int realm, int sourceIp, int sourcePort, DirectBuffer contactBytes, int length) {
        this.realm = realm;
        this.sourceIp = sourceIp;
        this.sourcePort = sourcePort;
        this.contact.putBytes(0, contactBytes, 0, length);
        this.contactLength = length;
    }

    public int realm() {
        return realm;
    }

    public int sourceIp() {
        return sourceIp;
    }

    public int sourcePort() {
        return sourcePort;
    }

    public DirectBuffer contact() {
        return contact;
    }

    public int contactLength() {
        return contactLength;
    }
}
