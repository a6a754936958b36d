package org.tandem.objects.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link IpText#isCanonicalV4} and {@link IpText#isCanonicalV6} (the streaming decoder's shortcut
 * for an address already in normal form) say yes exactly when {@link IpText#normalize} returns the
 * text unchanged.
 */
class IpTextCanonicalTest {
    private static final long SEED = Long.getLong("tandem.test.seed", System.nanoTime());

    /** Eight groups, zero-heavy so that runs of every length and position come up. */
    private static int[] words(Random r) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = switch (r.nextInt(5)) {
                case 0, 1 -> 0;
                case 2 -> r.nextInt(16);
                case 3 -> 0xffff;
                default -> r.nextInt(0x10000);
            };
        }
        return w;
    }

    /** The words written in some way: full, with leading zeros, upper case, any zero run compressed. */
    private static String written(int[] w, Random r) {
        int from = -1;
        int to = -1;
        if (r.nextBoolean()) {
            from = r.nextInt(8);
            to = from;
            while (to < 8 && w[to] == 0) {
                to++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == from && to > from) {
                sb.append(i == 0 ? "::" : ":");
                i = to - 1;
                continue;
            }
            String g = Integer.toHexString(w[i]);
            if (r.nextInt(8) == 0) {
                g = "0" + g;
            }
            if (r.nextInt(8) == 0) {
                g = g.toUpperCase();
            }
            sb.append(g);
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    @Test
    void canonicalExactlyWhenNormalizingKeepsTheText() {
        Random r = new Random(SEED);
        List<String> texts = new ArrayList<>(List.of("::", "::1", "1::", "::0", "0::", "::ffff:0:0", "::ffff:1:2", "::1:2",
                "::0:1:2", "1:2:3:4:5:6:7::", "1:2:3:4:5:6::", "1:0:0:1::", "1::1:0:0:1", "1:0:0:1:0:0:1:1", "0:0:1::1",
                "1::0:1", "2001:db8::17", "2001:DB8::17", "2001:0db8::17", ":1::2", "1:2:", "1::2::3", "1:2:3:4:5:6:7:8:9",
                "12345::", "::1.2.3.4", "::ffff:1.2.3.4", "fe80::1%eth0", "", ":", "1.2.3.4", "01.2.3.4", "1.2.3",
                "255.255.255.255", "256.1.1.1", "0.0.0.0", "1.2.3.4.", "0x1.2.3.4", "10"));
        for (int i = 0; i < 20000; i++) {
            int[] w = words(r);
            String full = written(w, r);
            texts.add(full);
            String normal = IpText.normalize(full);
            if (normal != null) {
                texts.add(normal);
            }
            texts.add(r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(300) + "." + (r.nextBoolean() ? "0" : "")
                    + r.nextInt(256));
        }
        int canonicalV6 = 0;
        for (String t : texts) {
            String normal = IpText.normalize(t);
            boolean keeps = t.equals(normal);
            assertThat(IpText.isCanonicalV6(t)).as("v6 '%s' normalizes to '%s' (seed %d)", t, normal, SEED)
                    .isEqualTo(keeps && IpText.isV6(t) && t.indexOf('.') < 0);
            assertThat(IpText.isCanonicalV4(t)).as("v4 '%s' normalizes to '%s' (seed %d)", t, normal, SEED)
                    .isEqualTo(keeps && !IpText.isV6(t));
            canonicalV6 += IpText.isCanonicalV6(t) ? 1 : 0;
        }
        assertThat(canonicalV6).as("canonical IPv6 texts tried").isGreaterThan(5000);
    }
}
