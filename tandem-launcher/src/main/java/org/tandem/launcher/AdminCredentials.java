package org.tandem.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.tandem.db.Database;
import org.tandem.identity.Bootstrap;
import org.tandem.identity.IdentityStore;

/**
 * The all-in-one's admin: bootstraps user {@code admin} on project {@code admin} with a generated
 * password kept in {@code <state_path>/admin-password} (mode 0600, created that way, never printed).
 * A later start on the same state reuses the file; if the file is gone, a new password is generated
 * and set.
 */
final class AdminCredentials {
    static final String FILE_NAME = "admin-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminCredentials() {
    }

    /** Bootstraps the admin if needed and returns the password file. */
    static Path ensure(Database db, Path statePath) {
        Path file = statePath.resolve(FILE_NAME).toAbsolutePath().normalize();
        IdentityStore identity = new IdentityStore(db);
        boolean adminExists = identity.userByName(IdentityStore.DEFAULT_DOMAIN_ID, Bootstrap.ADMIN).isPresent();
        if (adminExists && Files.isRegularFile(file)) {
            return file;
        }
        byte[] raw = new byte[18];
        RANDOM.nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        write(file, password);
        Bootstrap.run(identity, Bootstrap.ADMIN, Bootstrap.ADMIN, password.toCharArray(), true);
        return file;
    }

    private static void write(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new LaunchException("Cannot create the admin password file " + file + ": it was created meanwhile; "
                    + "is another all-in-one using this state_path?");
        } catch (IOException e) {
            throw new LaunchException("Cannot write the admin password file " + file + ": " + e.getMessage()
                    + ". Check that state_path is writable.");
        }
    }
}
