package io.github.eddypool.sample;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Optional;

/** A Spring Data JPA repository over {@link JpaUser}, for {@link DataJpaSliceTests} only. */
public interface JpaUserRepository extends JpaRepository<JpaUser, Long> {

    Optional<JpaUser> findByEmail(String email);
}
