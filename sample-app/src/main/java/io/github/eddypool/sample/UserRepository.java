package io.github.eddypool.sample;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;

/**
 * The {@code users} table through {@link JdbcTemplate}: each call borrows a connection from the
 * Eddy pool and returns it when done, the pooled form of the tutorial's {@code get_user}.
 */
@Repository
public class UserRepository {

    private static final RowMapper<User> USER = (rs, row) -> new User(rs.getLong("id"), rs.getString("name"), rs.getString("email"));

    private final JdbcTemplate jdbc;

    public UserRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The tutorial's get_user: {@code SELECT * FROM users WHERE id = ?}. */
    public Optional<User> findById(long id) {
        return jdbc.query("SELECT id, name, email FROM users WHERE id = ?", USER, id).stream().findFirst();
    }

    public List<User> findAll(int limit) {
        return jdbc.query("SELECT id, name, email FROM users ORDER BY id LIMIT ?", USER, limit);
    }

    public User create(NewUser user) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO users (name, email) VALUES (?, ?)", new String[] {"id"});
            ps.setString(1, user.name());
            ps.setString(2, user.email());
            return ps;
        }, keys);
        long id = keys.getKeyAs(Number.class).longValue();
        return new User(id, user.name(), user.email());
    }

    public long count() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM users", Long.class);
    }
}
