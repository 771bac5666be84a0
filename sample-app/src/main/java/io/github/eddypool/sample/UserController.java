package io.github.eddypool.sample;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** {@code GET /users/{id}}, {@code GET /users}, {@code POST /users}. */
@RestController
@RequestMapping("/users")
public class UserController {

    private final UserRepository users;

    public UserController(UserRepository users) {
        this.users = users;
    }

    @GetMapping("/{id}")
    public ResponseEntity<User> get(@PathVariable long id) {
        return ResponseEntity.of(users.findById(id));
    }

    @GetMapping
    public List<User> list(@RequestParam(defaultValue = "100") int limit) {
        return users.findAll(Math.max(1, Math.min(limit, 1000)));
    }

    @PostMapping
    public ResponseEntity<?> create(@RequestBody NewUser user) {
        if (user.name() == null || user.name().isBlank() || user.email() == null || user.email().isBlank()) {
            return ResponseEntity.badRequest().body(java.util.Map.of("error", "name and email are required"));
        }
        User created = users.create(user);
        return ResponseEntity.created(URI.create("/users/" + created.id())).body(created);
    }
}
