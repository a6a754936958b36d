package org.tandem.db.repository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.db.Database;
import org.tandem.db.Jdbc;
import org.tandem.db.NotFoundException;

/** {@code instance_actions} and their events: the audit trail shown by {@code os-instance-actions}. */
public final class InstanceActionRepository {
    public static final String NOT_FOUND = "InstanceAction";
    public static final String EVENT_NOT_FOUND = "InstanceActionEvent";
    /** Event result values (Nova's). */
    public static final String SUCCESS = "Success";
    public static final String ERROR = "Error";

    private final Jdbc jdbc;
    private final Table<InstanceActionRow> actions;
    private final Table<InstanceActionEventRow> events;

    public InstanceActionRepository(Database db) {
        this.jdbc = db.jdbc();
        this.actions = new Table<>(jdbc, "instance_actions", InstanceActionRow.class, "id");
        this.events = new Table<>(jdbc, "instance_actions_events", InstanceActionEventRow.class, "id");
    }

    /** Starts an action (start_time = now). */
    public InstanceActionRow start(String instanceUuid, String action, String requestId, String userId,
            String projectId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("instance_uuid", instanceUuid);
        row.put("action", action);
        row.put("request_id", requestId);
        row.put("user_id", userId);
        row.put("project_id", projectId);
        row.put("start_time", jdbc.now());
        long id = actions.insert(row);
        return actions.select("id = ?", id).get(0);
    }

    /** Finishes an action (finish_time = now), with an optional message such as "Error". */
    public InstanceActionRow finish(String instanceUuid, String requestId, String message) {
        InstanceActionRow a = getByRequestId(instanceUuid, requestId);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("finish_time", jdbc.now());
        if (message != null) {
            v.put("message", message);
        }
        actions.update(v, "id = ?", a.id());
        return actions.select("id = ?", a.id()).get(0);
    }

    /** The live action of a request on an instance. @throws NotFoundException "InstanceAction" */
    public InstanceActionRow getByRequestId(String instanceUuid, String requestId) {
        List<InstanceActionRow> rows = actions.select("instance_uuid = ? AND request_id = ? AND deleted = 0 "
                + "ORDER BY id DESC", instanceUuid, requestId);
        if (rows.isEmpty()) {
            throw new NotFoundException(NOT_FOUND, "instance/request_id", instanceUuid + "/" + requestId);
        }
        return rows.get(0);
    }

    /** Live actions of an instance, newest first. */
    public List<InstanceActionRow> listForInstance(String instanceUuid) {
        return actions.list(ListQuery.where("instance_uuid", instanceUuid).newestFirst());
    }

    /** Starts an event of the request's action. @throws NotFoundException "InstanceAction" */
    public InstanceActionEventRow eventStart(String instanceUuid, String requestId, String event, String host) {
        InstanceActionRow a = getByRequestId(instanceUuid, requestId);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("action_id", a.id());
        row.put("event", event);
        row.put("host", host);
        row.put("start_time", jdbc.now());
        long id = events.insert(row);
        return events.select("id = ?", id).get(0);
    }

    /**
     * Finishes the newest unfinished event of that name with {@link #SUCCESS} or {@link #ERROR};
     * an error also marks the action's message "Error" (as Nova does).
     */
    public InstanceActionEventRow eventFinish(String instanceUuid, String requestId, String event, String result,
            String traceback) {
        return jdbc.inTransaction(() -> {
            InstanceActionRow a = getByRequestId(instanceUuid, requestId);
            List<InstanceActionEventRow> rows = events.select("action_id = ? AND event = ? AND deleted = 0 "
                    + "ORDER BY id DESC", a.id(), event);
            if (rows.isEmpty()) {
                throw new NotFoundException(EVENT_NOT_FOUND, "action/event", a.id() + "/" + event);
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("finish_time", jdbc.now());
            v.put("result", result);
            v.put("traceback", traceback);
            events.update(v, "id = ?", rows.get(0).id());
            if (ERROR.equals(result)) {
                actions.update(Map.of("message", ERROR), "id = ?", a.id());
            }
            return events.select("id = ?", rows.get(0).id()).get(0);
        });
    }

    /** Live events of an action, oldest first. */
    public List<InstanceActionEventRow> listEvents(long actionId) {
        return events.list(ListQuery.where("action_id", (int) actionId));
    }
}
