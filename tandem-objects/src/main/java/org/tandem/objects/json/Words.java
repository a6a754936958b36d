package org.tandem.objects.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** What the reader and the writer use to look at eight bytes at a time (SWAR). */
final class Words {
    /** Eight bytes of a byte[] as one little-endian long: the lowest byte is the first in the array. */
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** 0x01 in every byte: {@code ONES * c} is byte c in every lane. */
    static final long ONES = 0x0101010101010101L;
    /** The high bit of every byte, where the eight-at-a-time checks leave their flags. */
    static final long HIGH = 0x8080808080808080L;

    private Words() {
    }
}
