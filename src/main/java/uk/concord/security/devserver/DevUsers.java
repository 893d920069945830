package uk.concord.security.devserver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import uk.concord.security.SecurityProperties;

/** The people who can sign in on the development server's login page ({@code concord.security.dev-server.users}). */
final class DevUsers implements UserDetailsService {

	private final Map<String, SecurityProperties.User> users;

	DevUsers(List<SecurityProperties.User> users) {
		this.users = users.stream().collect(Collectors.toUnmodifiableMap(SecurityProperties.User::username, Function.identity()));
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		SecurityProperties.User user = users.get(username);
		if (user == null) {
			throw new UsernameNotFoundException("No such user");
		}
		return User.withUsername(user.username()).password("{noop}" + user.password()).roles("USER").build();
	}

	Optional<SecurityProperties.User> find(String username) {
		return Optional.ofNullable(users.get(username));
	}

	List<SecurityProperties.User> all() {
		return users.values().stream().sorted((a, b) -> a.username().compareTo(b.username())).toList();
	}
}
