package org.tandem.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesAreSaltedArgon2idAndVerify() {
        String a = hasher.hash("correct horse".toCharArray());
        String b = hasher.hash("correct horse".toCharArray());
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b).doesNotContain("correct");
        assertThat(PasswordHasher.verify("correct horse".toCharArray(), a)).isTrue();
        assertThat(PasswordHasher.verify("correct horse".toCharArray(), b)).isTrue();
        assertThat(PasswordHasher.verify("correct hors".toCharArray(), a)).isFalse();
        assertThat(PasswordHasher.verify("".toCharArray(), a)).isFalse();
    }

    @Test
    void hashesKeepTheirOwnCostAndMalformedOnesNeverVerify() {
        String cheap = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1)).hash("pw".toCharArray());
        assertThat(cheap).contains("m=64,t=1,p=1");
        assertThat(PasswordHasher.verify("pw".toCharArray(), cheap)).isTrue();
        for (String bad : new String[] {null, "", "pw", "$argon2id$v=19$", "$argon2id$v=19$m=x,t=1,p=1$AA$AA",
                "$argon2id$v=19$m=64,t=1,p=1$!!$!!", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAA"}) {
            assertThat(PasswordHasher.verify("pw".toCharArray(), bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
