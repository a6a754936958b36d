package org.tandem.compute.driver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tandem.model.VmStates;

/** A hypervisor that keeps instances as records with a power state and a console log. */
public final class FakeDriver {
    /** One guest. */
    public static final class Guest {
        private final String name;
        private volatile long powerState;
        private final List<String> console = new ArrayList<>();

        Guest(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public long powerState() {
            return powerState;
        }

        synchronized void log(String line) {
            console.add(Instant.now() + " " + line);
        }

        synchronized List<String> console() {
            return List.copyOf(console);
        }
    }

    /** Raised when a spawn fails (the injected failure of {@link FakeDriverSpec#failSpawnFor()}). */
    public static final class SpawnFailed extends RuntimeException {
        public SpawnFailed(String message) {
            super(message);
        }
    }

    private final String host;
    private final FakeDriverSpec spec;
    private final Map<String, Guest> guests = new ConcurrentHashMap<>();

    public FakeDriver(String host, FakeDriverSpec spec) {
        this.host = host;
        this.spec = spec;
    }

    public FakeDriverSpec spec() {
        return spec;
    }

    public String hypervisorHostname() {
        return host;
    }

    public void spawn(String uuid, String name) {
        if (spec.failSpawnFor() != null && name != null && spec.failSpawnFor().matcher(name).matches()) {
            throw new SpawnFailed("Fake spawn failure injected on " + host + " for instance name '" + name + "'");
        }
        Guest g = new Guest(name);
        g.powerState = VmStates.Power.RUNNING;
        g.log("Booting " + name + " (" + uuid + ") on " + host);
        g.log("login: ");
        guests.put(uuid, g);
    }

    /**
     * Takes over a guest that existed before this compute process started: guests outlive a
     * nova-compute restart (or upgrade, or rollback) on a real hypervisor, and the fake one keeps
     * no state of its own, so the compute re-creates them from its instance records at start.
     */
    public void adopt(String uuid, String name, long powerState) {
        guests.computeIfAbsent(uuid, u -> {
            Guest g = new Guest(name);
            g.powerState = powerState;
            g.log("Found " + name + " (" + uuid + ") on " + host + " after a compute service restart");
            return g;
        });
    }

    public void destroy(String uuid) {
        guests.remove(uuid);
    }

    public void reboot(String uuid, String type) {
        Guest g = guest(uuid);
        g.log(type + " reboot");
        g.powerState = VmStates.Power.RUNNING;
    }

    public void powerOff(String uuid) {
        Guest g = guest(uuid);
        g.log("Powering off");
        g.powerState = VmStates.Power.SHUTDOWN;
    }

    public void powerOn(String uuid) {
        Guest g = guest(uuid);
        g.log("Powering on");
        g.powerState = VmStates.Power.RUNNING;
    }

    /** Source side of a resize: power off, keep the guest until confirm or revert. */
    public void migrateDiskAndPowerOff(String uuid, String dest) {
        Guest g = guest(uuid);
        g.log("Migrating disk to " + dest);
        g.powerState = VmStates.Power.SHUTDOWN;
    }

    /** Destination side of a resize: the guest appears here, running. */
    public void finishMigration(String uuid, String name) {
        Guest g = new Guest(name);
        g.powerState = VmStates.Power.RUNNING;
        g.log("Resized/migrated " + name + " (" + uuid + ") arrived on " + host);
        guests.put(uuid, g);
    }

    public List<String> consoleOutput(String uuid) {
        return guest(uuid).console();
    }

    public Guest guest(String uuid) {
        Guest g = guests.get(uuid);
        if (g == null) {
            throw new IllegalStateException("Instance " + uuid + " is not on fake hypervisor " + host);
        }
        return g;
    }

    public boolean has(String uuid) {
        return guests.containsKey(uuid);
    }

    public int guestCount() {
        return guests.size();
    }
}
