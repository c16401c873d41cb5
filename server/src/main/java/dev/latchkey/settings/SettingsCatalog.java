package dev.latchkey.settings;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Every Latchkey setting, read off the settings records themselves so that the list cannot drift from what
 * binds. A name is known in its uniform form (lower case, no dashes, list indexes as {@code []}), the form
 * in which Spring's relaxed binding compares names.
 */
public final class SettingsCatalog {

    /** Every {@code @ConfigurationProperties} record of Latchkey, one per concern. */
    public static final List<Class<? extends Record>> RECORDS = List.of(ServerSettings.class, KeySettings.class,
            TokenSettings.class, PasswordSettings.class, ProvisioningSettings.class, DemoSettings.class,
            HousekeepingSettings.class, GuardSettings.class, AuditSettings.class, ManagementSettings.class);

    public static final String PREFIX = "latchkey";

    /** Uniform name → the name as documented (dashed). */
    private final Map<String, String> known = new LinkedHashMap<>();

    private SettingsCatalog() {
        for (Class<? extends Record> settings : RECORDS) {
            add(settings.getAnnotation(ConfigurationProperties.class).value(), settings);
        }
    }

    public static SettingsCatalog load() {
        return new SettingsCatalog();
    }

    /** Whether {@code name} (any relaxed form, under {@code latchkey.}) is a setting. */
    public boolean isKnown(ConfigurationPropertyName name) {
        return known.containsKey(uniform(name));
    }

    /** The documented setting nearest to {@code name} by edit distance, if one is near enough to be a misspelling. */
    public String nearest(ConfigurationPropertyName name) {
        String typed = uniform(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, String> candidate : known.entrySet()) {
            int distance = EditDistance.between(typed, candidate.getKey());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate.getValue();
            }
        }
        // A third of the name may differ: catches typos and a wrong word, not an unrelated name.
        return bestDistance <= Math.max(2, typed.length() / 3) ? best : null;
    }

    /** The documented names, for messages and tests. */
    public Collection<String> names() {
        return known.values();
    }

    private void add(String prefix, Class<?> type) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + dashed(component.getName());
            Class<?> raw = component.getType();
            if (raw.isRecord()) {
                add(name, raw);
            }
            else if (Collection.class.isAssignableFrom(raw)) {
                Class<?> element = elementType(component.getGenericType());
                if (element.isRecord()) {
                    add(name + "[]", element);
                }
                else {
                    put(name);
                    put(name + "[]");
                }
            }
            else {
                put(name);
            }
        }
    }

    private void put(String dashedName) {
        known.put(uniform(dashedName), dashedName.replace("[]", "[0]"));
    }

    private static Class<?> elementType(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return Object.class;
    }

    private static String dashed(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String uniform(String dashedName) {
        return dashedName.replace("-", "").toLowerCase(java.util.Locale.ROOT);
    }

    static String uniform(ConfigurationPropertyName name) {
        StringBuilder uniform = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            if (name.isNumericIndex(i)) {
                uniform.append("[]");
            }
            else {
                uniform.append(uniform.isEmpty() ? "" : ".").append(name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
            }
        }
        return uniform.toString();
    }
}
