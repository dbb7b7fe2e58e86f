package org.sipalg.core.proxy;

import org.agrona.DirectBuffer;
import org.sipalg.core.call.Call;
import org.sipalg.core.route.RealmTable;
import org.sipalg.core.sip.HeaderName;
import org.sipalg.core.sip.HeaderValueCursor;
import org.sipalg.core.sip.NameAddr;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.sip.UriView;

/**
 * Keeps a dialog's route sets from the Record-Route of the answer that confirms it (RFC 3261
 * §12.1), as the ALG needs them for requests of its own (a BYE on timeout or by the operator): the
 * entries above the ALG's own are the proxies towards the callee, in reverse; those below are the
 * proxies towards the caller, in order. Not thread-safe: one per owner.
 */
final class RouteSetKeeper {
    private static final int MAX_ENTRIES = 16;

    private final HeaderValueCursor values = new HeaderValueCursor();
    private final UriView uri = new UriView();
    private final int[] starts = new int[MAX_ENTRIES];
    private final int[] ends = new int[MAX_ENTRIES];

    void keep(SipMessage answer, Call call, RealmTable realms) {
        call.clearRouteSet(Call.CALLER);
        call.clearRouteSet(Call.CALLEE);
        if (!values.first(answer, HeaderName.RECORD_ROUTE)) {
            return;
        }
        DirectBuffer buffer = answer.buffer();
        int count = 0;
        int firstOwn = -1;
        int lastOwn = -1;
        do {
            if (count == MAX_ENTRIES) {
                return;   // a route this long is not one the ALG can keep whole: send along the Contact
            }
            starts[count] = values.start();
            ends[count] = values.end();
            long range = NameAddr.uriRange(buffer, values.start(), values.end());
            if (range >= 0 && uri.wrap(buffer, NameAddr.start(range), NameAddr.end(range))
                && realms.isOwn(buffer, uri.hostOffset(), uri.hostLength(), uri.port())) {
                firstOwn = firstOwn < 0 ? count : firstOwn;
                lastOwn = count;
            }
            count++;
        } while (values.next());
        if (firstOwn < 0) {
            return;
        }
        for (int i = firstOwn - 1; i >= 0; i--) {
            call.appendRoute(Call.CALLEE, buffer, starts[i], ends[i] - starts[i]);
        }
        for (int i = lastOwn + 1; i < count; i++) {
            call.appendRoute(Call.CALLER, buffer, starts[i], ends[i] - starts[i]);
        }
    }
}
