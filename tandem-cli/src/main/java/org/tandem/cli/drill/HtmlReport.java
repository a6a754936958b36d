package org.tandem.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drill's report ({@code --report}'s JSON) drawn as one self-contained HTML page for {@code --html}:
 * inline SVG and CSS, no script, nothing fetched, so it opens from disk anywhere. It shows a lane per
 * service with its release over time (from the report's {@code services} events) under the steps'
 * bands, requests/s, p99 latency and retried/failed requests per step on the same time axis, the step
 * table with backports and migrated rows, the checks, and the operator commands with their output.
 * {@link #render} is a pure function of the report; every text from it is escaped.
 */
final class HtmlReport {
    /** Fill of each release's band; a release not listed takes the next of {@link #OTHER_COLOURS}. */
    static final Map<String, String> RELEASE_COLOURS = Map.of("juno", "#3a6fb0", "kilo", "#e0891b");
    private static final String[] OTHER_COLOURS = {"#3f9a5a", "#8a5ab8", "#b5485d", "#5f7f8f"};
    private static final int WIDTH = 1280;
    private static final int GUTTER = 118;
    private static final int RIGHT = 16;
    private static final int LABEL_ROW = 15;
    private static final int LABEL_ROWS = 3;
    private static final int LANE = 22;
    private static final int LANE_GAP = 8;
    private static final int METRIC = 46;
    private static final int AXIS = 26;

    private HtmlReport() {
    }

    /** Renders {@code report} (a map as {@link Drill#run} returns it) to {@code file}, UTF-8. */
    static void write(Map<String, Object> report, Path file) throws IOException {
        Files.writeString(file, render(ApiClient.JSON.valueToTree(report)), StandardCharsets.UTF_8);
    }

    /**
     * One process of a service: started as {@code release}, seen up (serving) at {@code up} (-1: never),
     * gone at {@code to} (NaN: still running at the end).
     */
    record Run(String release, double from, double up, double to, boolean killed) {
    }

    /** A service's lane: its runs and SIGHUPs. */
    record Lane(String name, List<Run> runs, List<Double> hangups) {
    }

    static String render(JsonNode r) {
        boolean passed = r.path("passed").asBoolean();
        List<JsonNode> steps = new ArrayList<>();
        r.path("steps").forEach(steps::add);
        double[] starts = stepStarts(steps);
        List<Lane> lanes = lanes(r.path("services"));
        double total = total(r, steps, starts, lanes);
        int checksPassed = 0;
        int checksAll = 0;
        for (JsonNode c : r.path("checks")) {
            checksAll++;
            checksPassed += c.path("passed").asBoolean() ? 1 : 0;
        }
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Tandem drill: ").append(passed ? "PASSED" : "FAILED").append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(h, r, passed, checksPassed, checksAll, steps);
        h.append("<h2 id=\"timeline\">Timeline</h2>\n");
        if (lanes.isEmpty()) {
            h.append("<p class=\"warn\">This report has no service events (a drill older than the page wrote it): "
                    + "steps only.</p>\n");
        }
        timeline(h, steps, starts, lanes, r.path("chaos").path("faults"), total);
        legend(h, lanes, !r.path("chaos").path("faults").isEmpty());
        h.append("<h2 id=\"steps\">Steps</h2>\n");
        stepTable(h, steps, starts);
        h.append("<h2 id=\"checks\">Checks</h2>\n");
        checks(h, r.path("checks"));
        extras(h, r);
        h.append("<h2 id=\"commands\">Operator commands</h2>\n");
        commands(h, r.path("commands"), steps);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    // ---- data ----------------------------------------------------------------------------------

    /** Each step's start offset: {@code started_s}, or (older reports) the sum of the durations before it. */
    private static double[] stepStarts(List<JsonNode> steps) {
        double[] starts = new double[steps.size()];
        double at = 0;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            starts[i] = s.has("started_s") ? s.path("started_s").asDouble() : at;
            at = starts[i] + s.path("seconds").asDouble();
        }
        return starts;
    }

    /** The lanes in the order api, scheduler, conductors, computes, others; runs folded from the events. */
    static List<Lane> lanes(JsonNode services) {
        List<Lane> lanes = new ArrayList<>();
        for (JsonNode s : services) {
            List<Run> runs = new ArrayList<>();
            List<Double> hangups = new ArrayList<>();
            String release = null;
            double from = 0;
            double up = -1;
            for (JsonNode e : s.path("events")) {
                double at = e.path("at_s").asDouble();
                switch (e.path("event").asText()) {
                    case "start" -> {
                        if (release != null) {
                            runs.add(new Run(release, from, up, at, false));
                        }
                        release = e.path("release").asText("?");
                        from = at;
                        up = -1;
                    }
                    case "up" -> up = release != null && up < 0 ? at : up;
                    case "stop", "kill" -> {
                        if (release != null) {
                            runs.add(new Run(release, from, up, at, e.path("event").asText().equals("kill")));
                        }
                        release = null;
                    }
                    case "hup" -> hangups.add(at);
                    default -> {
                        // an event this page does not draw
                    }
                }
            }
            if (release != null) {
                runs.add(new Run(release, from, up, Double.NaN, false));
            }
            lanes.add(new Lane(s.path("name").asText(), runs, hangups));
        }
        lanes.sort(Comparator.comparingInt((Lane l) -> laneRank(l.name())).thenComparing(Lane::name));
        return lanes;
    }

    private static int laneRank(String name) {
        return name.equals("api") ? 0 : name.equals("scheduler") ? 1 : name.startsWith("conductor") ? 2
                : name.startsWith("compute") ? 3 : 4;
    }

    private static double total(JsonNode r, List<JsonNode> steps, double[] starts, List<Lane> lanes) {
        double t = r.path("seconds").asDouble();
        for (int i = 0; i < steps.size(); i++) {
            t = Math.max(t, starts[i] + steps.get(i).path("seconds").asDouble());
        }
        for (Lane l : lanes) {
            for (Run run : l.runs()) {
                t = Math.max(t, Double.isNaN(run.to()) ? run.from() : run.to());
            }
        }
        return Math.max(t, 1);
    }

    /** Release -> colour: juno and kilo fixed, others in order of appearance. */
    private static Map<String, String> colours(List<Lane> lanes) {
        Map<String, String> colours = new LinkedHashMap<>();
        int next = 0;
        for (Lane l : lanes) {
            for (Run run : l.runs()) {
                if (!colours.containsKey(run.release())) {
                    String c = RELEASE_COLOURS.get(run.release());
                    colours.put(run.release(), c != null ? c : OTHER_COLOURS[next++ % OTHER_COLOURS.length]);
                }
            }
        }
        return colours;
    }

    // ---- sections --------------------------------------------------------------------------------

    private static void header(StringBuilder h, JsonNode r, boolean passed, int checksPassed, int checksAll,
            List<JsonNode> steps) {
        int requests = 0;
        int failed = 0;
        int retried = 0;
        for (JsonNode s : steps) {
            requests += s.path("requests").asInt();
            failed += s.path("failed_requests").asInt();
            retried += s.path("retried_requests").asInt();
        }
        h.append("<header>\n<h1>Tandem drill: rolling upgrade juno &#8594; kilo <span class=\"verdict ")
                .append(passed ? "pass\">PASSED" : "fail\">FAILED").append("</span></h1>\n<dl class=\"summary\">\n");
        dd(h, "checks", checksPassed + " of " + checksAll + " passed" + (checksPassed < checksAll ? ", "
                + (checksAll - checksPassed) + " failed" : ""));
        dd(h, "duration", duration(r.path("seconds").asDouble()));
        dd(h, "profile", r.path("profile").asText());
        dd(h, "transport", r.path("transport").asText());
        dd(h, "database", r.path("database").asText());
        dd(h, "load", requests + " API requests: " + failed + " failed, " + retried + " retried; "
                + r.path("load_cycles").asInt() + " cycles of boot, show, list, resize, confirm, delete");
        dd(h, "finished at", r.path("finished_at").asText());
        dd(h, "logs", r.path("logs").asText());
        if (r.has("chaos")) {
            dd(h, "chaos", r.path("chaos").path("faults").size() + " faults, seed " + r.path("chaos").path("seed")
                    .asText() + " (replay with --chaos-seed " + r.path("chaos").path("seed").asText() + ")");
        }
        h.append("</dl>\n</header>\n");
    }

    private static void dd(StringBuilder h, String term, String value) {
        h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    private static void timeline(StringBuilder h, List<JsonNode> steps, double[] starts, List<Lane> lanes,
            JsonNode faults, double total) {
        Map<String, String> colours = colours(lanes);
        int lanesTop = LABEL_ROW * LABEL_ROWS + 6;
        int faultsTop = lanesTop + lanes.size() * (LANE + LANE_GAP);
        int metricsTop = faultsTop + (faults.isEmpty() ? 0 : LANE + LANE_GAP) + 6;
        int axisTop = metricsTop + 3 * (METRIC + LANE_GAP);
        int height = axisTop + AXIS;
        double plot = WIDTH - GUTTER - RIGHT;
        X x = t -> GUTTER + plot * Math.min(Math.max(t, 0), total) / total;
        h.append("<svg class=\"timeline\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" role=\"img\" aria-label=\"drill timeline\">\n");
        // step bands, separators and labels (staggered over LABEL_ROWS rows so short steps stay readable)
        double[] rowEnd = new double[LABEL_ROWS];
        java.util.Arrays.fill(rowEnd, -1);
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            double x0 = x.at(starts[i]);
            double x1 = x.at(starts[i] + s.path("seconds").asDouble());
            String id = s.path("id").asText();
            h.append("<g class=\"step\" data-step=\"").append(esc(id)).append("\"><title>step ").append(esc(id))
                    .append(": ").append(esc(s.path("title").asText())).append(" (").append(num(starts[i]))
                    .append(" s + ").append(num(s.path("seconds").asDouble())).append(" s)</title>");
            rect(h, i % 2 == 0 ? "band even" : "band odd", x0, lanesTop - 4, Math.max(x1 - x0, 0.5),
                    axisTop - lanesTop + 4, null, null);
            int row = 0;
            for (int k = 0; k < LABEL_ROWS; k++) {
                if (rowEnd[k] <= x0) {
                    row = k;
                    break;
                }
                row = rowEnd[k] < rowEnd[row] ? k : row;
            }
            double labelW = id.length() * 7.2 + 4;
            rowEnd[row] = x0 + 2 + labelW;
            int ly = LABEL_ROW * (row + 1) - 3;
            h.append("<line class=\"sep\" x1=\"").append(num(x0)).append("\" y1=\"").append(ly - 11)
                    .append("\" x2=\"").append(num(x0)).append("\" y2=\"").append(axisTop).append("\"/>");
            h.append("<text class=\"step-label\" x=\"").append(num(x0 + 2)).append("\" y=\"").append(ly).append("\">")
                    .append(esc(id)).append("</text></g>\n");
        }
        // service lanes
        int y = lanesTop;
        for (Lane lane : lanes) {
            h.append("<g class=\"lane\" data-service=\"").append(esc(lane.name())).append("\">");
            text(h, "lane-label", GUTTER - 8, y + LANE / 2.0 + 4, "end", lane.name());
            double mid = y + LANE / 2.0;
            double last = 0;
            for (Run run : lane.runs()) {
                double to = Double.isNaN(run.to()) ? total : run.to();
                if (run.from() > last + 0.05 && last > 0) {
                    h.append("<line class=\"stopped\" x1=\"").append(num(x.at(last))).append("\" y1=\"")
                            .append(num(mid)).append("\" x2=\"").append(num(x.at(run.from()))).append("\" y2=\"")
                            .append(num(mid)).append("\"><title>").append(esc(lane.name())).append(" stopped ")
                            .append(num(run.from() - last)).append(" s</title></line>");
                }
                String colour = colours.get(run.release());
                boolean seenUp = run.up() >= 0;
                double serving = seenUp ? run.up() : to;
                if (serving > run.from()) {
                    rect(h, "starting", x.at(run.from()), y, x.at(serving) - x.at(run.from()), LANE, colour,
                            lane.name() + " starting as " + run.release() + ": " + num(run.from()) + " to "
                                    + num(serving) + " s" + (seenUp ? "" : " (never seen up)"));
                }
                h.append("<g class=\"run\" data-release=\"").append(esc(run.release())).append("\">");
                if (seenUp) {
                    double bx = x.at(serving);
                    double bw = Math.max(x.at(to) - bx, 1);
                    rect(h, "release", bx, y, bw, LANE, colour, lane.name() + " " + run.release() + ": serving "
                            + num(serving) + " to " + (Double.isNaN(run.to()) ? "the end" : num(to) + " s"));
                    if (bw > run.release().length() * 7 + 8) {
                        text(h, "release-label", bx + 5, y + LANE / 2.0 + 4, "start", run.release());
                    }
                }
                h.append("</g>");
                if (run.killed()) {
                    double kx = x.at(to);
                    h.append("<g class=\"kill\"><title>").append(esc(lane.name())).append(" killed (SIGKILL) at ")
                            .append(num(to)).append(" s</title><path d=\"M").append(num(kx - 5)).append(' ')
                            .append(num(y + 4)).append("l10 ").append(LANE - 8).append("m0 -").append(LANE - 8)
                            .append("l-10 ").append(LANE - 8).append("\"/></g>");
                }
                last = to;
            }
            for (double at : lane.hangups()) {
                double hx = x.at(at);
                h.append("<path class=\"hup\" d=\"M").append(num(hx - 4)).append(' ').append(y - 3)
                        .append("h8l-4 6z\"><title>")
                        .append(esc(lane.name())).append(": SIGHUP at ").append(num(at)).append(" s (pins reloaded)")
                        .append("</title></path>");
            }
            h.append("</g>\n");
            y += LANE + LANE_GAP;
        }
        if (!faults.isEmpty()) {
            faults(h, faults, steps, starts, x, faultsTop);
        }
        // per-step metrics on the same axis
        metric(h, "requests/s", metricsTop, steps, starts, x, s -> s.path("seconds").asDouble() > 0
                ? s.path("requests").asDouble() / s.path("seconds").asDouble() : 0, "rate", " req/s");
        metric(h, "p99 ms", metricsTop + METRIC + LANE_GAP, steps, starts, x, s -> s.path("p99_ms").asDouble(),
                "p99", " ms p99");
        metric(h, "retried/failed", metricsTop + 2 * (METRIC + LANE_GAP), steps, starts, x,
                s -> s.path("retried_requests").asDouble() + s.path("failed_requests").asDouble(), "retried",
                " requests retried or failed");
        // time axis
        h.append("<g class=\"axis\"><line x1=\"").append(GUTTER).append("\" y1=\"").append(axisTop)
                .append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"").append(axisTop).append("\"/>");
        double tick = tick(total);
        for (double t = 0; t <= total + 1e-9; t += tick) {
            double tx = x.at(t);
            h.append("<line x1=\"").append(num(tx)).append("\" y1=\"").append(axisTop).append("\" x2=\"")
                    .append(num(tx)).append("\" y2=\"").append(axisTop + 5).append("\"/>");
            text(h, "tick", tx, axisTop + 17, "middle", duration(t));
        }
        h.append("</g>\n</svg>\n");
    }

    /** Short names of the --chaos faults on the time axis. */
    private static final Map<String, String> FAULT_NAMES = Map.of("kill_conductor", "kill -9 conductor",
            "restart_broker", "broker restart", "restart_database", "database restart", "kill_compute_mid_upgrade",
            "kill -9 compute");

    /**
     * The --chaos faults: a bar from the start of its step for as long as it took (the report has no
     * finer offset), its name below, pushed right past the previous name when they would overlap.
     */
    private static void faults(StringBuilder h, JsonNode faults, List<JsonNode> steps, double[] starts, X x, int y) {
        Map<String, Double> stepStart = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            stepStart.put(steps.get(i).path("id").asText(), starts[i]);
        }
        h.append("<g class=\"faults\">");
        text(h, "lane-label", GUTTER - 8, y + LANE / 2.0 + 4, "end", "chaos");
        double labelEnd = 0;
        for (JsonNode f : faults) {
            Double at = stepStart.get(f.path("step").asText());
            if (at == null) {
                continue;
            }
            double x0 = x.at(at);
            double w = Math.max(x.at(at + f.path("seconds").asDouble()) - x0, 3);
            String fault = f.path("fault").asText();
            String name = FAULT_NAMES.getOrDefault(fault, fault.replace('_', ' '));
            rect(h, "fault", x0, y + 1, w, 8, null, "step " + f.path("step").asText() + ": " + name + ": "
                    + f.path("detail").asText() + " (" + num(f.path("seconds").asDouble()) + " s)");
            double lx = Math.min(Math.max(x0, labelEnd + 8), WIDTH - RIGHT - name.length() * 6.2);
            text(h, "fault-label", lx, y + LANE - 1, "start", name);
            labelEnd = lx + name.length() * 6.2;
        }
        h.append("</g>\n");
    }

    @FunctionalInterface
    private interface X {
        double at(double seconds);
    }

    @FunctionalInterface
    private interface Figure {
        double of(JsonNode step);
    }

    /** A row of bars, one per step spanning its time, height relative to the largest; failed requests in red. */
    private static void metric(StringBuilder h, String label, int top, List<JsonNode> steps, double[] starts, X x,
            Figure figure, String cls, String unit) {
        double max = 0;
        for (JsonNode s : steps) {
            max = Math.max(max, figure.of(s));
        }
        h.append("<g class=\"metric ").append(cls).append("\">");
        text(h, "lane-label", GUTTER - 8, top + METRIC / 2.0 + 4, "end", label);
        text(h, "metric-max", GUTTER - 8, top + 9, "end", "max " + num(max));
        h.append("<line class=\"base\" x1=\"").append(GUTTER).append("\" y1=\"").append(top + METRIC)
                .append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"").append(top + METRIC).append("\"/>");
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            double v = figure.of(s);
            if (v <= 0) {
                continue;
            }
            double bh = Math.max(METRIC * v / max, 1.5);
            double x0 = x.at(starts[i]);
            double w = Math.max(x.at(starts[i] + s.path("seconds").asDouble()) - x0, 2);
            int failed = cls.equals("retried") ? s.path("failed_requests").asInt() : 0;
            String title = "step " + s.path("id").asText() + ": " + num(v) + unit + (cls.equals("retried") ? " ("
                    + failed + " failed, longest stall " + s.path("longest_stall_ms").asLong() + " ms)" : "");
            rect(h, "bar", x0, top + METRIC - bh, w, bh, null, title);
            if (failed > 0) {
                double fh = Math.max(METRIC * failed / max, 3);
                rect(h, "bar failed", x0, top + METRIC - fh, w, fh, null, title);
                text(h, "failed-label", x0 + 2, Math.max(top + 11, top + METRIC - fh - 3), "start", failed
                        + " failed");
            }
        }
        h.append("</g>\n");
    }

    private static void legend(StringBuilder h, List<Lane> lanes, boolean faults) {
        h.append("<p class=\"legend\">");
        for (Map.Entry<String, String> c : colours(lanes).entrySet()) {
            h.append("<span class=\"key\"><svg width=\"26\" height=\"12\"><rect width=\"26\" height=\"12\" fill=\"")
                    .append(c.getValue()).append("\"/></svg> ").append(esc(c.getKey())).append("</span>");
        }
        h.append("<span class=\"key\"><svg width=\"26\" height=\"12\"><rect width=\"26\" height=\"12\" fill=\"#888\" "
                + "fill-opacity=\"0.3\"/></svg> starting (process launched, not yet seen up)</span>")
                .append("<span class=\"key\"><svg width=\"26\" height=\"12\"><line class=\"stopped\" x1=\"0\" y1=\"6\" "
                        + "x2=\"26\" y2=\"6\"/></svg> stopped</span>")
                .append("<span class=\"key\"><svg width=\"14\" height=\"12\"><path class=\"hup\" d=\"M3 3h8l-4 6z\"/>"
                        + "</svg> SIGHUP (config reloaded)</span>")
                .append("<span class=\"key\"><svg width=\"14\" height=\"14\" class=\"kill\"><path d=\"M2 2l10 10m0 -10"
                        + "l-10 10\"/></svg> killed (SIGKILL)</span>");
        if (faults) {
            h.append("<span class=\"key\"><svg width=\"26\" height=\"12\"><rect class=\"fault swatch\" y=\"2\" "
                    + "width=\"26\" height=\"8\"/></svg> chaos fault (from its step's start, as long as it took)</span>");
        }
        h.append("<span class=\"key\">bars: per step, over its time; hover for figures</span></p>\n");
    }

    private static void stepTable(StringBuilder h, List<JsonNode> steps, double[] starts) {
        double maxRate = 0;
        double maxP99 = 0;
        for (JsonNode s : steps) {
            maxRate = Math.max(maxRate, rate(s));
            maxP99 = Math.max(maxP99, s.path("p99_ms").asDouble());
        }
        h.append("<table class=\"steps\">\n<thead><tr><th>step</th><th>what</th><th>start s</th><th>secs</th>"
                + "<th>requests</th><th>requests/s</th><th>p99 ms</th><th>failed</th><th>retried</th>"
                + "<th>longest stall ms</th><th>backports: conductor</th><th>backports: sender</th>"
                + "<th>rows migrated</th><th>notes</th></tr></thead>\n<tbody>\n");
        long[] sums = new long[6];
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            int failed = s.path("failed_requests").asInt();
            h.append("<tr data-step=\"").append(esc(s.path("id").asText())).append("\"><td class=\"id\">")
                    .append(esc(s.path("id").asText())).append("</td><td class=\"what\">")
                    .append(esc(s.path("title").asText()))
                    .append("</td>");
            cell(h, num(starts[i]));
            cell(h, num(s.path("seconds").asDouble()));
            cell(h, Integer.toString(s.path("requests").asInt()));
            barCell(h, rate(s), maxRate, "rate");
            barCell(h, s.path("p99_ms").asDouble(), maxP99, "p99");
            h.append("<td class=\"n").append(failed > 0 ? " bad" : "").append("\">").append(failed).append("</td>");
            cell(h, Integer.toString(s.path("retried_requests").asInt()));
            cell(h, Long.toString(s.path("longest_stall_ms").asLong()));
            cell(h, Long.toString(s.path("backports_conductor").asLong()));
            cell(h, Long.toString(s.path("backports_sender").asLong()));
            cell(h, Integer.toString(s.path("rows_migrated").asInt()));
            h.append("<td class=\"notes\">");
            for (JsonNode n : s.path("notes")) {
                h.append("<div>").append(esc(n.asText())).append("</div>");
            }
            h.append("</td></tr>\n");
            sums[0] += s.path("requests").asInt();
            sums[1] += failed;
            sums[2] += s.path("retried_requests").asInt();
            sums[3] += s.path("backports_conductor").asLong();
            sums[4] += s.path("backports_sender").asLong();
            sums[5] += s.path("rows_migrated").asInt();
        }
        h.append("</tbody>\n<tfoot><tr><td>all</td><td></td><td></td><td></td>");
        cell(h, Long.toString(sums[0]));
        h.append("<td></td><td></td><td class=\"n").append(sums[1] > 0 ? " bad" : "").append("\">").append(sums[1])
                .append("</td>");
        cell(h, Long.toString(sums[2]));
        h.append("<td></td>");
        cell(h, Long.toString(sums[3]));
        cell(h, Long.toString(sums[4]));
        cell(h, Long.toString(sums[5]));
        h.append("<td></td></tr></tfoot>\n</table>\n");
    }

    private static double rate(JsonNode s) {
        double secs = s.path("seconds").asDouble();
        return secs > 0 ? s.path("requests").asDouble() / secs : 0;
    }

    private static void cell(StringBuilder h, String value) {
        h.append("<td class=\"n\">").append(esc(value)).append("</td>");
    }

    private static void barCell(StringBuilder h, double v, double max, String cls) {
        double w = max > 0 ? 60 * v / max : 0;
        h.append("<td class=\"barcell\"><svg width=\"60\" height=\"10\" class=\"").append(cls)
                .append("\"><rect class=\"bar\" width=\"").append(num(Math.max(w, v > 0 ? 1 : 0)))
                .append("\" height=\"10\"/></svg> <span>").append(num(v)).append("</span></td>");
    }

    private static void checks(StringBuilder h, JsonNode checks) {
        h.append("<table class=\"checks\">\n<thead><tr><th>result</th><th>check</th><th>detail</th></tr></thead>\n"
                + "<tbody>\n");
        checks.properties().forEach(c -> {
            boolean ok = c.getValue().path("passed").asBoolean();
            h.append("<tr class=\"").append(ok ? "pass" : "fail").append("\"><td class=\"result\">")
                    .append(ok ? "PASS" : "FAIL").append("</td><td class=\"name\">").append(esc(c.getKey()))
                    .append("</td><td>").append(esc(c.getValue().path("detail").asText())).append("</td></tr>\n");
        });
        h.append("</tbody>\n</table>\n");
    }

    /** The --chaos faults, resize directions, and what went wrong in the load or message handling if anything. */
    private static void extras(StringBuilder h, JsonNode r) {
        if (r.has("chaos")) {
            h.append("<h2 id=\"chaos\">Chaos</h2>\n<table class=\"chaos\">\n<thead><tr><th>step</th><th>fault</th>"
                    + "<th>what happened</th><th>secs</th></tr></thead>\n<tbody>\n");
            for (JsonNode f : r.path("chaos").path("faults")) {
                boolean failed = f.path("detail").asText().startsWith("FAILED");
                h.append("<tr").append(failed ? " class=\"fail\"" : "").append("><td class=\"id\">")
                        .append(esc(f.path("step").asText())).append("</td><td>").append(esc(f.path("fault").asText()))
                        .append("</td><td>").append(esc(f.path("detail").asText())).append("</td>");
                cell(h, num(f.path("seconds").asDouble()));
                h.append("</tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("<h2 id=\"load\">Load</h2>\n<p>Resizes by source &#8594; destination release:");
        r.path("resize_directions").properties().forEach(e -> h.append(" <span class=\"pair\">")
                .append(esc(e.getKey())).append(": ").append(e.getValue().asInt()).append("</span>"));
        h.append("</p>\n");
        if (r.path("load_failures").size() > 0) {
            h.append("<p class=\"bad\">Load failures:</p>\n<ul class=\"bad\">\n");
            r.path("load_failures").forEach(f -> h.append("<li>").append(esc(f.asText())).append("</li>\n"));
            h.append("</ul>\n");
        }
        if (r.path("message_handling_errors").size() > 0) {
            h.append("<p class=\"warn\">'Exception during message handling' logged (not a check; see the logs):");
            r.path("message_handling_errors").properties().forEach(e -> h.append(" <span class=\"pair\">")
                    .append(esc(e.getKey())).append(": ").append(e.getValue().asInt()).append("</span>"));
            h.append("</p>\n");
        }
    }

    private static void commands(StringBuilder h, JsonNode commands, List<JsonNode> steps) {
        Map<String, String> titles = new LinkedHashMap<>();
        steps.forEach(s -> titles.put(s.path("id").asText(), s.path("title").asText()));
        String step = null;
        for (JsonNode c : commands) {
            String s = c.path("step").asText();
            if (!s.equals(step)) {
                if (step != null) {
                    h.append("</section>\n");
                }
                step = s;
                h.append("<section class=\"cmds\" data-step=\"").append(esc(s)).append("\"><h3>Step ").append(esc(s))
                        .append(titles.containsKey(s) ? ": " + esc(titles.get(s)) : "").append("</h3>\n");
            }
            int exit = c.path("exit").asInt();
            h.append("<pre class=\"cmd\"><span class=\"prompt\">$ ").append(esc(c.path("command").asText()))
                    .append("</span>").append(exit != 0 ? "  <span class=\"bad\">(exit " + exit + ")</span>" : "")
                    .append('\n').append(esc(c.path("stdout").asText().stripTrailing())).append("</pre>\n");
        }
        if (step != null) {
            h.append("</section>\n");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void rect(StringBuilder h, String cls, double x, double y, double w, double hgt, String fill,
            String title) {
        h.append("<rect class=\"").append(cls).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(hgt)).append('"');
        if (fill != null) {
            h.append(" fill=\"").append(fill).append('"');
        }
        if (title == null) {
            h.append("/>");
        } else {
            h.append("><title>").append(esc(title)).append("</title></rect>");
        }
    }

    private static void text(StringBuilder h, String cls, double x, double y, String anchor, String text) {
        h.append("<text class=\"").append(cls).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(esc(text)).append("</text>");
    }

    /** A tick interval giving at most about 12 ticks. */
    private static double tick(double total) {
        for (double t : new double[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600}) {
            if (total / t <= 12) {
                return t;
            }
        }
        return Math.ceil(total / 12 / 3600) * 3600;
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
    }

    /** A number with at most one decimal, no grouping, whatever the default locale. */
    static String num(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                   margin: 18px 24px; color: #1d232a; background: #fff; }
            h1 { font-size: 22px; margin: 0 0 8px; }
            h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 1px solid #d8dde3; padding-bottom: 3px; }
            h3 { font-size: 14px; margin: 12px 0 4px; }
            .verdict { display: inline-block; padding: 1px 10px; border-radius: 4px; color: #fff; margin-left: 8px; }
            .verdict.pass { background: #2e8540; } .verdict.fail { background: #c62828; }
            dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
            dl.summary dt { color: #59636e; } dl.summary dd { margin: 0; }
            svg.timeline { display: block; max-width: 1280px; font-size: 12px; }
            .band.even { fill: #eef1f5; } .band.odd { fill: #fafbfc; }
            .sep { stroke: #aab3bd; stroke-width: 0.7; }
            .step-label { font-weight: 600; fill: #2b3440; }
            .lane-label { fill: #2b3440; font-weight: 600; }
            .release { stroke: #fff; stroke-width: 0.5; }
            .starting { fill-opacity: 0.3; }
            .release-label { fill: #fff; font-weight: 600; pointer-events: none; }
            .stopped { stroke: #8a939c; stroke-width: 1.5; stroke-dasharray: 3 3; }
            .hup { fill: #2b3440; }
            .kill path { stroke: #c62828; stroke-width: 3; fill: none; }
            .metric .bar { fill: #5b7a99; } .metric.p99 .bar { fill: #8e6bb5; }
            .metric.retried .bar { fill: #e0a526; } .metric .bar.failed { fill: #c62828; }
            .fault { fill: #7a1f1f; } .fault-label { fill: #7a1f1f; font-size: 11px; font-weight: 600; }
            table.chaos tr.fail td { background: #fdecea; color: #c62828; }
            .metric .base { stroke: #aab3bd; } .failed-label { fill: #c62828; font-weight: 700; font-size: 11px; }
            .metric-max { fill: #6b7580; font-size: 10px; }
            .axis line { stroke: #59636e; } .tick { fill: #59636e; font-size: 11px; }
            .legend { font-size: 12px; color: #3b444e; } .legend .key { margin-right: 16px; white-space: nowrap; }
            .legend svg { vertical-align: middle; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { border: 1px solid #d8dde3; padding: 3px 7px; vertical-align: top; }
            th { background: #eef1f5; text-align: left; font-weight: 600; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            td.id { font-weight: 600; white-space: nowrap; }
            table.steps { width: 100%; }
            td.what { min-width: 150px; } td.notes { font-size: 12px; color: #3b444e; min-width: 200px; }
            td.barcell { white-space: nowrap; font-variant-numeric: tabular-nums; }
            td.barcell svg { vertical-align: middle; background: #f3f5f7; }
            svg.rate .bar { fill: #5b7a99; } svg.p99 .bar { fill: #8e6bb5; }
            tfoot td { font-weight: 600; background: #f6f7f9; }
            .bad { color: #c62828; font-weight: 600; } .warn { color: #a15c00; }
            table.checks tr.pass td.result { color: #fff; background: #2e8540; font-weight: 600; }
            table.checks tr.fail td.result { color: #fff; background: #c62828; font-weight: 600; }
            table.checks tr.fail td { background: #fdecea; }
            table.checks td.name { font-family: ui-monospace, "DejaVu Sans Mono", monospace; white-space: nowrap; }
            .pair { display: inline-block; margin-left: 10px;
                    font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
            pre.cmd { background: #1f2429; color: #e6e9ec; padding: 6px 10px; margin: 4px 0; border-radius: 4px;
                      font: 12px/1.35 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; }
            pre.cmd .prompt { color: #8fd18f; font-weight: 600; }
            pre.cmd .bad { color: #ff8a80; }
            """;
}
