package uk.concord.security.devserver;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The development server's login page (template {@code templates/devserver/login.html}). */
@Controller
@ConditionalOnProperty(name = "concord.security.dev-server.enabled", havingValue = "true")
class LoginPage {

	private final DevUsers users;

	LoginPage(DevUsers users) {
		this.users = users;
	}

	@GetMapping(SignIn.LOGIN)
	String login(
			@RequestParam(name = "error", required = false) String error,
			@RequestParam(name = "blocked", required = false) Integer blocked,
			Model model) {
		model.addAttribute("failed", error != null);
		model.addAttribute("blocked", blocked == null ? null : Math.max(1, Math.min(blocked, 3600)));
		model.addAttribute("users", users.all());
		return "devserver/login";
	}
}
