package org.tandem.rpc;

import java.util.Map;

/** Endpoints shaped like Kilo's compute manager (3.40) and its 4.0 proxy. */
final class TestEndpoints {
    private TestEndpoints() {
    }

    @RpcEndpoint(version = "3.40")
    public static class ComputeManager {
        private final String label;

        public ComputeManager() {
            this("manager");
        }

        public ComputeManager(String label) {
            this.label = label;
        }

        public String getConsoleOutput(RequestContext ctx, Map<String, Object> instance, int tailLength) {
            return label + ":get_console_output:" + tailLength;
        }

        public String attachVolume(RequestContext ctx, Map<String, Object> instance, String volumeId,
                String mountpoint, @RpcArg(optional = true) Map<String, Object> bdm) {
            return label + ":attach_volume:" + volumeId + ":" + mountpoint;
        }

        public String quiesceInstance(RequestContext ctx, Map<String, Object> instance) {
            return label + ":quiesce_instance";
        }

        @RpcMethod("_sync_power_states")
        public String syncPowerStates(RequestContext ctx) {
            return "must never run";
        }

        /** Not an RPC method: no RequestContext first parameter. */
        public String describe() {
            return label;
        }
    }

    @RpcEndpoint(version = "4.0")
    public static class ComputeV4Proxy {
        public String getConsoleOutput(RequestContext ctx, Map<String, Object> instance, int tailLength) {
            return "proxy:get_console_output:" + tailLength;
        }

        public String attachVolume(RequestContext ctx, Map<String, Object> instance, Map<String, Object> bdm) {
            return "proxy:attach_volume:" + bdm.get("volume_id");
        }
    }

    /** Juno's manager: 3.35. */
    public static class JunoComputeManager {
        public String getConsoleOutput(RequestContext ctx, Map<String, Object> instance, int tailLength) {
            return "juno:get_console_output:" + tailLength;
        }
    }
}
