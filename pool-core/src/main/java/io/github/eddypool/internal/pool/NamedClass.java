package io.github.eddypool.internal.pool;

import io.github.eddypool.EddyConfigException;
import io.github.eddypool.SafeText;

import java.lang.reflect.InvocationTargetException;

/**
 * Classes that settings name (a JDBC driver, a vendor DataSource, a fatal-error override): loaded
 * and instantiated with an {@link EddyConfigException} that names the setting and what to change.
 */
public final class NamedClass {

    private NamedClass() {
    }

    /** Loads {@code className} from the context class loader, else from Eddy's own. */
    public static Class<?> load(String property, String className, String fix) {
        try {
            ClassLoader tccl = Thread.currentThread().getContextClassLoader();
            return Class.forName(className, true, tccl != null ? tccl : NamedClass.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            try {
                return Class.forName(className);
            } catch (ClassNotFoundException | LinkageError e2) {
                throw new EddyConfigException(property, "class " + className + " is not on the classpath", fix);
            }
        }
    }

    /**
     * Calls the public no-argument constructor of {@code type}, already checked to be an
     * {@code as}. A message of the constructor's failure is shown with {@code secret} masked.
     */
    public static <T> T instantiate(String property, Class<?> type, Class<T> as, String secret, String noConstructorFix) {
        try {
            return as.cast(type.getConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw new EddyConfigException(property, "class " + type.getName() + " has no public no-argument constructor", noConstructorFix);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            String message = cause.getMessage() == null ? "" : ": " + SafeText.scrub(cause.getMessage(), secret);
            throw new EddyConfigException(property, "class " + type.getName() + " could not be instantiated ("
                    + cause.getClass().getSimpleName() + message + ")",
                    "Make its public no-argument constructor succeed; an abstract class or an interface cannot be instantiated");
        }
    }
}
