package uk.concord.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.concord.security.SmartScope.Context;
import uk.concord.security.SmartScope.Permission;

/** How the scopes of a token are read: SMART v2 and v1 forms, and what is ignored rather than widened. */
class SmartScopeTest {

	@Test
	void v2ScopesGrantExactlyTheirLetters() {
		SmartScopes scopes = SmartScopes.parse(List.of("patient/Condition.rs", "user/CarePlan.cu"));

		assertThat(scopes.allows(Context.PATIENT, "Condition", Permission.READ)).isTrue();
		assertThat(scopes.allows(Context.PATIENT, "Condition", Permission.SEARCH)).isTrue();
		assertThat(scopes.allows(Context.PATIENT, "Condition", Permission.UPDATE)).isFalse();
		assertThat(scopes.allows(Context.PATIENT, "CarePlan", Permission.READ)).isFalse();
		assertThat(scopes.allows(Context.USER, "CarePlan", Permission.CREATE)).isTrue();
		assertThat(scopes.allows(Context.USER, "CarePlan", Permission.READ)).isFalse();
		assertThat(scopes.allows(Context.SYSTEM, "Condition", Permission.READ)).isFalse();
	}

	@Test
	void v1ReadWriteAndStarAreAccepted() {
		SmartScopes scopes = SmartScopes.parse(List.of("user/*.read", "system/Patient.write", "patient/Flag.*"));

		assertThat(scopes.allows(Context.USER, "Observation", Permission.SEARCH)).isTrue();
		assertThat(scopes.allows(Context.USER, "Observation", Permission.CREATE)).isFalse();
		assertThat(scopes.allows(Context.SYSTEM, "Patient", Permission.DELETE)).isTrue();
		assertThat(scopes.allows(Context.SYSTEM, "Patient", Permission.READ)).isFalse();
		assertThat(scopes.allows(Context.PATIENT, "Flag", Permission.UPDATE)).isTrue();
	}

	@Test
	void malformedAndOutOfOrderScopesGrantNothing() {
		SmartScopes scopes = SmartScopes.parse(
				List.of("openid", "launch/patient", "user/*.sr", "system/Patient.rs?category=x", "admin/*.cruds", ""));

		assertThat(scopes.scopes()).isEmpty();
		assertThat(scopes.raw()).contains("openid");
	}

	@Test
	void aWildcardNeverReachesTheAuditTrail() {
		SmartScopes everything = SmartScopes.parse(List.of("system/*.cruds"));
		SmartScopes auditor = SmartScopes.parse(List.of("system/AuditEvent.rs"));

		assertThat(everything.allows(Context.SYSTEM, "AuditEvent", Permission.READ)).isFalse();
		assertThat(everything.allowsEverything(Context.SYSTEM)).isTrue();
		assertThat(auditor.allows(Context.SYSTEM, "AuditEvent", Permission.SEARCH)).isTrue();
		assertThat(auditor.allows(Context.SYSTEM, "Patient", Permission.READ)).isFalse();
		assertThat(auditor.allowsEverything(Context.SYSTEM)).isFalse();
	}

	@Test
	void aTokensScopeClaimGrantsTheSameAsTextOrAsAListAndIsReadOnceForAllItsRequests() {
		SmartScopes text = SmartScopes.ofClaim(" user/*.read  patient/Flag.* openid ");
		SmartScopes list = SmartScopes.ofClaim(List.of("user/*.read", "patient/Flag.*", "openid"));

		assertThat(text.scopes()).isEqualTo(list.scopes()).hasSize(2);
		assertThat(text.raw()).isEqualTo(list.raw());
		assertThat(SmartScopes.ofClaim(" user/*.read  patient/Flag.* openid ")).isSameAs(text);
		assertThat(SmartScopes.ofClaim(42).scopes()).isEmpty();
		assertThat(SmartScopes.ofClaim(null).scopes()).isEmpty();
	}

	@Test
	void aScopeShowsAsGrantedAndItsPermissionsCannotBeChangedByAnyRequestSharingIt() {
		SmartScope scope = SmartScopes.ofClaim("user/CarePlan.cu").scopes().get(0);

		assertThat(scope).hasToString("user/CarePlan.cu");
		assertThatThrownBy(() -> scope.permissions().add(Permission.DELETE)).isInstanceOf(UnsupportedOperationException.class);
		assertThat(SmartScopes.ofClaim("user/CarePlan.cu").allows(Context.USER, "CarePlan", Permission.DELETE)).isFalse();
	}
}
