package io.github.eddypool.internal.pool;

import io.github.eddypool.EddyConfigException;
import io.github.eddypool.SafeText;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Makes the vendor DataSource that {@code data-source-class-name} names (HikariCP's
 * {@code dataSourceClassName}) and sets {@code data-source-properties} on it through its JavaBean
 * setters, e.g. {@code serverName}, {@code portNumber}, {@code databaseName} on pgjdbc's
 * {@code PGSimpleDataSource}. Text is converted to what the setter takes: String, the primitive
 * numbers and booleans and their boxes, enums, and comma-separated arrays of String or int.
 * Every failure is an {@link EddyConfigException} naming the property; a value is shown only when
 * its name does not look like a secret.
 */
public final class VendorDataSource {

    private static final String CLASS_PROPERTY = "data-source-class-name";
    private static final String PROPERTIES = "data-source-properties";

    private VendorDataSource() {
    }

    /** Instantiates {@code type} (a DataSource with a public no-argument constructor) and sets {@code properties} on it. */
    public static DataSource create(Class<?> type, Map<String, String> properties) {
        if (!DataSource.class.isAssignableFrom(type)) {
            throw new EddyConfigException(CLASS_PROPERTY, "class " + type.getName() + " is not a javax.sql.DataSource",
                    "Name the vendor's DataSource class (e.g. org.postgresql.ds.PGSimpleDataSource), or set jdbc-url and"
                            + " driver-class-name instead");
        }
        DataSource dataSource = NamedClass.instantiate(CLASS_PROPERTY, type, DataSource.class, null,
                "Name a DataSource class that has one, or build the DataSource in code and hand it in with dataSource(...)");
        for (Map.Entry<String, String> property : properties.entrySet()) {
            set(dataSource, property.getKey(), property.getValue());
        }
        return dataSource;
    }

    private static void set(DataSource target, String name, String value) {
        Method setter = setter(target.getClass(), name);
        Object converted = convert(setter, name, value);
        try {
            setter.invoke(target, converted);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EddyConfigException(PROPERTIES, "'" + name + "' was refused by " + target.getClass().getSimpleName() + "."
                    + setter.getName() + " (" + cause.getClass().getSimpleName() + shownMessage(name, value, cause) + ")",
                    "Give '" + name + "' a value the DataSource accepts");
        } catch (IllegalAccessException e) {
            throw new EddyConfigException(PROPERTIES, "'" + name + "': " + setter.getName() + " of " + target.getClass().getName()
                    + " cannot be called", "Set it in code on a DataSource you hand in with dataSource(...)");
        }
    }

    /** The public one-argument setter for {@code name}: set + Name exactly, else the one whose name matches ignoring case. */
    private static Method setter(Class<?> type, String name) {
        String exact = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        List<Method> ignoringCase = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 1 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("set")) {
                continue;
            }
            if (m.getName().equals(exact) && convertible(m.getParameterTypes()[0])) {
                return m;
            }
            if (m.getName().equalsIgnoreCase(exact) && convertible(m.getParameterTypes()[0])) {
                ignoringCase.add(m);
            }
        }
        if (ignoringCase.size() == 1) {
            return ignoringCase.get(0);
        }
        if (ignoringCase.size() > 1) {
            throw new EddyConfigException(PROPERTIES, "'" + name + "' matches several setters of " + type.getName() + " ("
                    + String.join(", ", ignoringCase.stream().map(Method::getName).sorted().toList()) + ")",
                    "Spell the property as the setter it is meant for, e.g. '" + ignoringCase.get(0).getName().substring(3) + "'");
        }
        throw new EddyConfigException(PROPERTIES, "'" + name + "' is not a property of " + type.getName()
                + " (it has no public setter " + exact + " taking text, a number, a boolean or an enum)",
                "Fix the name as the vendor's DataSource documents it (e.g. serverName, portNumber, databaseName, user),"
                        + " or remove it");
    }

    /** How text becomes each type a setter may take (enums aside); the types absent here are not settable. */
    private static final Map<Class<?>, Function<String, Object>> PARSERS = Map.ofEntries(
            Map.entry(String.class, text -> text),
            Map.entry(int.class, text -> Integer.valueOf(text.strip())),
            Map.entry(Integer.class, text -> Integer.valueOf(text.strip())),
            Map.entry(long.class, text -> Long.valueOf(text.strip())),
            Map.entry(Long.class, text -> Long.valueOf(text.strip())),
            Map.entry(short.class, text -> Short.valueOf(text.strip())),
            Map.entry(Short.class, text -> Short.valueOf(text.strip())),
            Map.entry(byte.class, text -> Byte.valueOf(text.strip())),
            Map.entry(double.class, text -> Double.valueOf(text.strip())),
            Map.entry(float.class, text -> Float.valueOf(text.strip())),
            Map.entry(boolean.class, VendorDataSource::parseBoolean),
            Map.entry(Boolean.class, VendorDataSource::parseBoolean),
            Map.entry(String[].class, text -> Arrays.stream(text.split(",")).map(String::strip).toArray(String[]::new)),
            Map.entry(int[].class, text -> Arrays.stream(text.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray()));

    private static boolean convertible(Class<?> type) {
        return PARSERS.containsKey(type) || type.isEnum();
    }

    private static Boolean parseBoolean(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.valueOf(t);
        }
        throw new NumberFormatException(); // reported like an unreadable number, with its own hint
    }

    private static Object convert(Method setter, String name, String value) {
        Class<?> type = setter.getParameterTypes()[0];
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(value.strip())) {
                    return constant;
                }
            }
            throw new EddyConfigException(PROPERTIES, "'" + name + "'" + shownValue(name, value) + " is not one of "
                    + Arrays.toString(type.getEnumConstants()), "Use one of those values");
        }
        try {
            return PARSERS.get(type).apply(value);
        } catch (NumberFormatException e) {
            throw new EddyConfigException(PROPERTIES, "'" + name + "'" + shownValue(name, value) + " cannot be read as "
                    + type.getSimpleName().toLowerCase(Locale.ROOT) + ", which " + setter.getDeclaringClass().getSimpleName()
                    + "." + setter.getName() + " takes",
                    type == boolean.class || type == Boolean.class ? "Use true or false"
                            : type.isArray() ? "Give a comma-separated list of numbers" : "Give a number");
        }
    }

    private static String shownValue(String name, String value) {
        return SafeText.isSecretName(name) ? "" : " value '" + value + "'";
    }

    private static String shownMessage(String name, String value, Throwable cause) {
        String message = cause.getMessage();
        if (message == null) {
            return "";
        }
        return ": " + (SafeText.isSecretName(name) ? SafeText.scrub(message, value) : message);
    }
}
