package dev.latchkey.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

/**
 * Records the SQL of every statement prepared through a data source, so a test can count the statements a
 * storage operation sends (one UPDATE for a thousand grants, say) rather than trust its code.
 */
public final class StatementLog {

    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    /** {@code dataSource}, recording into this log. */
    public DataSource around(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (method, args, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, result, this::recordPrepared) : result);
    }

    public void clear() {
        statements.clear();
    }

    /** The SQL of every statement prepared since the last {@link #clear()}, in order. */
    public List<String> recorded() {
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }

    private Object recordPrepared(Method method, Object[] args, Object result) {
        if (method.getName().startsWith("prepare") && args != null && args.length > 0 && args[0] instanceof String sql) {
            statements.add(sql);
        }
        return result;
    }

    private interface AfterCall {

        Object apply(Method method, Object[] args, Object result);
    }

    private static <T> T proxy(Class<T> type, Object target, AfterCall after) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            }
            catch (InvocationTargetException ex) {
                throw ex.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] { type }, handler));
    }
}
