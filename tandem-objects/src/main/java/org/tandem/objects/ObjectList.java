package org.tandem.objects;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A list object (OVO {@code ObjectListBase}): its single field {@code objects} holds the elements.
 * Declare it with {@link ObjectSchema#listBuilder}. A new list holds no elements and no changes.
 *
 * @param <E> the element class
 */
public abstract class ObjectList<E extends VersionedObject> extends VersionedObject implements Iterable<E> {
    protected ObjectList(ObjectSchema<?> schema) {
        super(schema);
        values[0] = List.of();
    }

    @SuppressWarnings("unchecked")
    private FieldDef<List<E>> objectsField() {
        return (FieldDef<List<E>>) schema().fieldAt(0);
    }

    /** The elements (unmodifiable). */
    public List<E> objects() {
        return get(objectsField());
    }

    /** Replaces the elements (marks {@code objects} changed). */
    public void setObjects(List<? extends E> objects) {
        set(objectsField(), new ArrayList<>(objects));
    }

    public int size() {
        return objects().size();
    }

    public E get(int index) {
        return objects().get(index);
    }

    @Override
    public Iterator<E> iterator() {
        return objects().iterator();
    }

    @Override
    public boolean hasChanges() {
        return super.hasChanges() || elementChanged();
    }

    boolean elementChanged() {
        if (values[0] instanceof List<?> list) {
            for (Object e : list) {
                if (e instanceof VersionedObject vo && vo.hasChanges()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Like OVO: {@code objects} counts as changed when any element reports changes. */
    @Override
    public Set<String> whatChanged() {
        Set<String> out = new LinkedHashSet<>(super.whatChanged());
        if (elementChanged()) {
            out.add(ObjectSchema.OBJECTS);
        }
        return out;
    }
}
