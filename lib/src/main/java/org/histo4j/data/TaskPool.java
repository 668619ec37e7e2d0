package org.histo4j.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import org.histo4j.Histo4jException;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The union of tasks used together: task {@code t} is the {@code t}-th source, with its own label space (labels
 * {@code 0..classCount(t)-1}). A sample is named by (task, index in its task); its group and preset split come from
 * its source. Closing the pool closes its sources.
 */
public final class TaskPool implements AutoCloseable {

    private final String name;
    private final List<ImageSource> tasks;

    private TaskPool(String name, List<ImageSource> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("pool " + name + " has no task");
        }
        var names = new HashSet<String>();
        for (ImageSource task : tasks) {
            if (!names.add(task.name())) {
                throw new IllegalArgumentException("pool " + name + " has task " + task.name() + " twice");
            }
        }
        this.name = name;
        this.tasks = List.copyOf(tasks);
    }

    /** A pool of the given sources, task ids in list order. */
    public static TaskPool of(String name, List<? extends ImageSource> tasks) {
        return new TaskPool(name, new ArrayList<>(tasks));
    }

    /** The pool's name. */
    public String name() {
        return name;
    }

    /** The number of tasks. */
    public int taskCount() {
        return tasks.size();
    }

    /** The source of a task. */
    public ImageSource task(int id) {
        return tasks.get(id);
    }

    /** The task names in id order. */
    public List<String> taskNames() {
        return tasks.stream().map(ImageSource::name).toList();
    }

    /** The id of a task by name. */
    public int taskId(String taskName) {
        int id = taskNames().indexOf(taskName);
        if (id < 0) {
            throw new IllegalArgumentException("no task '" + taskName + "' in pool " + name + " " + taskNames());
        }
        return id;
    }

    /** The number of classes of each task, in id order. */
    public int[] classCounts() {
        return tasks.stream().mapToInt(ImageSource::classCount).toArray();
    }

    /** The number of samples over all tasks. */
    public long size() {
        return tasks.stream().mapToLong(ImageSource::size).sum();
    }

    /** A pool of the same sources without the named tasks (task ids renumbered); the sources stay shared. */
    public TaskPool withoutTasks(Collection<String> names) {
        for (String n : names) {
            taskId(n);
        }
        return new TaskPool(name + "-without-" + String.join("+", names),
                tasks.stream().filter(t -> !names.contains(t.name())).toList());
    }

    /** One row per task: id, name, classes, images, groups. */
    public Table describe() {
        IntColumn id = IntColumn.create("task");
        StringColumn names = StringColumn.create("name");
        IntColumn classes = IntColumn.create("classes");
        IntColumn images = IntColumn.create("images");
        IntColumn groups = IntColumn.create("groups");
        for (int t = 0; t < tasks.size(); t++) {
            ImageSource s = tasks.get(t);
            id.append(t);
            names.append(s.name());
            classes.append(s.classCount());
            images.append(s.size());
            groups.append(countGroups(s));
        }
        return Table.create(name, id, names, classes, images, groups);
    }

    private static int countGroups(ImageSource s) {
        var seen = new HashSet<String>();
        for (int i = 0; i < s.size(); i++) {
            seen.add(s.group(i));
        }
        return seen.size();
    }

    /** Closes every source. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (ImageSource s : tasks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new Histo4jException("closing pool " + name + ": " + first.getMessage(), first);
        }
    }
}
