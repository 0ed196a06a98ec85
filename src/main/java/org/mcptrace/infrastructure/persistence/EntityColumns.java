package org.mcptrace.infrastructure.persistence;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tables and columns the entities map, read from their JPA annotations (field access, as every entity here uses).
 * Names are upper case: the entities name them unquoted, which H2 keeps in upper case and PostgreSQL folds to lower.
 * Mappings this reader does not understand are reported rather than skipped, so a new kind of mapping cannot slip
 * past the schema check unnoticed.
 */
final class EntityColumns {

    /** One column an entity writes, and where it comes from, for messages a developer can act on. */
    record Expected(String table, String column, String origin) {
    }

    private EntityColumns() {
    }

    static Map<String, List<Expected>> of(Collection<Class<?>> entities) {
        Map<String, List<Expected>> byTable = new TreeMap<>();
        for (Class<?> entity : entities) {
            String table = tableOf(entity);
            for (Class<?> type = entity; type != null && type != Object.class; type = type.getSuperclass()) {
                if (type != entity && !type.isAnnotationPresent(MappedSuperclass.class)
                        && !type.isAnnotationPresent(Entity.class)) {
                    continue;
                }
                for (Field field : type.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())
                            || field.isAnnotationPresent(Transient.class)) {
                        continue;
                    }
                    String origin = entity.getSimpleName() + "." + field.getName();
                    if (field.isAnnotationPresent(ElementCollection.class)) {
                        CollectionTable collection = field.getAnnotation(CollectionTable.class);
                        String collectionTable = collection != null && !collection.name().isEmpty() ? upper(collection.name())
                                : upper(entity.getSimpleName() + "_" + field.getName());
                        List<Expected> columns = byTable.computeIfAbsent(collectionTable, t -> new ArrayList<>());
                        if (collection == null || collection.joinColumns().length == 0) {
                            columns.add(new Expected(collectionTable, upper(entity.getSimpleName() + "_ID"), origin));
                        } else {
                            for (JoinColumn join : collection.joinColumns()) {
                                columns.add(new Expected(collectionTable, upper(join.name()), origin));
                            }
                        }
                        OrderColumn order = field.getAnnotation(OrderColumn.class);
                        if (order != null) {
                            columns.add(new Expected(collectionTable, order.name().isEmpty()
                                    ? upper(field.getName() + "_ORDER") : upper(order.name()), origin));
                        }
                        columns.add(new Expected(collectionTable, columnName(field), origin));
                    } else if (field.isAnnotationPresent(ManyToOne.class) || field.isAnnotationPresent(OneToOne.class)) {
                        JoinColumn join = field.getAnnotation(JoinColumn.class);
                        if (field.isAnnotationPresent(OneToOne.class) && !field.getAnnotation(OneToOne.class).mappedBy().isEmpty()) {
                            continue;
                        }
                        String name = join != null && !join.name().isEmpty() ? join.name() : field.getName() + "_ID";
                        byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(new Expected(table, upper(name), origin));
                    } else if (isUnsupported(field)) {
                        throw new IllegalStateException(origin + " uses a mapping the schema check does not read ("
                                + List.of(field.getAnnotations()) + "); teach EntityColumns about it");
                    } else {
                        byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(new Expected(table, columnName(field), origin));
                    }
                }
            }
        }
        return byTable;
    }

    private static boolean isUnsupported(Field field) {
        for (var annotation : field.getAnnotations()) {
            String name = annotation.annotationType().getSimpleName();
            if (Set.of("OneToMany", "ManyToMany", "Embedded", "EmbeddedId", "JoinTable", "SecondaryTable",
                    "AttributeOverride", "AttributeOverrides").contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static String tableOf(Class<?> entity) {
        Table table = entity.getAnnotation(Table.class);
        if (table != null && !table.name().isEmpty()) {
            return upper(table.name());
        }
        Entity annotation = entity.getAnnotation(Entity.class);
        return upper(annotation != null && !annotation.name().isEmpty() ? annotation.name() : entity.getSimpleName());
    }

    private static String columnName(Field field) {
        Column column = field.getAnnotation(Column.class);
        return upper(column != null && !column.name().isEmpty() ? column.name() : field.getName());
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
